import TextKernels

/// Thai word segmentation by dictionary maximal matching, in the manner of PyThaiNLP's `newmm`:
/// the default engine of ``WordSegmenter``.
///
/// A run of Thai letters is cut only at Thai Character Cluster boundaries (``ThaiClusters``),
/// into dictionary words where it can be. Of all the ways to do so, it takes one that
///
/// 1. leaves the fewest scalars outside dictionary words, then
/// 2. has the fewest words (the longest matches: "maximal matching"), then
/// 3. has the shortest first word where two ways tie, and so on left to right (what newmm's
///    breadth-first search returns).
///
/// A stretch of clusters that no dictionary word covers (a name, a misspelling, a rare word)
/// becomes one ``WordSegmenter/Word/Kind-swift.enum/unknownThai`` word, never a string of
/// single letters. Where newmm searches a graph and cuts the search off after 50 edges, this is
/// a dynamic programme over cluster boundaries, exact and linear in the length of the text.
///
/// **Compound parts.** PyThaiNLP's list holds many compounds ("พนักงานบัญชี", "ช่างเชื่อม",
/// "ผู้จัดการฝ่ายขาย") that maximal matching keeps whole, where a seeker may have written only
/// "บัญชี". On request the segmenter also gives the parts of each dictionary word: its fewest
/// dictionary words of two clusters or more, if it has such a split with nothing unknown
/// ("พนักงานบัญชี" → พนักงาน|บัญชี, "ทำความสะอาด" → ทำความ|สะอาด; "ร้าน" has none, where
/// one-cluster entries of the list would give ร้า|น). One level: parts are not split again.
///
/// **Why this is the default rather than ICU** (``ICUSegmenter``), measured on generated
/// vacancy texts (`Benchmarks/Text`): when chosen, the speed was about a draw (12,600–13,400
/// texts a second against ICU's 11,200–16,000 on one core of a shared machine, segmenting and
/// making a `String` per word), so the rest decided; since a text's trie walks go together
/// (``WordTrie``), it is faster (36,000 against 25,000 on 2026-12-05, medians of 10 on one core).
/// It gives the same words on every platform and machine (ICU's dictionary
/// changes with the installed ICU version, which would silently change a trained model's
/// features, and macOS has no ICU for it), agrees with newmm on job-board phrases, a service can
/// add its own words (``ThaiDictionary/init(words:)``), it says which words it did not know, and
/// with compound parts it yields both the job title ("ช่างเชื่อม") and its words (ช่าง, เชื่อม),
/// where ICU gives only the latter.
public struct DictionarySegmenter: Sendable {
    /// The word list matched against.
    public let dictionary: ThaiDictionary

    public init(dictionary: ThaiDictionary) { self.dictionary = dictionary }

    /// Buffers reused from text to text: storage that only grows (see `ensureStorage`).
    /// `boundary` and `wordEnds` are over the places of a whole text (n + 1 for n
    /// scalars), `cost` and `partCost` over one run or word.
    struct Scratch {
        var boundary: [Bool] = []
        /// `boundary` as bits, 64 places a word, so that the segmentation steps from boundary to
        /// boundary rather than testing every place.
        var boundaryBits: [UInt64] = []
        /// The dictionary words that start at boundary i and end at a boundary of its run, by
        /// length (``WordTrie/markWordEnds(in:runs:boundary:into:walks:)``).
        var wordEnds: [WordTrie.WordEnds] = []
        var walks: [WordTrie.Walk] = []
        var cost: [Int64] = []
        var partCost: [Int32] = []
    }

    /// One word is 1 in the low half of a cost; one unknown scalar is 1 in the high half.
    private static let word: Int64 = 1
    private static let unknownScalar: Int64 = 1 << 32

    /// Appends the word ends of `run`, a run of Thai word scalars without ๆ, to `ends`; with
    /// `parts`, each known word is followed by its compound parts (`isPart`), if it has any.
    func breakRun(
        _ run: UnsafeBufferPointer<Unicode.Scalar>, parts: Bool = false,
        into ends: inout [ThaiBreak], scratch: inout Scratch
    ) {
        guard !run.isEmpty else { return }
        prepare(run, runs: [0..<run.count], scratch: &scratch)
        breakRun(0..<run.count, parts: parts, into: &ends, scratch: &scratch)
    }

