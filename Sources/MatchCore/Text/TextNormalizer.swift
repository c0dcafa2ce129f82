import Foundation

/// Normalises free text (Thai, English or both) so that the same words written differently
/// become the same scalars: the first step of ``Tokenizer``.
///
/// What it does, in one pass over the Unicode scalars:
///
/// - **Unicode NFC.** Thai has no precomposed forms, but its marks have combining classes, so
///   "กุ่" typed tone-first and "กุ่" typed vowel-first are canonically equal: marks are put in
///   canonical order. Text with scalars outside ASCII, Latin-1, Thai, general punctuation and the
///   full-width forms is first composed by Foundation (`precomposedStringWithCanonicalMapping`);
///   everything else takes a fast path with the same result.
/// - **Case folding** of Latin letters ("Sales" → "sales", "É" → "é"); full-width forms
///   ("ＡＢＣ１" → "abc1").
/// - **Thai digits** ๐–๙ become 0–9; ฿ becomes a space.
/// - **Common Thai typing slips:** "เเ" (two sara e) becomes "แ", "ํา" (nikhahit + sara aa)
///   becomes "ำ", and a mark typed twice in a row ("ก่่") is kept once.
/// - **Zero-width and invisible format characters** are removed: zero-width space (often pasted
///   into Thai text from web pages), joiners, word joiner, soft hyphen, byte-order mark,
///   directional marks.
/// - **Punctuation and symbols become spaces; whitespace runs collapse** to one ASCII space,
///   none at either end.
///
/// A few punctuation characters stay inside tokens, where removing them would change meaning
/// or split one term into meaningless pieces (checked on ASCII neighbours only):
///
/// | rule | examples |
/// | --- | --- |
/// | `.` between two ASCII letters or digits stays | "3.5", "node.js", "asp.net" |
/// | `,` between a digit and exactly three digits is dropped (thousands) | "15,000" → "15000", "๑๕,๐๐๐" → "15000" |
/// | `+` and `#` after a Latin word, at its end, stay | "c++", "c#", "a+" |
/// | `&` between two ASCII letters stays | "r&d", "at&t" |
/// | `'` and `’` between two ASCII letters are dropped | "men's" → "mens" |
///
/// Everything else splits: "part-time" → "part time", "TIG/MIG" → "tig mig", "ป.ตรี" →
/// "ป ตรี", "(FMCG)" → "fmcg". The output never contains `<`, `>` or a token that starts with
/// `#`, which ``Tokenizer`` uses to mark character n-grams.
///
/// Normalising twice gives the same text as normalising once.
public struct TextNormalizer: Sendable, Hashable {
    public init() {}

    /// The normalised form of `text`.
    ///
    /// - Complexity: O(n) in the number of scalars.
    public func normalize(_ text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        normalize(text, into: &scalars)
        return String.fromScalars(scalars)
    }

    /// Replaces the contents of `output` with the normalised scalars of `text`.
    func normalize(_ text: String, into output: inout [Unicode.Scalar]) {
        var scratch = Scratch()
        normalize(text, into: &scratch)
        output.removeAll(keepingCapacity: true)
        scratch.withOutput { output.append(contentsOf: $0) }
    }

    /// Buffers reused from text to text: the decoded input and the output.
    struct Scratch: Sendable {
        /// Storage for the input's scalar values.
        var values: [UInt32] = []
        /// Storage for the output, of which the first `count` scalars are the last text's.
        var storage: [Unicode.Scalar] = []
        var count = 0

