import Synchronization

/// Turns a free text (a vacancy, a seeker's profile) into the terms a feature space counts:
/// normalised words, without stop words, plus character n-grams so that misspellings and
/// inflections still share features.
///
/// ```swift
/// let tokenizer = try Tokenizer()
/// tokenizer.terms(in: "ช่างเชื่อม TIG")
/// // ["ช่างเชื่อม", "#<ช่", "#ช่า", …, "#อม>", "ช่าง", "เชื่อม", "tig", "#<ti", "#tig", "#ig>"]
/// tokenizer.termHashes(in: "ช่างเชื่อม TIG")   // the same terms as TermHash values
/// ```
///
/// The steps, for each text:
///
/// 1. ``TextNormalizer``: NFC, lower case, Thai digits to ASCII, punctuation to spaces.
/// 2. ``WordSegmenter``: words at spaces and script changes, Thai runs by the configured
///    engine (dictionary maximal matching by default).
/// 3. For each word, in text order:
///    - the word itself, unless it is a stop word (``StopWords/standard()``);
///    - unless it is a stop word or a number, its character n-grams: every run of
///      ``Configuration-swift.struct/characterNGrams`` scalars of the word wrapped in `<` and
///      `>`, each written with a leading `#` so that no n-gram equals a word ("sales" gives
///      "#<sa", "#sal", "#ale", "#les", "#es>"; a word shorter than n − 2 gives its whole
///      wrapped form);
///    - for a Thai dictionary word that is a compound of other dictionary words
///      ("พนักงานบัญชี", "ช่างเชื่อม"), its parts ("พนักงาน", "บัญชี"), each unless a stop
///      word, without n-grams (``Configuration-swift.struct/compoundParts``, dictionary engine
///      only; see ``DictionarySegmenter``).
///
/// Output is deterministic (the same list for the same text, configuration and word lists, on
/// every platform) and keeps repeats, so counts are term frequencies. N-grams are over Unicode
/// scalars, so a Thai n-gram can begin with a vowel or tone mark.
public struct Tokenizer: Sendable {
    /// What the tokenizer emits.
    public struct Configuration: Sendable, Hashable, Codable {
        /// The Thai segmentation engine.
        public var engine: WordSegmenter.Engine
        /// Emit whole words (and compound parts).
        public var words: Bool
        /// Emit the parts of Thai compound words as well as the compound (with `words`).
        public var compoundParts: Bool
        /// The length n of character n-grams; 0 for none.
        public var characterNGrams: Int
        /// Leave out stop words (as words and as n-grams).
        public var removesStopWords: Bool

        /// - Precondition: `characterNGrams` is 0 or more.
        public init(
            engine: WordSegmenter.Engine = .dictionary, words: Bool = true, compoundParts: Bool = true,
            characterNGrams: Int = 3, removesStopWords: Bool = true
        ) {
            precondition(characterNGrams >= 0, "characterNGrams must be 0 or more, not \(characterNGrams)")
            self.engine = engine
            self.words = words
            self.compoundParts = compoundParts
            self.characterNGrams = characterNGrams
            self.removesStopWords = removesStopWords
        }
    }

    public let configuration: Configuration
    public let segmenter: WordSegmenter
    public let stopWords: StopWords
    /// Scratches for the calls that are not given one, shared by the tokenizer's copies.
    private let scratches = ScratchPool()
    /// Who a chunk cache's terms belong to: this tokenizer and its copies (the same
    /// configuration, segmenter and stop words). Not the pool, which holds the caches.
    private let identity = Identity()

    /// A tokenizer with the standard dictionary and stop words, read on first use.
    ///
    /// - Throws: ``TextResourceError`` when a standard resource cannot be read, or ICU is
    ///   configured where it is not available.
    public init(_ configuration: Configuration = Configuration()) throws(TextResourceError) {
        self.init(configuration, segmenter: try WordSegmenter(engine: configuration.engine),
                  stopWords: try StopWords.standard())
    }

    /// A tokenizer with your own segmenter (a dictionary with extra words, say) and stop words;
    /// `configuration.engine` is set to the segmenter's.
    public init(_ configuration: Configuration, segmenter: WordSegmenter, stopWords: StopWords) {
        var configuration = configuration
        configuration.engine = segmenter.engine
        self.configuration = configuration
        self.segmenter = segmenter
        self.stopWords = stopWords
    }

