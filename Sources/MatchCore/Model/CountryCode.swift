/// A country or territory as its ISO 3166-1 alpha-2 code ("TH", "MM"), packed in two bytes.
///
/// Only the 249 current codes of ISO 3166-1 exist (see ``all``). Parsing accepts, besides the
/// two-letter code:
/// - any alpha-3 code ("MMR", "LAO", "KHM"),
/// - ISO's English short names and common names ("Viet Nam", "Vietnam", "Korea, Republic of"),
///   plus everyday variants for the countries DOE deals with most ("Burma", "Lao PDR",
///   "South Korea", "Korea", "UK", "USA", "UAE", …),
/// - Thai names for those countries (เมียนมา, พม่า, ลาว, สปป.ลาว, กัมพูชา, เกาหลีใต้, …), with or
///   without the word ประเทศ ("country") in front.
///
/// Names are compared ignoring ASCII case, spaces, hyphens, dots, commas and apostrophes.
public struct CountryCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The two upper-case ASCII letters, the first in the high byte: "TH" is 0x5448. Ordering by
    /// value is alphabetical.
    public let value: UInt16

    private init(uncheckedValue: UInt16) { value = uncheckedValue }

    /// The country of a two-letter code, any case ("th", "TH"); nil when it is not one of the
    /// 249 ISO 3166-1 codes.
    public init?(alpha2: String) {
        var text = alpha2
        guard let code = text.withUTF8({ Self.alpha2Value($0) }) else { return nil }
        value = code
    }

    /// Parses the UTF-8 bytes of one field: an alpha-2 or alpha-3 code or a known English or
    /// Thai name (see the type's discussion); surrounding whitespace ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty;
    ///   `.unknown("unknown country (ISO 3166-1 alpha-2 expected)")` otherwise.
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        if let code = Self.alpha2Value(field) {
            value = code
        } else if let country = Self.names.lookup(field) {
            self = country
        } else if field.starts(with: Self.prathet),
                  let country = Self.names.lookup(UnsafeBufferPointer(rebasing: field[Self.prathet.count...]))
        {
            self = country
        } else {
            throw .unknown("unknown country (ISO 3166-1 alpha-2 expected)")
        }
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try CountryCode(parsing: bytes) }
    }

    /// The code, "TH".
    public var alpha2: String {
        String(decoding: [UInt8(value >> 8), UInt8(value & 0xFF)], as: UTF8.self)
    }

    /// The alpha-2 code.
    public var description: String { alpha2 }

    /// ISO 3166-1's English short name ("Thailand", "Korea, Republic of").
    public var englishName: String { Self.englishNames[value] ?? alpha2 }

    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool { lhs.value < rhs.value }

    /// TH.
    public static let thailand = CountryCode(uncheckedValue: 0x5448)
    /// MM.
    public static let myanmar = CountryCode(uncheckedValue: 0x4D4D)
    /// LA.
    public static let laos = CountryCode(uncheckedValue: 0x4C41)
    /// KH.
    public static let cambodia = CountryCode(uncheckedValue: 0x4B48)

    /// All 249 ISO 3166-1 countries and territories, in alphabetical order of code.
    public static var all: [CountryCode] { isoEntries.map { CountryCode(uncheckedValue: $0.code) } }

    // MARK: Tables

    /// The value of a two-letter alpha-2 code in `bytes`, any case, if it is an ISO 3166-1 code.
    private static func alpha2Value(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16? {
        guard bytes.count == 2 else { return nil }
        let first = bytes[0] & 0xDF, second = bytes[1] & 0xDF        // upper-case ASCII letters
        guard first &- 0x41 < 26, second &- 0x41 < 26 else { return nil }
        let bit = Int(first - 0x41) * 26 + Int(second - 0x41)
        guard assigned[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        return UInt16(first) << 8 | UInt16(second)
    }

    /// "ประเทศ" (country), which may come before a Thai name.
    private static let prathet = Array("ประเทศ".utf8)

    /// One line of ``isoList``.
    private struct ISOEntry {
        var code: UInt16
        var alpha3: String
        var names: [String]
    }

    private static let isoEntries: [ISOEntry] = isoList.split(separator: "\n").map { line in
        let parts = line.split(separator: " ", maxSplits: 2)
        let letters = Array(parts[0].utf8)
        return ISOEntry(
            code: UInt16(letters[0]) << 8 | UInt16(letters[1]),
            alpha3: String(parts[1]),
            names: parts[2].split(separator: "|").map(String.init)
        )
    }

    /// Bit 26 × (first − 'A') + (second − 'A') is set for each assigned alpha-2 code.
    private static let assigned: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (26 * 26 + 63) / 64)
        for entry in isoEntries {
            let bit = Int((entry.code >> 8) - 0x41) * 26 + Int((entry.code & 0xFF) - 0x41)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        return bits
    }()

    private static let englishNames: [UInt16: String] = Dictionary(
        uniqueKeysWithValues: isoEntries.map { ($0.code, $0.names[0]) }
    )

    /// Alpha-3 codes, ISO names and ``aliases``.
    static let names: NameTable<CountryCode> = {
        var entries: [(String, CountryCode)] = []
        for entry in isoEntries {
            let country = CountryCode(uncheckedValue: entry.code)
            entries.append((entry.alpha3, country))
            for name in entry.names { entries.append((name, country)) }
        }
        for (code, names) in aliases {
            let letters = Array(code.utf8)
            let country = CountryCode(uncheckedValue: UInt16(letters[0]) << 8 | UInt16(letters[1]))
            for name in names { entries.append((name, country)) }
        }
        return NameTable(entries)
    }()
}