        /// Calls `body` with the normalised scalars of the last text.
        @inline(__always)
        func withOutput<Result>(_ body: (UnsafeBufferPointer<Unicode.Scalar>) -> Result) -> Result {
            storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<count])) }
        }
    }

    /// Normalises `text` into `scratch`; ``Scratch/withOutput(_:)`` gives the result.
    func normalize(_ text: String, into scratch: inout Scratch) {
        var text = text
        text.withUTF8 { normalize(utf8: $0, into: &scratch) }
    }

    /// Normalises the text whose UTF-8 is `utf8` (valid: a slice of a string's UTF-8 cut at
    /// scalar boundaries) into `scratch`; ``Scratch/withOutput(_:)`` gives the result.
    func normalize(utf8: UnsafeBufferPointer<UInt8>, into scratch: inout Scratch) {
        var count = Self.decode(utf8: utf8, into: &scratch.values)
        if count < 0 {
            var composed = String(decoding: utf8, as: UTF8.self).precomposedStringWithCanonicalMapping
            count = composed.withUTF8 { abs(Self.decode(utf8: $0, into: &scratch.values)) }
        }
        // Every input scalar gives at most a space and three scalars (a lower-case mapping has
        // at most three: Unicode's SpecialCasing.txt).
        scratch.storage.ensureStorage(4 * count, filler: " ")
        scratch.count = scratch.values.withUnsafeBufferPointer { values in
            scratch.storage.withUnsafeMutableBufferPointer { storage in
                var pass = Pass(input: UnsafeBufferPointer(rebasing: values[..<count]), output: storage.baseAddress!)
                pass.run()
                return pass.count
            }
        }
    }

    /// Writes the scalar values of the valid UTF-8 `bytes` (a string's, or a slice of it cut at
    /// scalar boundaries) to the start of `values`, growing it as needed. Returns how many there
    /// are, negated when one of them is not ``isComposedAlready(_:)``.
    static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>, into values: inout [UInt32]) -> Int {
        values.ensureStorage(bytes.count, filler: 0)
        return values.withUnsafeMutableBufferPointer { values in
            guard let input = bytes.baseAddress else { return 0 }
            let end = bytes.count, output = values.baseAddress!
            var index = 0, written = 0, composed = true
            while index < end {
                let lead = UInt32(input[index])
                var value: UInt32
                if lead < 0x80 {
                    value = lead
                    index += 1
                } else if lead < 0xE0 {
                    value = (lead & 0x1F) << 6 | UInt32(input[index + 1] & 0x3F)
                    index += 2
                } else if lead < 0xF0 {
                    value = (lead & 0x0F) << 12 | UInt32(input[index + 1] & 0x3F) << 6 | UInt32(input[index + 2] & 0x3F)
                    index += 3
                } else {
                    value = (lead & 0x07) << 18 | UInt32(input[index + 1] & 0x3F) << 12
                        | UInt32(input[index + 2] & 0x3F) << 6 | UInt32(input[index + 3] & 0x3F)
                    index += 4
                }
                if value >= 0x0300 && value &- 0x0E00 >= 0x80 {  // neither Latin nor Thai
                    composed = composed && isComposedAlready(value)
                }
                output[written] = value
                written += 1
            }
            return composed ? written : -written
        }
    }

    /// True for scalars that NFC leaves alone whatever surrounds them, apart from the Thai
    /// marks, which ``Pass`` orders itself.
    @inline(__always)
    static func isComposedAlready(_ value: UInt32) -> Bool {
        value < 0x0300 || (value &- 0x0E00 < 0x80) || (value &- 0x2000 < 0x70)
            || (value &- 0x20A0 < 0x30) || value == 0x3000 || value == 0xFEFF || (value &- 0xFF00 < 0xF0)
    }

    /// Format characters that are removed outright.
    @inline(__always)
    static func isInvisible(_ value: UInt32) -> Bool {
        switch value {
        case 0x00AD, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }
}

// MARK: - The pass

/// One left-to-right pass over composed scalar values into `output`, which has room for four
/// scalars for each input scalar.
private struct Pass {
    let input: UnsafeBufferPointer<UInt32>
    let output: UnsafeMutablePointer<Unicode.Scalar>
    /// The number of scalars written.
    var count = 0
    /// The index of the next input scalar to read.
    var position = 0
    /// A separator was seen since the last scalar written.
    var pendingSpace = false
    /// Where the token being written starts in the output.
    var tokenStart = 0

    init(input: UnsafeBufferPointer<UInt32>, output: UnsafeMutablePointer<Unicode.Scalar>) {
        self.input = input
        self.output = output
    }

    mutating func run() {
        while position < input.count {
            let raw = input[position]
            position += 1
            if raw < 0x80 {
                let value = raw &- 0x41 < 26 ? raw | 0x20 : raw
                if Self.isASCIIAlphanumeric(value) {
                    write(value)
                } else {
                    connector(value)
                }
            } else if ThaiScript.isConsonant(raw) {
                write(raw)  // what writeThai does with a consonant, whatever came before
            } else if ThaiScript.isWordScalar(raw) {
                writeThai(raw)
            } else if let value = Self.simpleMapping(raw) {  // nil: invisible
                if value < 0x80 {
                    if Self.isASCIIAlphanumeric(value) {
                        write(value)
                    } else {
                        connector(value)
                    }
                } else if value &- 0x0E00 < 0x80 {
                    pendingSpace = true  // ฿ ๏ ๚ ๛ and unassigned Thai code points
                } else {
                    other(Unicode.Scalar(value)!)
                }
            }
        }
    }

    /// Per-scalar mappings that need no context: Thai and full-width digits and letters,
    /// ASCII upper case. Nil for scalars that are removed.
    @inline(__always)
    static func simpleMapping(_ value: UInt32) -> UInt32? {
        if value < 0x80 {
            return value &- 0x41 < 26 ? value | 0x20 : value
        }
        if ThaiScript.isDigit(value) { return value - 0x0E50 + 0x30 }
        if value &- 0xFF01 <= 0xFF5E - 0xFF01 {
            let ascii = value - 0xFEE0
            return ascii &- 0x41 < 26 ? ascii | 0x20 : ascii
        }
        if TextNormalizer.isInvisible(value) { return nil }
        return value
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ value: UInt32) -> Bool {
        (value &- 0x61 < 26) || (value &- 0x30 < 10)
    }