    /// Buffers that the tokenizer reuses from text to text, so that only the first texts
    /// allocate, and a cache of the terms of recent chunks of text (see below). The calls
    /// without one borrow one from the tokenizer's pool (one for each caller at a time, kept
    /// until the tokenizer and its copies go); a caller that keeps its own, one per thread or
    /// task, passes it to ``appendTermHashes(in:to:scratch:)`` and saves the pool's lock. What
    /// a scratch holds between calls never changes a result, and one serves any tokenizer.
    ///
    /// **The chunk cache.** ``appendTermHashes(in:to:scratch:)`` cuts each text at ASCII
    /// whitespace and remembers each piece's term hashes, keyed by its bytes: a piece seen
    /// again (a title, a skill, benefits boilerplate: postings repeat them) is copied, not
    /// normalised, segmented and hashed again. The result is the same bit for bit, because no
    /// step of the pipeline looks across ASCII whitespace (`ChunkCache` gives the argument).
    /// The cache takes at most about 2.4 MB per scratch, allocated on first use, and empties
    /// itself when full. Where texts repeat little (under a fifth of their bytes found in it),
    /// it steps aside for a while and texts are tokenized whole, which is then faster.
    public struct Scratch: Sendable {
        var normalizer = TextNormalizer.Scratch()
        var spans: [WordSegmenter.Span] = []
        var segmenter = WordSegmenter.Scratch()
        /// Storage for the word being tokenized, wrapped in `<` and `>`.
        var wrapped: [UTF8Scalar] = []
        /// Storage for the hashes of one text, before they go to the caller's array.
        var hashes: [UInt64] = []
        /// Terms of recent chunks of text; nil when the scratch tokenizes each text whole.
        var chunks: ChunkCache?

        /// A scratch with the chunk cache.
        public init() { chunks = ChunkCache() }

        /// A scratch with the chunk cache when `cachingChunks` is true, otherwise one that
        /// tokenizes every text whole (the same terms, without the cache's memory: for a few
        /// texts, or texts that repeat nothing).
        public init(cachingChunks: Bool) { chunks = cachingChunks ? ChunkCache() : nil }

        /// A scratch whose chunk cache has `limits` (tests: a small cache that fills).
        init(chunkLimits: ChunkCache.Limits, adaptation: ChunkCache.Adaptation = .never) {
            chunks = ChunkCache(limits: chunkLimits, adaptation: adaptation)
        }
    }

    /// The terms of `text`, in order, repeats kept.
    public func terms(in text: String) -> [String] {
        var sink = StringSink()
        var scratch = scratches.take()
        run(text, into: &sink, scratch: &scratch)
        scratches.give(scratch)
        return sink.terms
    }

    /// `TermHash.hash(term)` for each term of ``terms(in:)``, without making the strings.
    public func termHashes(in text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        appendTermHashes(in: text, to: &hashes)
        return hashes
    }

    /// Appends the hashes of ``termHashes(in:)`` to `hashes`, so a caller can reuse one buffer.
    public func appendTermHashes(in text: String, to hashes: inout [UInt64]) {
        var scratch = scratches.take()
        appendTermHashes(in: text, to: &hashes, scratch: &scratch)
        scratches.give(scratch)
    }

    /// Appends the hashes of ``termHashes(in:)`` to `hashes`, working in `scratch`: the fastest
    /// way to tokenize many texts, without the pool's lock (`Benchmarks/Text`, one core of the
    /// shared 2-core machine: about 17,300 generated vacancy texts a second with or without a
    /// scratch of one's own, where the tokenizer before scratches gave 13,300).
    public func appendTermHashes(in text: String, to hashes: inout [UInt64], scratch: inout Scratch) {
        var sink = HashSink(hashes: hashes)
        hashes = []
        if var cache = scratch.chunks {
            scratch.chunks = nil  // so that `cache` is the only reference to its storage
            cache.bind(to: identity)
            if cache.takesNextText() {
                var text = text
                text.withUTF8 { runChunks(of: $0, into: &sink, cache: &cache, scratch: &scratch) }
            } else {
                run(text, into: &sink, scratch: &scratch)
            }
            scratch.chunks = cache
        } else {
            run(text, into: &sink, scratch: &scratch)
        }
        hashes = sink.hashes
    }

