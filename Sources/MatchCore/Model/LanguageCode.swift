/// A language as its ISO 639-1 two-letter code ("th", "my"), packed in two bytes.
///
/// Only the 184 codes of ISO 639-1 exist (see ``all``; the withdrawn "bh" is kept, since old
/// data still has it). Parsing accepts the code in any case, the ISO 639-2 three-letter code of
/// a common language ("tha", "mya", "bur"), and English and Thai names of the languages job
/// seekers and vacancies most often give ("Thai", "ภาษาไทย", "Burmese", "พม่า", "Mandarin"), with
/// or without the word ภาษา ("language") in front.
public struct LanguageCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The two lower-case ASCII letters, the first in the high byte: "th" is 0x7468.
    public let value: UInt16

    private init(uncheckedValue: UInt16) { value = uncheckedValue }

    /// The language of a two-letter code, any case; nil when it is not an ISO 639-1 code.
    public init?(code: String) {
        var text = code
        guard let value = text.withUTF8({ Self.codeValue($0) }) else { return nil }
        self.value = value
    }

    /// Parses the UTF-8 bytes of one field: a code or a known name (see the type's
    /// discussion); surrounding whitespace ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty;
    ///   `.unknown("unknown language (ISO 639-1 code expected)")` otherwise.
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        if let value = Self.codeValue(field) {
            self.value = value
        } else if let language = Self.names.lookup(field) {
            self = language
        } else if field.starts(with: Self.phasa),
                  let language = Self.names.lookup(UnsafeBufferPointer(rebasing: field[Self.phasa.count...]))
        {
            self = language
        } else {
            throw .unknown("unknown language (ISO 639-1 code expected)")
        }
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try LanguageCode(parsing: bytes) }
    }

    /// The code, "th".
    public var code: String { String(decoding: [UInt8(value >> 8), UInt8(value & 0xFF)], as: UTF8.self) }

    /// The code.
    public var description: String { code }

    public static func < (lhs: LanguageCode, rhs: LanguageCode) -> Bool { lhs.value < rhs.value }

    /// th.
    public static let thai = LanguageCode(uncheckedValue: 0x7468)
    /// en.
    public static let english = LanguageCode(uncheckedValue: 0x656E)

    /// All 184 ISO 639-1 languages, in alphabetical order of code.
    public static var all: [LanguageCode] {
        isoCodes.split(separator: " ").map { code in
            let letters = Array(code.utf8)
            return LanguageCode(uncheckedValue: UInt16(letters[0]) << 8 | UInt16(letters[1]))
        }
    }

    // MARK: Tables

    /// The ISO 639-1 codes, from Debian's iso-codes 4.15.0 (`iso_639-2.json`, the `alpha_2`
    /// fields); see `Resources/reference/SOURCE.md`.
    static let isoCodes = """
        aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
        da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu \
        hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb \
        lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om \
        or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw \
        ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """

    /// Bit 26 × (first − 'a') + (second − 'a') is set for each code.
    private static let assigned: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (26 * 26 + 63) / 64)
        for language in all {
            let bit = Int((language.value >> 8) - 0x61) * 26 + Int((language.value & 0xFF) - 0x61)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        return bits
    }()

    /// The value of a two-letter code in `bytes`, any case, if it is an ISO 639-1 code.
    private static func codeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16? {
        guard bytes.count == 2 else { return nil }
        let first = bytes[0] | 0x20, second = bytes[1] | 0x20      // lower-case ASCII letters
        guard first &- 0x61 < 26, second &- 0x61 < 26 else { return nil }
        let bit = Int(first - 0x61) * 26 + Int(second - 0x61)
        guard assigned[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        return UInt16(first) << 8 | UInt16(second)
    }

    /// "ภาษา" (language), which may come before a Thai name.
    private static let phasa = Array("ภาษา".utf8)

    /// Names of common languages, by code: English names, ISO 639-2 codes and Thai names.
    static let commonNames: [(String, [String])] = [
        ("th", ["Thai", "tha", "ไทย"]),
        ("en", ["English", "eng", "อังกฤษ"]),
        ("zh", ["Chinese", "Mandarin", "Mandarin Chinese", "Cantonese", "zho", "chi", "จีน", "จีนกลาง", "จีนกวางตุ้ง"]),
        ("ja", ["Japanese", "jpn", "ญี่ปุ่น"]),
        ("ko", ["Korean", "kor", "เกาหลี"]),
        ("my", ["Burmese", "Myanmar", "mya", "bur", "พม่า", "เมียนมา"]),
        ("lo", ["Lao", "Laotian", "lao", "ลาว"]),
        ("km", ["Khmer", "Cambodian", "khm", "เขมร", "กัมพูชา"]),
        ("ms", ["Malay", "Bahasa Malaysia", "Bahasa Melayu", "msa", "may", "มลายู", "มาเลย์"]),
        ("id", ["Indonesian", "Bahasa Indonesia", "ind", "อินโดนีเซีย"]),
        ("vi", ["Vietnamese", "vie", "เวียดนาม"]),
        ("tl", ["Tagalog", "Filipino", "tgl", "ตากาล็อก"]),
        ("fr", ["French", "fra", "fre", "ฝรั่งเศส"]),
        ("de", ["German", "deu", "ger", "เยอรมัน"]),
        ("es", ["Spanish", "spa", "สเปน"]),
        ("pt", ["Portuguese", "por", "โปรตุเกส"]),
        ("it", ["Italian", "ita", "อิตาลี", "อิตาเลียน"]),
        ("ru", ["Russian", "rus", "รัสเซีย"]),
        ("ar", ["Arabic", "ara", "อาหรับ"]),
        ("hi", ["Hindi", "hin", "ฮินดี"]),
        ("he", ["Hebrew", "heb", "ฮีบรู"]),
        ("nl", ["Dutch", "nld", "dut", "ดัตช์"]),
        ("sv", ["Swedish", "swe", "สวีเดน"]),
        ("da", ["Danish", "dan", "เดนมาร์ก"]),
        ("no", ["Norwegian", "nor", "นอร์เวย์"]),
        ("fi", ["Finnish", "fin", "ฟินแลนด์"]),
        ("pl", ["Polish", "pol", "โปแลนด์"]),
        ("tr", ["Turkish", "tur", "ตุรกี"]),
        ("ne", ["Nepali", "nep", "เนปาล"]),
        ("bn", ["Bengali", "Bangla", "ben", "เบงกาลี"]),
        ("ta", ["Tamil", "tam", "ทมิฬ"]),
        ("ur", ["Urdu", "urd", "อูรดู"]),
        ("si", ["Sinhala", "Sinhalese", "sin", "สิงหล"]),
        ("mn", ["Mongolian", "mon", "มองโกเลีย"]),
        ("fa", ["Persian", "Farsi", "fas", "per", "เปอร์เซีย"]),
        ("el", ["Greek", "ell", "gre", "กรีก"]),
        ("la", ["Latin", "lat", "ละติน"]),
        ("pi", ["Pali", "pli", "บาลี"]),
        ("sa", ["Sanskrit", "san", "สันสกฤต"]),
    ]

    static let names: NameTable<LanguageCode> = {
        var entries: [(String, LanguageCode)] = []
        for (code, names) in commonNames {
            let letters = Array(code.utf8)
            let language = LanguageCode(uncheckedValue: UInt16(letters[0]) << 8 | UInt16(letters[1]))
            entries += names.map { ($0, language) }
        }
        return NameTable(entries)
    }()
}