    /// Finds the clusters and the dictionary words of every run of `runs` (ranges of `text`,
    /// each a run of Thai word scalars without ๆ, ascending, and not touching), all at once:
    /// the trie walks of all runs overlap (``WordTrie/markWordEnds(in:runs:boundary:into:walks:)``).
    /// Then ``breakRun(_:parts:into:scratch:)-(Range<Int>,_,_,_)`` segments each run.
    ///
    /// - Complexity: O(n · w): from each cluster start the trie is walked at most the length of
    ///   the longest dictionary word.
    func prepare(_ text: UnsafeBufferPointer<Unicode.Scalar>, runs: [Range<Int>], scratch: inout Scratch) {
        let count = text.count
        scratch.boundary.ensureStorage(count + 1, filler: false)
        scratch.wordEnds.ensureStorage(count + 1, filler: 0)
        scratch.boundary.withUnsafeMutableBufferPointer { boundary in
            var previousEnd = -1
            for run in runs {
                precondition(run.lowerBound > previousEnd && run.upperBound <= count && !run.isEmpty,
                             "runs are ascending, apart and within the text")
                previousEnd = run.upperBound
                ThaiClusters.markBoundaries(
                    of: UnsafeBufferPointer(rebasing: text[run]),
                    into: UnsafeMutableBufferPointer(rebasing: boundary[run.lowerBound...run.upperBound]))
            }
            scratch.wordEnds.withUnsafeMutableBufferPointer { wordEnds in
                runs.withUnsafeBufferPointer { runs in
                    dictionary.trie.markWordEnds(
                        in: text, runs: runs, boundary: UnsafeBufferPointer(rebasing: boundary[...count]),
                        into: wordEnds, walks: &scratch.walks)
                }
            }
            // Only the places of runs are ever read (the others hold what the last text left).
            scratch.boundaryBits.ensureStorage(count / 64 + 1, filler: 0)
            scratch.boundaryBits.withUnsafeMutableBufferPointer { bits in
                UnsafeRawPointer(boundary.baseAddress!).withMemoryRebound(to: UInt8.self, capacity: count + 1) { flags in
                    jm_pack_flags(flags, count + 1, bits.baseAddress!)
                }
            }
        }
    }

    /// Appends the word ends of `run`, one of the runs of the last
    /// ``prepare(_:runs:scratch:)``, to `ends`, as offsets from the run's start; with `parts`,
    /// each known word is followed by its compound parts (`isPart`), if it has any.
    func breakRun(_ run: Range<Int>, parts: Bool = false, into ends: inout [ThaiBreak], scratch: inout Scratch) {
        let count = run.count, offset = run.lowerBound
        guard count > 0 else { return }
        scratch.cost.ensureStorage(2 * (count + 1), filler: 0)
        scratch.boundaryBits.withUnsafeBufferPointer { bits in
            let boundaries = BoundaryBits(bits.baseAddress!)
            scratch.wordEnds.withUnsafeBufferPointer { wordEnds in
                scratch.cost.withUnsafeMutableBufferPointer { cost in
                    // Backward: cost[2i + u] is the least cost of segmenting the run from i
                    // (an offset in the run), where u = 1 when the step into i was an unknown
                    // cluster (another unknown cluster joins that word). Only boundaries are
                    // written and read.
                    cost[2 * count] = 0
                    cost[2 * count + 1] = 0
                    var next = count  // the next boundary after i
                    while next > 0 {
                        let i = boundaries.previous(before: offset + next) - offset  // ≥ 0: the run starts at one
                        var best = Int64.max
                        for end in WordEndOffsets(wordEnds[offset + i], from: i) { best = min(best, Self.word + cost[2 * end]) }
                        let unknown = Int64(next - i) * Self.unknownScalar + cost[2 * next + 1]
                        cost[2 * i] = min(best, unknown + Self.word)
                        cost[2 * i + 1] = min(best, unknown)
                        next = i
                    }
                }
            }
        }

        // Forward along a least-cost path, the shortest word first on ties.
        var i = 0
        var afterUnknown = false
        while i < count {
            let target = scratch.cost[2 * i + (afterUnknown ? 1 : 0)]
            var chosen = -1
            for end in WordEndOffsets(scratch.wordEnds[offset + i], from: i) where Self.word + scratch.cost[2 * end] == target {
                chosen = end
                break
            }
            if chosen >= 0 {
                ends.append(ThaiBreak(end: chosen, known: true))
                if parts { appendParts(from: offset + i, to: offset + chosen, runStart: offset, into: &ends, scratch: &scratch) }
                i = chosen
                afterUnknown = false
            } else {
                let next = scratch.boundaryBits.withUnsafeBufferPointer { BoundaryBits($0.baseAddress!).next(after: offset + i) } - offset
                if afterUnknown {
                    ends[ends.count - 1].end = next
                } else {
                    ends.append(ThaiBreak(end: next, known: false))
                }
                i = next
                afterUnknown = true
            }
        }
    }

