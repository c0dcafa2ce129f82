/// A ``BoostedTrees`` ensemble laid out for scoring many rows: every tree's nodes in one
/// contiguous array of 16-byte nodes, walked through raw pointers. It gives exactly the scores of
/// ``BoostedTrees/score(_:)`` (the same comparisons and the same order of additions) several
/// times faster, since a walk touches one cache line a node and checks no bounds.
///
/// Build it once per model (``init(_:)`` validates nothing: the trees are a loaded, validated
/// model's).
public struct CompiledForest: Sendable {
    struct Node {
        /// The split feature, or -1 for a leaf.
        var feature: Int32
        /// The threshold, or for a leaf its value.
        var threshold: Float
        var left: Int32
        /// Bit 31: NaN goes left. Bits 0–30: the right child's index.
        var rightAndMissing: UInt32
    }

    private let nodes: [Node]
    /// Per node, its expected value (a leaf's value; an internal node's cover-weighted mean of its
    /// leaves), for path attribution.
    private let expected: [Float]
    /// The index of each tree's root in `nodes`.
    private let roots: [Int32]
    public let featureCount: Int

    public init(_ model: BoostedTrees) {
        var nodes: [Node] = [], roots: [Int32] = [], expected: [Float] = []
        for tree in model.trees {
            let base = Int32(nodes.count)
            roots.append(base)
            if tree.nodeCount == 0 {
                nodes.append(Node(feature: -1, threshold: tree.leafValue[0], left: 0, rightAndMissing: 0))
                expected.append(tree.leafValue[0])
                continue
            }
            expected += tree.nodeValue
            expected += tree.leafValue
            // Internal nodes first, at base + n; leaves after, at base + nodeCount + leaf.
            let leafBase = base + Int32(tree.nodeCount)
            func address(_ child: Int32) -> Int32 { child >= 0 ? base + child : leafBase + ~child }
            for node in 0..<tree.nodeCount {
                let right = UInt32(address(tree.right[node])) | (tree.missingLeft[node] ? 1 << 31 : 0)
                nodes.append(Node(feature: tree.splitFeature[node], threshold: tree.threshold[node],
                                  left: address(tree.left[node]), rightAndMissing: right))
            }
            for value in tree.leafValue { nodes.append(Node(feature: -1, threshold: value, left: 0, rightAndMissing: 0)) }
        }
        self.nodes = nodes
        self.expected = expected
        self.roots = roots
        featureCount = model.schema.count
    }

    /// The score of one row of `featureCount` values; equal to ``BoostedTrees/score(_:)``.
    @inline(__always)
    public func score(_ row: UnsafePointer<Float>) -> Float {
        nodes.withUnsafeBufferPointer { nodes in
            roots.withUnsafeBufferPointer { roots in
                let base = nodes.baseAddress!
                var sum: Float = 0
                for root in roots {
                    var node = base + Int(root)
                    while node.pointee.feature >= 0 {
                        let value = row[Int(node.pointee.feature)]
                        let right = node.pointee.rightAndMissing
                        let goLeft = value.isNaN ? right & (1 << 31) != 0 : value <= node.pointee.threshold
                        node = base + Int(goLeft ? UInt32(bitPattern: node.pointee.left) : right & 0x7FFF_FFFF)
                    }
                    sum += node.pointee.threshold
                }
                return sum
            }
        }
    }

    /// Path attribution (Saabas), as ``BoostedTrees/contributions(_:)`` computes it (the same
    /// additions in the same order, so the same values): each split moves the expected value
    /// from the node to the child the row takes, and that change goes to the split's feature.
    public func contributions(_ row: UnsafePointer<Float>) -> ScoreContributions {
        var values = [Float](repeating: 0, count: featureCount)
        var bias: Float = 0
        nodes.withUnsafeBufferPointer { nodes in
            expected.withUnsafeBufferPointer { expected in
                for root in roots {
                    var index = Int(root)
                    bias += expected[index]
                    while nodes[index].feature >= 0 {
                        let node = nodes[index]
                        let value = row[Int(node.feature)]
                        let goLeft = value.isNaN ? node.rightAndMissing & (1 << 31) != 0 : value <= node.threshold
                        let next = Int(goLeft ? UInt32(bitPattern: node.left) : node.rightAndMissing & 0x7FFF_FFFF)
                        values[Int(node.feature)] += expected[next] - expected[index]
                        index = next
                    }
                }
            }
        }
        return ScoreContributions(bias: bias, values: values)
    }
}
