#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

import TextKernels

/// A read-only prefix tree over words written in the Thai block (U+0E00–U+0E7F), laid out in
/// flat storage: the dictionary of ``DictionarySegmenter``.
///
/// **Layout.** Each node with children has a block of bytes: the number of children, their
/// labels (the scalar minus U+0E00, sorted), then, 4-byte aligned, a ``Link`` to each child
/// (whether a word ends there, and where its block is). A step down reads one block: its
/// labels are compared 16 at a time (``jm_find_label``) and the child's link sits beside them,
/// so the next block's address is known from the one cache line or two just read, and can be
/// prefetched. Blocks are in depth-first order, so the blocks below a node are together and a
/// walk deep into a word reads neighbouring lines. The first two levels are also indexed
/// directly (a table of 128 links and one of 128 × 128), since the nodes near the root have
/// dozens of children. The 62,000-word standard dictionary takes about 1.4 MB.
///
/// **Many walks at once.** The segmenter asks for the words at every cluster boundary of a
/// text (``markWordEnds(in:runs:boundary:into:walks:)``): some 200 starts and 560 steps below
/// the tables for a 60-word vacancy text. Walked one after the other, each step waited on
/// memory (a rare word's blocks are not cached) and on branches no predictor can guess (is
/// there a child, does a word end, does the walk go on). So the walks go together, one step of
/// each in turn with the next block prefetched, and a step has no branch on what the trie holds:
/// a missing child reads link 0, and a finished walk is overwritten by the next one still
/// going. Overlapping the walks alone gained 1 % (the waits turned into mispredicted branches);
/// without the branches, TF-IDF encoding got 7.5 % faster, and about 10 % more once the first
/// two levels lost theirs too (measured together with another change; Benchmarks/README.md).
struct WordTrie: Sendable {
    /// A link to a node: 0 for none; otherwise bit 0 is set when a word ends at the node, and
    /// the other bits hold 1 + the offset of the node's block, or 0 for a node without
    /// children.
    typealias Link = UInt32

    /// The longest word a trie holds, in scalars: the width of ``WordEnds``.
    static let maximumWordLength = 128

    /// The words that start at one place of a text, by length: bit b is set when the b + 1
    /// scalars from there are a word.
    typealias WordEnds = UInt128

    private let storage: Storage
    /// Number of distinct words.
    let count: Int
    /// The length in scalars of the longest word.
    let longestWord: Int

    /// A node while the trie is built.
    struct Node {
        var firstChild: Int32 = 0
        var childCount: UInt8 = 0
        var terminal = false
        var label: UInt8 = 0
    }

    /// The blocks, written once by `init` and only read after, so sharing them is safe.
    private final class Storage: @unchecked Sendable {
        /// The nodes' blocks, the root's at offset 0; 16 zero bytes follow the last, for
        /// ``jm_find_label``.
        let blocks: UnsafeMutableRawBufferPointer
        /// The link to the node one label below the root, at the label.
        let oneLevel: UnsafeMutableBufferPointer<Link>
        /// The link to the node two labels below the root, at 128 · first + second.
        let twoLevels: UnsafeMutableBufferPointer<Link>

        /// The blocks of `nodes`, numbered breadth first (node 0 the root).
        init(nodes: [Node]) {
            // Offsets in depth-first order, the root first: the blocks below any node are
            // together, so a walk deep into a word reads a few neighbouring cache lines (in
            // breadth-first order each level's block was a miss of its own).
            var offsets = [Int](repeating: -1, count: nodes.count)
            var size = 0
            var stack = [0]
            while let index = stack.popLast() {
                let node = nodes[index]
                guard index == 0 || node.childCount > 0 else { continue }
                offsets[index] = size
                size += Self.linksOffset(count: Int(node.childCount)) + 4 * Int(node.childCount)
                let first = Int(node.firstChild)
                stack.append(contentsOf: (first..<first + Int(node.childCount)).reversed())
            }
            precondition(size < Int(Int32.max) / 2, "a word trie of \(size) bytes is too large")
            blocks = .allocate(byteCount: size + 16, alignment: 64)
            blocks.initializeMemory(as: UInt8.self, repeating: 0)
            func link(_ index: Int) -> Link {
                let block = offsets[index] >= 0 ? Link(offsets[index] + 1) : 0
                return block << 1 | (nodes[index].terminal ? 1 : 0)
            }
            for (index, node) in nodes.enumerated() where offsets[index] >= 0 {
                let offset = offsets[index], children = Int(node.childCount)
                blocks[offset] = node.childCount
                let links = offset + Self.linksOffset(count: children)
                for (position, child) in (Int(node.firstChild)..<Int(node.firstChild) + children).enumerated() {
                    blocks[offset + 1 + position] = nodes[child].label
                    blocks.storeBytes(of: link(child), toByteOffset: links + 4 * position, as: Link.self)
                }
            }
            oneLevel = .allocate(capacity: 128)
            oneLevel.initialize(repeating: 0)
            twoLevels = .allocate(capacity: 128 * 128)
            twoLevels.initialize(repeating: 0)
            let first = Int(nodes[0].firstChild)
            for child in first..<first + Int(nodes[0].childCount) {
                oneLevel[Int(nodes[child].label)] = link(child)
                let grandchildren = Int(nodes[child].firstChild)
                for grandchild in grandchildren..<grandchildren + Int(nodes[child].childCount) {
                    twoLevels[128 * Int(nodes[child].label) + Int(nodes[grandchild].label)] = link(grandchild)
                }
            }
        }