    // MARK: The pipeline

    private func run<Sink: TermSink>(_ text: String, into sink: inout Sink, scratch: inout Scratch) {
        TextNormalizer().normalize(text, into: &scratch.normalizer)
        emitTerms(into: &sink, scratch: &scratch)
    }

    /// Appends the hashes of the text whose UTF-8 is `utf8`, chunk by chunk (runs without ASCII
    /// whitespace), each from `cache` when it holds it, or tokenized and then cached.
    private func runChunks(
        of utf8: UnsafeBufferPointer<UInt8>, into sink: inout HashSink, cache: inout ChunkCache, scratch: inout Scratch
    ) {
        let count = utf8.count
        var start = 0
        var chunkBytes = 0, hitBytes = 0
        defer { cache.record(bytes: chunkBytes, hitBytes: hitBytes) }
        while start < count {
            guard !ChunkCache.isSeparator(utf8[start]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end < count && !ChunkCache.isSeparator(utf8[end]) { end += 1 }
            let chunk = UnsafeBufferPointer(rebasing: utf8[start..<end])
            start = end
            chunkBytes += chunk.count
            guard chunk.count <= cache.limits.chunkBytes else {
                TextNormalizer().normalize(utf8: chunk, into: &scratch.normalizer)
                emitTerms(into: &sink, scratch: &scratch)
                continue
            }
            let key = ChunkCache.key(chunk)
            if cache.append(chunk, key: key, to: &sink.hashes) {
                hitBytes += chunk.count
                continue
            }
            let first = sink.hashes.count
            TextNormalizer().normalize(utf8: chunk, into: &scratch.normalizer)
            emitTerms(into: &sink, scratch: &scratch)
            sink.hashes.withUnsafeBufferPointer { hashes in
                cache.insert(chunk, key: key, terms: UnsafeBufferPointer(rebasing: hashes[first...]))
            }
        }
    }

    /// Emits the terms of the normalised text in `scratch.normalizer`.
    private func emitTerms<Sink: TermSink>(into sink: inout Sink, scratch: inout Scratch) {
        scratch.spans.removeAll(keepingCapacity: true)
        let n = configuration.characterNGrams
        let parts = configuration.words && configuration.compoundParts
        let words = configuration.words, removesStopWords = configuration.removesStopWords
        scratch.normalizer.withOutput { text in
            segmenter.segment(text, parts: parts, into: &scratch.spans, scratch: &scratch.segmenter)
            // Every buffer taken once for the whole text, not once a word.
            scratch.wrapped.ensureStorage(text.count + 2, filler: UTF8Scalar.table[0])
            UTF8Scalar.table.withUnsafeBufferPointer { table in
                scratch.wrapped.withUnsafeMutableBufferPointer { storage in
                    let context = WordContext(n: n, words: words, removesStopWords: removesStopWords, stopWords: stopWords,
                                              table: table, storage: storage)
                    scratch.spans.withUnsafeBufferPointer { spans in
                        for span in spans {
                            let word = UnsafeBufferPointer(rebasing: text[Int(span.start)..<Int(span.end)])
                            sink.emit(word, grams: n > 0 && !span.isPart && span.kind != .number, context: context)
                        }
                    }
                }
            }
        }
    }
}

/// The identity of one ``Tokenizer`` and its copies, for the chunk caches.
private final class Identity: Sendable {}

/// The free scratches of one ``Tokenizer`` and its copies.
private final class ScratchPool: Sendable {
    private let free = Mutex<[Tokenizer.Scratch]>([])

    /// A free scratch, or a new one.
    func take() -> Tokenizer.Scratch {
        free.withLock { $0.popLast() } ?? Tokenizer.Scratch()
    }

    func give(_ scratch: Tokenizer.Scratch) {
        free.withLock { $0.append(scratch) }
    }
}

/// One scalar of a word being tokenized: its UTF-8, and the hash state of an n-gram that
/// starts with it.
struct UTF8Scalar {
    /// The UTF-8 bytes, the first in the lowest 8 bits.
    var bytes: UInt32
    /// The number of UTF-8 bytes.
    var count: UInt32
    /// The ``TermHash`` value after `#` and this scalar: where an n-gram's hash starts.
    var gramStart: UInt64

