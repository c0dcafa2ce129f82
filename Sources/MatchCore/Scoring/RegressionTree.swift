/// One regression tree of a boosted ensemble, stored flat.
///
/// Internal nodes are `0..<nodeCount`; a child index `c < 0` is the leaf `~c`. A row goes left at
/// node `n` when its value of ``splitFeature`` is at most ``threshold`` (or, for `NaN`, when
/// ``missingLeft``). Covers are training row counts; a node's value is the cover-weighted mean of
/// its leaves' values, the expected output of a row that reaches it (used for attributions).
public struct RegressionTree: Sendable, Codable, Equatable {
    public var splitFeature: [Int32] = []
    public var threshold: [Float] = []
    /// The same split as a bin of ``FeatureBins``: bin ≤ thresholdBin goes left.
    public var thresholdBin: [UInt8] = []
    public var missingLeft: [Bool] = []
    public var left: [Int32] = []
    public var right: [Int32] = []
    /// The split's gain (the loss reduction it was chosen for).
    public var gain: [Float] = []
    public var nodeValue: [Float] = []
    public var nodeCover: [Float] = []
    public var leafValue: [Float] = []
    public var leafCover: [Float] = []

    public var nodeCount: Int { splitFeature.count }
    public var leafCount: Int { leafValue.count }

    /// The leaf a row of raw values reaches.
    @inline(__always)
    public func leaf(_ row: UnsafePointer<Float>) -> Int {
        guard nodeCount > 0 else { return 0 }
        var node: Int32 = 0
        while node >= 0 {
            let index = Int(node)
            let value = row[Int(splitFeature[index])]
            let goLeft = value.isNaN ? missingLeft[index] : value <= threshold[index]
            node = goLeft ? left[index] : right[index]
        }
        return Int(~node)
    }

    /// The leaf a binned row reaches (bins of the ``FeatureBins`` the tree was trained on).
    @inline(__always)
    func leaf(bins row: UnsafePointer<UInt8>) -> Int {
        guard nodeCount > 0 else { return 0 }
        var node: Int32 = 0
        while node >= 0 {
            let index = Int(node)
            let bin = row[Int(splitFeature[index])]
            let goLeft = bin == 0 ? missingLeft[index] : bin <= thresholdBin[index]
            node = goLeft ? left[index] : right[index]
        }
        return Int(~node)
    }

    /// The expected value and cover of a child (node or leaf).
    func value(ofChild child: Int32) -> Float { child >= 0 ? nodeValue[Int(child)] : leafValue[Int(~child)] }
    func cover(ofChild child: Int32) -> Float { child >= 0 ? nodeCover[Int(child)] : leafCover[Int(~child)] }

    /// The tree's expected output (the root's value).
    public var expectedValue: Float { nodeCount > 0 ? nodeValue[0] : leafValue[0] }

    /// Adds to `contributions` each split feature's change of expected value along the row's path
    /// (Saabas's path attribution), and returns the tree's expected value: the two sum to the
    /// row's output exactly, up to rounding.
    func attribute(_ row: UnsafePointer<Float>, into contributions: inout [Float]) -> Float {
        guard nodeCount > 0 else { return leafValue[0] }
        var node: Int32 = 0
        while node >= 0 {
            let index = Int(node)
            let feature = Int(splitFeature[index])
            let x = row[feature]
            let goLeft = x.isNaN ? missingLeft[index] : x <= threshold[index]
            let next = goLeft ? left[index] : right[index]
            contributions[feature] += value(ofChild: next) - nodeValue[index]
            node = next
        }
        return nodeValue[0]
    }

    /// Fills ``nodeValue`` and ``nodeCover`` from the leaves (children always follow parents).
    mutating func computeNodeValues() {
        nodeValue = Array(repeating: 0, count: nodeCount)
        nodeCover = Array(repeating: 0, count: nodeCount)
        for node in stride(from: nodeCount - 1, through: 0, by: -1) {
            let leftCover = cover(ofChild: left[node]), rightCover = cover(ofChild: right[node])
            let total = leftCover + rightCover
            nodeCover[node] = total
            nodeValue[node] = total > 0
                ? (value(ofChild: left[node]) * leftCover + value(ofChild: right[node]) * rightCover) / total
                : (value(ofChild: left[node]) + value(ofChild: right[node])) / 2
        }
    }
}
