/// Character classes of the Thai block (U+0E00–U+0E7F) that normalisation and segmentation
/// need, on raw scalar values so that hot loops stay free of `Unicode.Scalar.Properties`.
///
/// Thai is written without spaces between words; a syllable is a consonant with vowel signs
/// before, above, below or after it, and tone marks above. The classes here are those of the
/// Unicode chart and of Thai Character Cluster rules (see ``ThaiClusters``).
enum ThaiScript {
    /// ก … ฮ (U+0E01–U+0E2E).
    @inline(__always)
    static func isConsonant(_ value: UInt32) -> Bool { value &- 0x0E01 <= 0x0E2E - 0x0E01 }

    /// A scalar that belongs inside Thai words: consonants, vowels, signs, ฯ, ๆ and the marks
    /// (U+0E01–U+0E3A and U+0E40–U+0E4E). Not ฿ (U+0E3F), the digits, ๏ ๚ ๛.
    @inline(__always)
    static func isWordScalar(_ value: UInt32) -> Bool {
        (value &- 0x0E01 <= 0x0E3A - 0x0E01) || (value &- 0x0E40 <= 0x0E4E - 0x0E40)
    }

    /// Leading vowels เ แ โ ใ ไ (U+0E40–U+0E44), written before the consonant they follow in speech.
    @inline(__always)
    static func isLeadingVowel(_ value: UInt32) -> Bool { value &- 0x0E40 <= 4 }

    /// Tone marks ่ ้ ๊ ๋ (U+0E48–U+0E4B).
    @inline(__always)
    static func isToneMark(_ value: UInt32) -> Bool { value &- 0x0E48 <= 3 }

    /// Thai digits ๐ … ๙ (U+0E50–U+0E59).
    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool { value &- 0x0E50 <= 9 }

    /// Non-spacing marks that sit above or below a consonant: ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎.
    @inline(__always)
    static func isCombiningMark(_ value: UInt32) -> Bool {
        value == 0x0E31 || (value &- 0x0E34 <= 0x0E3A - 0x0E34) || (value &- 0x0E47 <= 0x0E4E - 0x0E47)
    }

    /// The canonical combining class of a Thai scalar (Unicode 15): 103 for ุ ู, 9 for ฺ, 107 for
    /// the tone marks, 0 otherwise. NFC orders adjacent marks by it, so "กุ่" and "กุ่" are one string.
    @inline(__always)
    static func combiningClass(_ value: UInt32) -> UInt8 {
        switch value {
        case 0x0E38, 0x0E39: return 103
        case 0x0E3A: return 9
        case 0x0E48...0x0E4B: return 107
        default: return 0
        }
    }

    /// ๆ (U+0E46, mai yamok): "repeat the previous word". Always a token of its own.
    static let maiYamok: UInt32 = 0x0E46
}
