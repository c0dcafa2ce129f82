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

    /// The terms of `text`, in order, repeats kept.
    public func terms(in text: String) -> [String] {
        var sink = StringSink()
        run(text, into: &sink)
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
        var sink = HashSink(hashes: hashes)
        hashes = []
        run(text, into: &sink)
        hashes = sink.hashes
    }

    // MARK: The pipeline

    private func run<Sink: TermSink>(_ text: String, into sink: inout Sink) {
        var scalars: [Unicode.Scalar] = []
        TextNormalizer().normalize(text, into: &scalars)
        var spans: [WordSegmenter.Span] = []
        var scratch = WordSegmenter.Scratch()
        var wrapped: [Unicode.Scalar] = []
        let n = configuration.characterNGrams
        let parts = configuration.words && configuration.compoundParts
        scalars.withUnsafeBufferPointer { text in
            segmenter.segment(text, parts: parts, into: &spans, scratch: &scratch)
            for span in spans {
                let word = UnsafeBufferPointer(rebasing: text[Int(span.start)..<Int(span.end)])
                let hash = StopWords.hash(word)
                let isStopWord = configuration.removesStopWords && stopWords.contains(word, hash: hash)
                if configuration.words && !isStopWord { sink.word(word, hash: hash) }
                if n > 0, !isStopWord, !span.isPart, span.kind != .number {
                    emitNGrams(of: word, n: n, into: &sink, wrapped: &wrapped)
                }
            }
        }
    }

    private func emitNGrams<Sink: TermSink>(
        of word: UnsafeBufferPointer<Unicode.Scalar>, n: Int, into sink: inout Sink, wrapped: inout [Unicode.Scalar]
    ) {
        wrapped.removeAll(keepingCapacity: true)
        wrapped.append("<")
        wrapped.append(contentsOf: word)
        wrapped.append(">")
        wrapped.withUnsafeBufferPointer { wrapped in
            if wrapped.count <= n {
                sink.gram(wrapped)
                return
            }
            for start in 0...(wrapped.count - n) {
                sink.gram(UnsafeBufferPointer(rebasing: wrapped[start..<start + n]))
            }
        }
    }
}

// MARK: - Sinks

/// Where the pipeline puts terms: strings, or hashes.
private protocol TermSink {
    /// A word (or compound part), with its ``TermHash``.
    mutating func word(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64)
    /// An n-gram (the `#` is the sink's to add).
    mutating func gram(_ scalars: UnsafeBufferPointer<Unicode.Scalar>)
}

private struct StringSink: TermSink {
    var terms: [String] = []

    mutating func word(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) {
        terms.append(String.fromScalars(scalars))
    }

    mutating func gram(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        terms.append(String.fromScalars(scalars, prefix: 0x23))
    }
}

private struct HashSink: TermSink {
    var hashes: [UInt64]

    /// The hash state after the `#` that starts every n-gram.
    static let gramBasis: TermHash = {
        var hash = TermHash()
        hash.combine(byte: 0x23)
        return hash
    }()

    mutating func word(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) {
        hashes.append(hash)
    }

    mutating func gram(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        var hash = Self.gramBasis
        hash.combine(scalars)
        hashes.append(hash.value)
    }
}
