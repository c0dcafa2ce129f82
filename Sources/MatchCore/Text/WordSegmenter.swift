/// Splits normalised text into words: at spaces, where the script changes between Thai and
/// anything else, and inside runs of Thai letters by a Thai engine (Thai has no spaces between
/// words).
///
/// Outside Thai, a run of letters and digits is one word ("tig", "mp3", "c++", "3.5"); a run of
/// another unspaced script (Lao, Khmer, Myanmar, Chinese) also stays one word. ๆ is always a
/// word of its own. Inside a Thai run the engine decides:
///
/// - ``Engine/dictionary`` (the default): ``DictionarySegmenter``, maximal matching over
///   ``ThaiDictionary/standard()`` or a dictionary you give. Portable, the same on every
///   platform and machine, versioned with jobmatch.
/// - ``Engine/icu`` (Linux only): the word break iterator of the system's ICU (``ICUSegmenter``),
///   kept as a reference to compare with; its results change with the installed ICU version.
///
/// The input must already be normalised (``TextNormalizer``); ``words(in:)`` and
/// ``segment(_:parts:)`` normalise for you.
public struct WordSegmenter: Sendable {
    /// The Thai segmentation engine.
    public enum Engine: String, Sendable, Hashable, Codable, CaseIterable {
        /// Dictionary maximal matching (``DictionarySegmenter``).
        case dictionary
        /// ICU's word break iterator (``ICUSegmenter``), where the system ICU is linked.
        case icu
    }

    /// A word found in a text.
    public struct Word: Sendable, Hashable, CustomStringConvertible {
        /// What a word is made of.
        public enum Kind: UInt8, Sendable, Hashable {
            /// Thai letters that the engine recognised as a word.
            case thai
            /// Thai letters that are not a dictionary word (a name, a misspelling, a rare word),
            /// kept as one piece. Only the dictionary engine reports this.
            case unknownThai
            /// ASCII digits, perhaps with a decimal point.
            case number
            /// Anything else: Latin words, other scripts.
            case other
        }

        /// The word's normalised text.
        public var text: String
        public var kind: Kind
        /// A part of the compound word before it (see ``segment(_:parts:)``), not a word of
        /// the text's own segmentation.
        public var isPart: Bool

        public init(_ text: String, _ kind: Kind, isPart: Bool = false) {
            self.text = text
            self.kind = kind
            self.isPart = isPart
        }

        public var description: String { text }
    }

    enum Storage: Sendable {
        case dictionary(DictionarySegmenter)
        case icu(ICUSegmenter)
    }

    let storage: Storage

    /// A segmenter that uses `segmenter` for Thai runs.
    public init(_ segmenter: DictionarySegmenter) { storage = .dictionary(segmenter) }

    /// A segmenter that uses the system ICU for Thai runs.
    public init(_ segmenter: ICUSegmenter) { storage = .icu(segmenter) }

    /// A segmenter with the standard resources of `engine`.
    ///
    /// - Throws: ``TextResourceError`` when the standard dictionary cannot be read, or when
    ///   ICU is asked for on a platform or build without it.
    public init(engine: Engine = .dictionary) throws(TextResourceError) {
        switch engine {
        case .dictionary:
            storage = .dictionary(DictionarySegmenter(dictionary: try ThaiDictionary.standard()))
        case .icu:
            storage = .icu(try ICUSegmenter())
        }
    }

    /// The engine used for Thai runs.
    public var engine: Engine {
        switch storage {
        case .dictionary: return .dictionary
        case .icu: return .icu
        }
    }

    /// The words of `text` (normalised first), in order.
    ///
    /// - Parameter parts: follow each Thai compound word with its parts, marked
    ///   ``Word/isPart`` (dictionary engine only; see ``DictionarySegmenter``).
    public func segment(_ text: String, parts: Bool = false) -> [Word] {
        var scalars: [Unicode.Scalar] = []
        TextNormalizer().normalize(text, into: &scalars)
        var spans: [Span] = []
        var scratch = Scratch()
        return scalars.withUnsafeBufferPointer { text in
            segment(text, parts: parts, into: &spans, scratch: &scratch)
            return spans.map { span in
                let scalars = UnsafeBufferPointer(rebasing: text[Int(span.start)..<Int(span.end)])
                return Word(String.fromScalars(scalars), span.kind, isPart: span.isPart)
            }
        }
    }

    /// The texts of the words of `text` (normalised first), in order.
    public func words(in text: String) -> [String] { segment(text).map(\.text) }

    // MARK: Spans

    /// A word as a range of the normalised scalars.
    struct Span: Sendable, Equatable {
        var start: Int32
        var end: Int32
        var kind: Word.Kind
        var isPart = false
    }

