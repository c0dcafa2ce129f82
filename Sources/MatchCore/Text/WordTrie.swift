#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A read-only prefix tree over words written in the Thai block (U+0E00–U+0E7F), laid out in
/// flat storage: the dictionary of ``DictionarySegmenter``.
///
/// Each node (8 bytes) stores its label (the scalar minus U+0E00), whether a word ends there and
/// the contiguous range of its children, which are sorted by label: scanning a node's children
/// also reads where their own children are, so a step down costs one cache line or two. The
/// first two levels are also indexed directly (a table of 128 and one of 128 × 128), since
/// nodes near the root have dozens of children. The 62,000-word standard dictionary takes about 2 MB.
struct WordTrie: Sendable {
    private let storage: Storage
    /// Number of distinct words.
    let count: Int
    /// The length in scalars of the longest word.
    let longestWord: Int

    struct Node {
        var firstChild: Int32 = 0
        var childCount: UInt8 = 0
        var terminal = false
        var label: UInt8 = 0
    }

    /// The nodes, written once by `init` and only read after, so sharing them is safe.
    private final class Storage: @unchecked Sendable {
        let nodes: UnsafeMutableBufferPointer<Node>
        /// The node one label below the root, at the label, or 0 (none: the root is nobody's
        /// child).
        let oneLevel: UnsafeMutableBufferPointer<Int32>
        /// The node two labels below the root, at 128 · first + second, or 0.
        let twoLevels: UnsafeMutableBufferPointer<Int32>

        init(nodes: [Node]) {
            self.nodes = .allocate(capacity: nodes.count)
            _ = self.nodes.initialize(from: nodes)
            oneLevel = .allocate(capacity: 128)
            oneLevel.initialize(repeating: 0)
            twoLevels = .allocate(capacity: 128 * 128)
            twoLevels.initialize(repeating: 0)
            let first = Int(nodes[0].firstChild)
            for child in first..<first + Int(nodes[0].childCount) {
                oneLevel[Int(nodes[child].label)] = Int32(child)
                let grandchildren = Int(nodes[child].firstChild)
                for grandchild in grandchildren..<grandchildren + Int(nodes[child].childCount) {
                    twoLevels[128 * Int(nodes[child].label) + Int(nodes[grandchild].label)] = Int32(grandchild)
                }
            }
        }

        deinit {
            nodes.deallocate()
            oneLevel.deallocate()
            twoLevels.deallocate()
        }
    }

    /// A trie of `words`, each a sequence of Thai-block scalars (others are a precondition
    /// failure: filter first). Duplicates and empty words are ignored.
    init(words: [[Unicode.Scalar]]) {
        // All words go into one byte buffer (label = scalar − U+0E00); the sort compares bytes.
        var bytes: [UInt8] = []
        var spans: [(start: Int, length: Int)] = []
        spans.reserveCapacity(words.count)
        for word in words where !word.isEmpty {
            let start = bytes.count
            for scalar in word {
                let label = scalar.value &- 0x0E00
                precondition(label < 128, "WordTrie holds Thai-block words only")
                bytes.append(UInt8(label))
            }
            spans.append((start, word.count))
        }
        var nodes = [Node()]
        var count = 0, longestWord = 0
        bytes.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            spans.sort { a, b in
                let common = min(a.length, b.length)
                let order = common == 0 ? 0 : memcmp(base + a.start, base + b.start, common)
                return order != 0 ? order < 0 : a.length < b.length
            }
            // Breadth-first, so that every node's children are contiguous. Each pending node
            // covers a range of the sorted spans sharing its prefix of `depth` bytes.
            var pending: [(node: Int, lower: Int, upper: Int, depth: Int)] = [(0, 0, spans.count, 0)]
            var head = 0
            while head < pending.count {
                let (node, lower, upper, depth) = pending[head]
                head += 1
                var index = lower
                // Words equal to the prefix sort first; duplicates too.
                while index < upper && spans[index].length == depth {
                    if !nodes[node].terminal { count += 1 }
                    nodes[node].terminal = true
                    longestWord = max(longestWord, depth)
                    index += 1
                }
                nodes[node].firstChild = Int32(nodes.count)
                var children = 0
                while index < upper {
                    let label = base[spans[index].start + depth]
                    var end = index + 1
                    while end < upper && base[spans[end].start + depth] == label { end += 1 }
                    nodes.append(Node(label: label))
                    pending.append((nodes.count - 1, index, end, depth + 1))
                    children += 1
                    index = end
                }
                nodes[node].childCount = UInt8(children)
            }
        }
        storage = Storage(nodes: nodes)
        self.count = count
        self.longestWord = longestWord
    }

    /// The child of `node` labelled `value` (a scalar value), or nil.
    @inline(__always)
    private func child(of node: Int, _ value: UInt32) -> Int? {
        let label = value &- 0x0E00
        guard label < 128 else { return nil }
        let nodes = storage.nodes.baseAddress!
        var low = Int(nodes[node].firstChild)
        var high = low + Int(nodes[node].childCount)
        let byte = UInt8(truncatingIfNeeded: label)
        while high - low > 4 {  // children are sorted: halve long lists
            let middle = (low + high) / 2
            if nodes[middle].label <= byte { low = middle } else { high = middle }
        }
        for child in low..<high {
            let other = nodes[child].label
            if other == byte { return child }
            if other > byte { return nil }
        }
        return nil
    }

    /// The node reached from the root by the two labels of `first` and `second`, or nil.
    @inline(__always)
    private func grandchild(_ first: UInt32, _ second: UInt32) -> Int? {
        let a = first &- 0x0E00, b = second &- 0x0E00
        guard a < 128, b < 128 else { return nil }
        let node = storage.twoLevels[Int(a << 7 | b)]
        return node == 0 ? nil : Int(node)
    }

    /// True when `word` is in the trie.
    func contains(_ word: some Sequence<Unicode.Scalar>) -> Bool {
        var node = 0
        for scalar in word {
            guard let next = child(of: node, scalar.value) else { return false }
            node = next
        }
        return node != 0 && storage.nodes[node].terminal
    }

    /// Calls `body` with the end of every word that starts at `start` in `text`, shortest
    /// first: `text[start..<end]` is a word for each `end` reported. No end is beyond `limit`.
    ///
    /// - Complexity: O(length of the longest match).
    @inline(__always)
    func forEachWordEnd(
        in text: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, limit: Int, _ body: (Int) -> Void
    ) {
        let nodes = storage.nodes.baseAddress!
        guard start < limit else { return }
        // One-scalar words, then straight to the second level.
        let label = text[start].value &- 0x0E00
        guard label < 128 else { return }
        let first = Int(storage.oneLevel[Int(label)])
        guard first != 0 else { return }
        if nodes[first].terminal { body(start + 1) }
        guard start + 1 < limit, var node = grandchild(text[start].value, text[start + 1].value) else { return }
        var position = start + 2
        if nodes[node].terminal { body(position) }
        while position < limit, let next = child(of: node, text[position].value) {
            node = next
            position += 1
            if nodes[node].terminal { body(position) }
        }
    }
}