    @inline(__always)
    init(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        if v < 0x80 {
            bytes = v
            count = 1
        } else if v < 0x800 {
            bytes = (0xC0 | v >> 6) | (0x80 | v & 0x3F) << 8
            count = 2
        } else if v < 0x10000 {
            bytes = (0xE0 | v >> 12) | (0x80 | v >> 6 & 0x3F) << 8 | (0x80 | v & 0x3F) << 16
            count = 3
        } else {
            bytes = (0xF0 | v >> 18) | (0x80 | v >> 12 & 0x3F) << 8 | (0x80 | v >> 6 & 0x3F) << 16 | (0x80 | v & 0x3F) << 24
            count = 4
        }
        var hash = TermHash()
        hash.combine(byte: 0x23)
        hash.combine(utf8: bytes, count: count)
        gramStart = hash.value
    }

    /// The scalars ASCII and the Thai block, worked out once: `table[v]` for ASCII v,
    /// `table[128 + v - 0x0E00]` for Thai.
    static let table: [UTF8Scalar] =
        (0..<128).map { UTF8Scalar(Unicode.Scalar(UInt8($0))) } + (0x0E00..<0x0E80).map { UTF8Scalar(Unicode.Scalar($0)!) }

    /// The entry of `scalar`: from `table` (``table``) for ASCII and Thai, worked out otherwise.
    @inline(__always)
    static func of(_ scalar: Unicode.Scalar, table: UnsafeBufferPointer<UTF8Scalar>) -> UTF8Scalar {
        let v = scalar.value
        if v < 0x80 { return table[Int(v)] }
        if v &- 0x0E00 < 0x80 { return table[Int(v - 0x0E00 + 128)] }
        return UTF8Scalar(scalar)
    }

    /// Writes `<`, each scalar of `word`, `>` to the start of `wrapped` (at least
    /// `word.count + 2` long) and returns that part; `table` is ``table``.
    @inline(__always)
    static func encode(
        _ word: UnsafeBufferPointer<Unicode.Scalar>, table: UnsafeBufferPointer<UTF8Scalar>,
        wrappedInto wrapped: UnsafeMutableBufferPointer<UTF8Scalar>
    ) -> UnsafeMutableBufferPointer<UTF8Scalar> {
        wrapped[0] = table[0x3C]
        for (index, scalar) in word.enumerated() { wrapped[index + 1] = of(scalar, table: table) }
        wrapped[word.count + 1] = table[0x3E]
        return UnsafeMutableBufferPointer(rebasing: wrapped[..<(word.count + 2)])
    }
}

// MARK: - Sinks

/// What the emission of a word's terms needs besides the word.
private struct WordContext {
    let n: Int
    let words: Bool
    let removesStopWords: Bool
    let stopWords: StopWords
    /// ``UTF8Scalar/table``.
    let table: UnsafeBufferPointer<UTF8Scalar>
    /// Room for the longest word of the text, wrapped in `<` and `>`.
    let storage: UnsafeMutableBufferPointer<UTF8Scalar>
}

/// Where the pipeline puts terms: strings, or hashes.
private protocol TermSink {
    /// A word (or compound part), with its ``TermHash``.
    mutating func word(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64)
    /// An n-gram, as the UTF-8 of its scalars (the `#` is the sink's to add).
    mutating func gram(_ scalars: UnsafeBufferPointer<UTF8Scalar>)
    /// Emits the terms of one word: the word itself (with `context.words`) and, with `grams`,
    /// its n-grams, unless it is a stop word (with `context.removesStopWords`).
    mutating func emit(_ word: UnsafeBufferPointer<Unicode.Scalar>, grams: Bool, context: WordContext)
}

extension TermSink {
    mutating func emit(_ word: UnsafeBufferPointer<Unicode.Scalar>, grams: Bool, context: WordContext) {
        emitStepByStep(word, grams: grams, context: context)
    }