    @inline(__always)
    static func isASCIILetter(_ value: UInt32) -> Bool { value &- 0x61 < 26 }

    @inline(__always)
    static func isASCIIDigit(_ value: UInt32) -> Bool { value &- 0x30 < 10 }

    /// Writes a token scalar, with the one space that stands for the separators before it.
    @inline(__always)
    mutating func write(_ value: UInt32) {
        if pendingSpace {
            pendingSpace = false
            if count > 0 {
                output[count] = " "
                count += 1
                tokenStart = count
            }
        }
        output[count] = Self.scalar(value)
        count += 1
    }

    /// The scalar of `value`, which is valid: decoded from a string, or a mapping of one.
    @inline(__always)
    static func scalar(_ value: UInt32) -> Unicode.Scalar {
        unsafeBitCast(value, to: Unicode.Scalar.self)
    }

    /// The last scalar of the current token, or nil after a separator.
    @inline(__always)
    var previous: UInt32? {
        pendingSpace || count == tokenStart ? nil : output[count - 1].value
    }

    /// The mapped value of the first scalar at or after `index` that is not removed.
    @inline(__always)
    func peek(_ index: Int) -> (value: UInt32, index: Int)? {
        var index = index
        while index < input.count {
            if let value = Self.simpleMapping(input[index]) { return (value, index) }
            index += 1
        }
        return nil
    }

    /// ASCII punctuation, symbols and whitespace: a separator unless a connector rule keeps it.
    mutating func connector(_ value: UInt32) {
        guard let previous = previous else {
            pendingSpace = true
            return
        }
        let following = peek(position)?.value
        switch value {
        case 0x2E:  // .
            if Self.isASCIIAlphanumeric(previous), let following, Self.isASCIIAlphanumeric(following) {
                write(value)
                return
            }
        case 0x2C:  // ,
            if Self.isASCIIDigit(previous), isThousandsGroup(after: position) { return }
        case 0x2B, 0x23:  // + #
            let startsWithLetter = Self.isASCIILetter(output[tokenStart].value)
            let afterWord = Self.isASCIILetter(previous) || previous == 0x2B || previous == 0x23
            if startsWithLetter && afterWord && !(following.map(Self.isASCIIAlphanumeric) ?? false) {
                write(value)
                return
            }
        case 0x26:  // &
            if Self.isASCIILetter(previous), let following, Self.isASCIILetter(following) {
                write(value)
                return
            }
        case 0x27:  // '
            if Self.isASCIILetter(previous), let following, Self.isASCIILetter(following) { return }
        default:
            break
        }
        pendingSpace = true
    }

    /// True when exactly three digits follow `index`, and then no digit.
    func isThousandsGroup(after index: Int) -> Bool {
        var index = index
        for _ in 0..<3 {
            guard let (value, at) = peek(index), Self.isASCIIDigit(value) else { return false }
            index = at + 1
        }
        guard let (value, _) = peek(index) else { return true }
        return !Self.isASCIIDigit(value)
    }

    /// A Thai letter, vowel or mark, with the fixes for common typing slips.
    mutating func writeThai(_ value: UInt32) {
        guard let previous = previous else {
            write(value)
            return
        }
        switch value {
        case 0x0E40 where previous == 0x0E40:  // เ + เ → แ
            output[count - 1] = "\u{0E41}"
            return
        case 0x0E32 where previous == 0x0E4D:  // ํ + า → ำ
            output[count - 1] = "\u{0E33}"
            return
        default:
            break
        }
        guard ThaiScript.isCombiningMark(value) else {
            write(value)
            return
        }
        // Canonical ordering: move the mark before any marks of a higher combining class.
        let combiningClass = ThaiScript.combiningClass(value)
        var at = count
        if combiningClass > 0 {
            while at > tokenStart, ThaiScript.combiningClass(output[at - 1].value) > combiningClass { at -= 1 }
        }
        if at > tokenStart && output[at - 1].value == value { return }  // typed twice
        var index = count
        while index > at {
            output[index] = output[index - 1]
            index -= 1
        }
        output[at] = Self.scalar(value)
        count += 1
    }

    /// A scalar outside ASCII and Thai: letters, marks and numbers stay (Latin lower-cased),
    /// everything else separates.
    mutating func other(_ scalar: Unicode.Scalar) {
        if scalar.value == 0x2019 {  // ’ as an apostrophe
            if let previous = previous, Self.isASCIILetter(previous),
               let following = peek(position)?.value, Self.isASCIILetter(following) {
                return
            }
            pendingSpace = true
            return
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            if properties.changesWhenLowercased {
                let lower = properties.lowercaseMapping.unicodeScalars
                precondition(lower.count <= 3, "a lower-case mapping of more than three scalars overflows the output")
                for scalar in lower { write(scalar.value) }
            } else {
                write(scalar.value)
            }
        default:
            pendingSpace = true
        }
    }
}