    /// Appends the parts of the dictionary word text[start..<end] (of the run that starts at
    /// `runStart`): the fewest words of two clusters or more that make it up, other than
    /// itself, the shortest first on ties; nothing if there are none.
    private func appendParts(
        from start: Int, to end: Int, runStart: Int, into ends: inout [ThaiBreak], scratch: inout Scratch
    ) {
        scratch.boundaryBits.withUnsafeBufferPointer { bits in
            let boundaries = BoundaryBits(bits.baseAddress!)
            // Two parts of two clusters: at least four clusters.
            guard boundaries.count(after: start, through: end) >= 4 else { return }
            /// The parts that start at boundary i: words within the word, other than the word
            /// itself, and not of one cluster (the word that ends at the next boundary).
            func partEnds(_ i: Int) -> WordTrie.WordEnds {
                var words = scratch.wordEnds[i]
                if end - i < WordTrie.maximumWordLength { words &= (1 << (end - i)) &- 1 }  // ends ≤ end
                if i == start { words &= ~(1 << (end - start - 1)) }
                return words & ~(1 << (boundaries.next(after: i) - i - 1))
            }
            // A first part, or no parts at all.
            guard partEnds(start) != 0 else { return }
            // partCost[i − start]: the fewest parts covering text[i..<end]; only boundaries are used.
            let unreachable = Int32.max / 2
            scratch.partCost.ensureStorage(end - start + 1, filler: unreachable)
            scratch.partCost[end - start] = 0
            var place = end
            while place > start {
                place = boundaries.previous(before: place)  // ≥ start: a word starts at a boundary
                var best = unreachable
                for stop in WordEndOffsets(partEnds(place), from: place) { best = min(best, 1 + scratch.partCost[stop - start]) }
                scratch.partCost[place - start] = best
            }
            guard scratch.partCost[0] < unreachable else { return }
            var i = start
            while i < end {
                var chosen = -1
                for stop in WordEndOffsets(partEnds(i), from: i) where 1 + scratch.partCost[stop - start] == scratch.partCost[i - start] {
                    chosen = stop
                    break
                }
                precondition(chosen > i, "a reachable part cost has a part that achieves it")
                ends.append(ThaiBreak(end: chosen - runStart, known: true, isPart: true))
                i = chosen
            }
        }
    }

    /// The words of one run of Thai letters (normalised), for tests and diagnostics: each with
    /// whether the dictionary knew it, parts (with `parts`) marked.
    func words(inThaiRun text: String, parts: Bool = false) -> [(text: String, known: Bool, isPart: Bool)] {
        let scalars = Array(text.unicodeScalars)
        var ends: [ThaiBreak] = []
        var scratch = Scratch()
        scalars.withUnsafeBufferPointer { breakRun($0, parts: parts, into: &ends, scratch: &scratch) }
        var result: [(text: String, known: Bool, isPart: Bool)] = []
        var wordEnd = 0, partStart = 0
        for end in ends {
            if end.isPart {
                result.append((String.fromScalars(Array(scalars[partStart..<end.end])), end.known, true))
                partStart = end.end
            } else {
                partStart = wordEnd
                result.append((String.fromScalars(Array(scalars[wordEnd..<end.end])), end.known, false))
                wordEnd = end.end
            }
        }
        return result
    }
}

/// The cluster boundaries of a text as bits (``DictionarySegmenter/Scratch/boundaryBits``):
/// place i is bit i % 64 of word i / 64.
struct BoundaryBits {
    let words: UnsafePointer<UInt64>

    init(_ words: UnsafePointer<UInt64>) { self.words = words }

    /// The first boundary after `place`; there must be one in its word of 64 bits or a later one.
    @inline(__always)
    func next(after place: Int) -> Int {
        var index = (place + 1) >> 6
        var bits = words[index] & (~0 << UInt64((place + 1) & 63))
        while bits == 0 {
            index += 1
            bits = words[index]
        }
        return index << 6 | bits.trailingZeroBitCount
    }

    /// The last boundary before `place`; there must be one.
    @inline(__always)
    func previous(before place: Int) -> Int {
        var index = (place - 1) >> 6
        var bits = words[index] & (~0 >> UInt64(63 - (place - 1) & 63))
        while bits == 0 {
            index -= 1
            bits = words[index]
        }
        return index << 6 | (63 - bits.leadingZeroBitCount)
    }

    /// The number of boundaries in `start + 1 ... end`.
    @inline(__always)
    func count(after start: Int, through end: Int) -> Int {
        var total = 0
        var place = start + 1
        while place <= end {
            let index = place >> 6, last = min(end, index << 6 | 63)
            let width = last - place + 1  // 1 to 64
            let mask: UInt64 = width == 64 ? ~0 : ((1 << UInt64(width)) - 1) << UInt64(place & 63)
            total += (words[index] & mask).nonzeroBitCount
            place = last + 1
        }
        return total
    }
}

/// The ends `start + b + 1` of the words of a ``WordTrie/WordEnds`` mask that start at `start`
/// (bit b), shortest first.
private struct WordEndOffsets: Sequence, IteratorProtocol {
    private var words: WordTrie.WordEnds
    private let start: Int

    @inline(__always)
    init(_ words: WordTrie.WordEnds, from start: Int) {
        self.words = words
        self.start = start
    }

    @inline(__always)
    mutating func next() -> Int? {
        guard words != 0 else { return nil }
        defer { words &= words &- 1 }
        return start + 1 + words.trailingZeroBitCount
    }
}