        /// Where the links of a block with `count` children start, from the block's start.
        @inline(__always)
        static func linksOffset(count: Int) -> Int { (1 + count + 3) & ~3 }

        deinit {
            blocks.deallocate()
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
            precondition(word.count <= Self.maximumWordLength,
                         "WordTrie holds words of at most \(Self.maximumWordLength) scalars")
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

    /// True when `link` is to a node where a word ends.
    @inline(__always)
    private static func isTerminal(_ link: Link) -> Bool { link & 1 != 0 }

    /// The offset of the block of `link`'s node, or -1 when it has no children.
    @inline(__always)
    private static func block(_ link: Link) -> Int { Int(link >> 1) - 1 }

    /// The link to the child labelled `label` of the node whose block is at `block`, or 0;
    /// without a branch on whether there is one (see the type's notes).
    @inline(__always)
    private func link(inBlock block: Int, label: UInt8) -> Link {
        let blocks = storage.blocks.baseAddress!
        let count = Int(blocks.load(fromByteOffset: block, as: UInt8.self))
        let index = jm_find_label(blocks.assumingMemoryBound(to: UInt8.self) + block + 1, count, label)
        let found = index < count
        // A missing child reads the first link (or the padding after an empty block), masked.
        let link = blocks.load(fromByteOffset: block + Storage.linksOffset(count: count) + 4 * (found ? index : 0), as: Link.self)
        return link & (found ? ~0 : 0)
    }

    /// The link to the child labelled `value` (a scalar value) of the node whose block is at
    /// `block`, or 0.
    @inline(__always)
    private func child(ofBlock block: Int, _ value: UInt32) -> Link {
        let label = value &- 0x0E00
        guard label < 128 else { return 0 }
        return link(inBlock: block, label: UInt8(truncatingIfNeeded: label))
    }

    /// True when `word` is in the trie.
    func contains(_ word: some Sequence<Unicode.Scalar>) -> Bool {
        var link: Link = 0
        var block = 0
        for scalar in word {
            guard block >= 0 else { return false }
            link = child(ofBlock: block, scalar.value)
            guard link != 0 else { return false }
            block = Self.block(link)
        }
        return Self.isTerminal(link)
    }

    /// A walk down the trie from one start in a text: at the node whose block is at `block`,
    /// after the scalars `start..<position`; words may end no later than `limit`.
    struct Walk {
        var block: Int32
        var position: Int32
        var start: Int32
        var limit: Int32
    }

    /// Finds the words of every run of `runs` (ranges of `text`, ascending and apart) that
    /// start and end at boundaries: sets `ends[start]`, for each `start` in a run where
    /// `boundary[start]` is true, to the words `text[start..<start + b + 1]` within the run
    /// (bit b), and leaves the other elements alone.
    ///
    /// The same words as ``forEachWordEnd(in:from:limit:_:)`` from each start, but all the
    /// walks go down the trie together, one step of each in turn, each prefetching the block of
    /// its next step, without branches on what the trie holds (see the type's notes).
    ///
    /// - Parameters:
    ///   - boundary: a flag for each place in `text`, `text.count + 1` of them.
    ///   - ends: at least `text.count` elements.
    ///   - walks: storage reused from call to call.
    func markWordEnds(
        in text: UnsafeBufferPointer<Unicode.Scalar>, runs: UnsafeBufferPointer<Range<Int>>,
        boundary: UnsafeBufferPointer<Bool>, into ends: UnsafeMutableBufferPointer<WordEnds>, walks: inout [Walk]
    ) {
        precondition(boundary.count == text.count + 1 && ends.count >= text.count)
        guard !text.isEmpty else { return }
        let textCount = text.count
        let text = text.baseAddress!, boundary = boundary.baseAddress!, ends = ends.baseAddress!
        // A deeper step sets one bit of a start's ends: in the 64-bit half it falls in, not
        // through a shift of all 128 bits.
        let endHalves = UnsafeMutableRawPointer(ends)
        #if _endian(little)
        let highHalf = 8
        #else
        let highHalf = 0
        #endif
        let blocks = storage.blocks.baseAddress!
        // The first two scalars through the tables; the walks that go deeper wait in `walks`.
        // Branch-free too: a scalar past the run reads label 0, which no word holds.
        walks.ensureStorage(textCount, filler: Walk(block: 0, position: 0, start: 0, limit: 0))
        var active = 0
        walks.withUnsafeMutableBufferPointer { walks in
            for run in runs {
                precondition(run.lowerBound >= 0 && run.upperBound <= textCount, "a run within the text")
                let limit = run.upperBound
                for start in run where boundary[start] {
                    let a = Int(text[start].value &- 0x0E00) & 0x7F  // a run is Thai
                    let hasSecond = start + 1 < limit
                    let b = hasSecond ? Int(text[start + 1].value &- 0x0E00) & 0x7F : 0
                    let first = storage.oneLevel[a], second = storage.twoLevels[a << 7 | b]
                    let one = first & (boundary[start + 1] ? 1 : 0)
                    let two = second & (boundary[hasSecond ? start + 2 : limit] ? 1 : 0)
                    ends[start] = WordEnds(one | two << 1)
                    let block = Self.block(second)
                    jm_prefetch(blocks + max(block, 0))
                    walks[active] = Walk(block: Int32(truncatingIfNeeded: block), position: Int32(truncatingIfNeeded: start + 2),
                                         start: Int32(truncatingIfNeeded: start), limit: Int32(truncatingIfNeeded: limit))
                    active += (block >= 0 ? 1 : 0) & (start + 2 < limit ? 1 : 0)
                }
            }
        }
        walks.withUnsafeMutableBufferPointer { walks in
            while active > 0 {
                // Without branches on what the trie holds: a walk that ends is not copied on
                // (the next survivor overwrites it), and a missing child is link 0.
                var survivors = 0
                for k in 0..<active {
                    var walk = walks[k]
                    let position = Int(walk.position)
                    let label = UInt8(truncatingIfNeeded: text[position].value &- 0x0E00) & 0x7F  // a run is Thai
                    let child = link(inBlock: Int(walk.block), label: label)
                    let next = position + 1, start = Int(walk.start)
                    let isWord = child & (boundary[next] ? 1 : 0)
                    let bit = next - start - 1
                    let half = MemoryLayout<WordEnds>.stride * start + (bit >= 64 ? highHalf : 8 - highHalf)
                    let bits = endHalves.load(fromByteOffset: half, as: UInt64.self)
                    endHalves.storeBytes(of: bits | UInt64(isWord) << UInt64(bit & 63), toByteOffset: half, as: UInt64.self)
                    let nextBlock = Self.block(child)
                    jm_prefetch(blocks + max(nextBlock, 0))
                    walk.block = Int32(truncatingIfNeeded: nextBlock)
                    walk.position = Int32(truncatingIfNeeded: next)
                    walks[survivors] = walk
                    survivors += (nextBlock >= 0 ? 1 : 0) & (next < Int(walk.limit) ? 1 : 0)
                }
                active = survivors
            }
        }
    }

    /// Calls `body` with the end of every word that starts at `start` in `text`, shortest
    /// first: `text[start..<end]` is a word for each `end` reported. No end is beyond `limit`.
    ///
    /// - Complexity: O(length of the longest match).
    func forEachWordEnd(
        in text: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, limit: Int, _ body: (Int) -> Void
    ) {
        guard start < limit else { return }
        var block = 0
        var position = start
        while position < limit && block >= 0 {
            let link = child(ofBlock: block, text[position].value)
            guard link != 0 else { return }
            position += 1
            if Self.isTerminal(link) { body(position) }
            block = Self.block(link)
        }
    }
}