    /// A word of a text's first pass, or a run of Thai letters still to segment.
    struct Piece {
        var span: Span
        var isThaiRun = false

        init(_ span: Span, isThaiRun: Bool = false) {
            self.span = span
            self.isThaiRun = isThaiRun
        }
    }

    /// Buffers reused across runs and texts.
    struct Scratch {
        var dictionary = DictionarySegmenter.Scratch()
        var icu: [Int32] = []
        var ends: [ThaiBreak] = []
        /// The words of the text, with each Thai run as one piece until it is segmented.
        var pieces: [Piece] = []
        var runs: [Range<Int>] = []
    }

    /// Appends the words of normalised `text` to `spans`, with the parts of compounds after
    /// them when `parts` is true and the engine is the dictionary.
    ///
    /// Two passes: the first cuts the text into words and runs of Thai letters; then the
    /// dictionary engine looks up the words of all the runs at once
    /// (``DictionarySegmenter/prepare(_:runs:scratch:)``), and the second pass segments each run
    /// in its place.
    func segment(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, parts: Bool = false, into spans: inout [Span], scratch: inout Scratch
    ) {
        scratch.pieces.removeAll(keepingCapacity: true)
        scratch.runs.removeAll(keepingCapacity: true)
        var position = 0
        let count = text.count
        while position < count {
            let value = text[position].value
            if value == 0x20 {
                position += 1
                continue
            }
            let start = position
            if value == ThaiScript.maiYamok {
                position += 1
                scratch.pieces.append(Piece(Span(start: Int32(start), end: Int32(position), kind: .thai)))
            } else if ThaiScript.isWordScalar(value) {
                position += 1
                while position < count, ThaiScript.isWordScalar(text[position].value),
                      text[position].value != ThaiScript.maiYamok {
                    position += 1
                }
                scratch.pieces.append(Piece(Span(start: Int32(start), end: Int32(position), kind: .thai), isThaiRun: true))
                scratch.runs.append(start..<position)
            } else {
                var isNumber = true
                var hasDigit = false
                while position < count {
                    let value = text[position].value
                    if value == 0x20 || ThaiScript.isWordScalar(value) { break }
                    let isDigit = value &- 0x30 < 10
                    hasDigit = hasDigit || isDigit
                    isNumber = isNumber && (isDigit || value == 0x2E)
                    position += 1
                }
                scratch.pieces.append(Piece(Span(start: Int32(start), end: Int32(position), kind: isNumber && hasDigit ? .number : .other)))
            }
        }
        if !scratch.runs.isEmpty, case .dictionary(let segmenter) = storage {
            segmenter.prepare(text, runs: scratch.runs, scratch: &scratch.dictionary)
        }
        var pieces = scratch.pieces
        scratch.pieces = []  // so that `pieces` is the only reference to its storage
        for piece in pieces {
            if piece.isThaiRun {
                let run = Int(piece.span.start)..<Int(piece.span.end)
                segmentThai(text, run: run, parts: parts, into: &spans, scratch: &scratch)
            } else {
                spans.append(piece.span)
            }
        }
        pieces.removeAll(keepingCapacity: true)
        scratch.pieces = pieces
    }

    /// Appends the words of the Thai run `run` of `text` (prepared, for the dictionary engine).
    private func segmentThai(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, run: Range<Int>, parts: Bool, into spans: inout [Span],
        scratch: inout Scratch
    ) {
        scratch.ends.removeAll(keepingCapacity: true)
        switch storage {
        case .dictionary(let segmenter):
            segmenter.breakRun(run, parts: parts, into: &scratch.ends, scratch: &scratch.dictionary)
        case .icu(let segmenter):
            segmenter.breakRun(UnsafeBufferPointer(rebasing: text[run]), into: &scratch.ends, scratch: &scratch.icu)
        }
        let offset = run.lowerBound
        var wordEnd = offset, partStart = offset
        for end in scratch.ends {
            let stop = offset + end.end
            if end.isPart {
                spans.append(Span(start: Int32(partStart), end: Int32(stop), kind: .thai, isPart: true))
                partStart = stop
            } else {
                spans.append(Span(start: Int32(wordEnd), end: Int32(stop), kind: end.known ? .thai : .unknownThai))
                partStart = wordEnd
                wordEnd = stop
            }
        }
    }
}

/// The end of one word of a Thai run, as an offset into the run, and whether the engine knew
/// it. A part of a compound (`isPart`) follows its word and starts where the part before it
/// ended, or where the word starts.
struct ThaiBreak: Sendable, Equatable {
    var end: Int
    var known: Bool
    var isPart = false
}