    /// ``emit(_:grams:context:)`` for any n: the word wrapped, its hash, then each n-gram.
    @inline(__always)
    mutating func emitStepByStep(_ word: UnsafeBufferPointer<Unicode.Scalar>, grams: Bool, context: WordContext) {
        let n = context.n
        let wrapped = UnsafeBufferPointer(UTF8Scalar.encode(word, table: context.table, wrappedInto: context.storage))
        var hash = TermHash()
        for scalar in wrapped[1..<wrapped.count - 1] { hash.combine(utf8: scalar.bytes, count: scalar.count) }
        let isStopWord = context.removesStopWords && context.stopWords.contains(word, hash: hash.value)
        if context.words && !isStopWord { self.word(word, hash: hash.value) }
        if grams && !isStopWord {
            if wrapped.count <= n {
                gram(wrapped)
            } else {
                for start in 0...(wrapped.count - n) {
                    gram(UnsafeBufferPointer(rebasing: wrapped[start..<start + n]))
                }
            }
        }
    }
}

private struct StringSink: TermSink {
    var terms: [String] = []

    mutating func word(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) {
        terms.append(String.fromScalars(scalars))
    }

    mutating func gram(_ scalars: UnsafeBufferPointer<UTF8Scalar>) {
        let count = scalars.reduce(1) { $0 + Int($1.count) }
        terms.append(String(unsafeUninitializedCapacity: count) { bytes in
            bytes[0] = 0x23
            var index = 1
            for scalar in scalars {
                var utf8 = scalar.bytes
                for _ in 0..<scalar.count {
                    bytes[index] = UInt8(truncatingIfNeeded: utf8)
                    utf8 >>= 8
                    index += 1
                }
            }
            return index
        })
    }
}

private struct HashSink: TermSink {
    /// The hashes so far: the caller's, then the text's.
    var hashes: [UInt64]

    mutating func word(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) {
        hashes.append(hash)
    }

    mutating func gram(_ scalars: UnsafeBufferPointer<UTF8Scalar>) {
        var hash = TermHash(value: scalars[0].gramStart)
        for scalar in scalars[1...] { hash.combine(utf8: scalar.bytes, count: scalar.count) }
        hashes.append(hash.value)
    }

    /// For 3-grams (the default), one pass over the word's scalars: each scalar goes into the
    /// word's hash, ends the 3-gram that began two scalars back and carries on the one that
    /// began one back, so there is one loop whose end to mispredict, not three. The word's
    /// place is kept before its 3-grams and filled, or all taken back for a stop word, once
    /// its hash is known. The same hashes in the same order as ``emitStepByStep(_:grams:context:)``.
    mutating func emit(_ word: UnsafeBufferPointer<Unicode.Scalar>, grams: Bool, context: WordContext) {
        guard context.n == 3, !word.isEmpty else { return emitStepByStep(word, grams: grams, context: context) }
        let table = context.table
        @inline(__always) func combined(_ value: UInt64, _ scalar: UTF8Scalar) -> UInt64 {
            var hash = TermHash(value: value)
            hash.combine(utf8: scalar.bytes, count: scalar.count)
            return hash.value
        }
        let mark = hashes.count
        if context.words { hashes.append(0) }
        var hash = TermHash()
        if !grams {
            for s in word { hash.combine(s) }
        } else if word.count == 1 {  // "<", the scalar, ">": one 3-gram
            let only = UTF8Scalar.of(word[0], table: table)
            hash.combine(utf8: only.bytes, count: only.count)
            hashes.append(combined(combined(table[0x3C].gramStart, only), table[0x3E]))
        } else {
            var one = table[0x3C].gramStart  // the 3-gram that began one scalar back: "#<"
            var two: UInt64 = 0  // the one that began two back
            for (index, s) in word.enumerated() {
                let next = UTF8Scalar.of(s, table: table)
                hash.combine(utf8: next.bytes, count: next.count)
                if index > 0 { hashes.append(combined(two, next)) }
                two = combined(one, next)
                one = next.gramStart
            }
            hashes.append(combined(two, table[0x3E]))
        }
        if context.removesStopWords && context.stopWords.contains(word, hash: hash.value) {
            hashes.removeSubrange(mark...)
        } else if context.words {
            hashes[mark] = hash.value
        }
    }
}
