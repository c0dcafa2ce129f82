/// The highest education completed, in the levels of Thailand's system (and DOE's forms), in
/// increasing order.
///
/// Vocational and general tracks meet at two levels: ``vocationalCertificate`` (ปวช.) is
/// completed at the age of upper secondary school, ``diploma`` (ปวส., or อนุปริญญา, an associate
/// degree) two years later, below a bachelor's degree.
public enum EducationLevel: Int8, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// No schooling completed (ไม่มี).
    case none = 0
    /// Primary school, ป.6 (ประถมศึกษา).
    case primary
    /// Lower secondary school, ม.3 (มัธยมศึกษาตอนต้น).
    case lowerSecondary
    /// Upper secondary school, ม.6 (มัธยมศึกษาตอนปลาย).
    case upperSecondary
    /// Vocational certificate, ปวช. (ประกาศนียบัตรวิชาชีพ).
    case vocationalCertificate
    /// High vocational certificate, ปวส. (ประกาศนียบัตรวิชาชีพชั้นสูง), or associate degree
    /// (อนุปริญญา).
    case diploma
    /// Bachelor's degree (ปริญญาตรี).
    case bachelor
    /// Master's degree (ปริญญาโท).
    case master
    /// Doctorate (ปริญญาเอก).
    case doctorate

    /// A stable snake_case token for files and databases: "none", "primary", "lower_secondary",
    /// "upper_secondary", "vocational_certificate", "diploma", "bachelor", "master", "doctorate".
    public var code: String {
        switch self {
        case .none: "none"
        case .primary: "primary"
        case .lowerSecondary: "lower_secondary"
        case .upperSecondary: "upper_secondary"
        case .vocationalCertificate: "vocational_certificate"
        case .diploma: "diploma"
        case .bachelor: "bachelor"
        case .master: "master"
        case .doctorate: "doctorate"
        }
    }

    /// English name, "Bachelor's degree".
    public var englishName: String {
        switch self {
        case .none: "No formal education"
        case .primary: "Primary school"
        case .lowerSecondary: "Lower secondary school"
        case .upperSecondary: "Upper secondary school"
        case .vocationalCertificate: "Vocational certificate"
        case .diploma: "High vocational certificate"
        case .bachelor: "Bachelor's degree"
        case .master: "Master's degree"
        case .doctorate: "Doctorate"
        }
    }

    /// Thai name, "ปริญญาตรี".
    public var thaiName: String {
        switch self {
        case .none: "ไม่มี"
        case .primary: "ประถมศึกษา"
        case .lowerSecondary: "มัธยมศึกษาตอนต้น"
        case .upperSecondary: "มัธยมศึกษาตอนปลาย"
        case .vocationalCertificate: "ประกาศนียบัตรวิชาชีพ"
        case .diploma: "ประกาศนียบัตรวิชาชีพชั้นสูง"
        case .bachelor: "ปริญญาตรี"
        case .master: "ปริญญาโท"
        case .doctorate: "ปริญญาเอก"
        }
    }

    /// The ``code``.
    public var description: String { code }

    public static func < (lhs: EducationLevel, rhs: EducationLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Parses the UTF-8 bytes of one field: a ``code``, a digit 0 … 8 (the raw value, ASCII or
    /// Thai), an English name or abbreviation ("high school", "Bachelor's degree", "B.Sc.",
    /// "MBA", "Ph.D.", "associate degree") or a Thai one ("ม.6", "ปวช.", "ป.ตรี", "ปริญญาโท").
    /// ASCII case, spaces, dots, hyphens and apostrophes do not matter. Surrounding whitespace is
    /// ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.unknown("unknown education level")`.
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let level = Self.names.lookup(field) else { throw .unknown("unknown education level") }
        self = level
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try EducationLevel(parsing: bytes) }
    }

    /// The names each level is known by, besides its code, English and Thai name.
    static let variants: [(EducationLevel, [String])] = [
        (.none, ["0", "no education", "no schooling", "no formal schooling", "ไม่ได้เรียน", "ไม่ได้ศึกษา",
                 "ไม่มีวุฒิ", "ไม่มีวุฒิการศึกษา", "ต่ำกว่าประถมศึกษา"]),
        (.primary, ["1", "primary", "primary education", "elementary", "elementary school", "grade 6",
                    "ประถม", "ป.6", "ประถมศึกษาปีที่ 6", "ประถมศึกษาตอนปลาย"]),
        (.lowerSecondary, ["2", "lower secondary", "lower secondary education", "middle school",
                           "junior high school", "junior high", "grade 9", "มัธยมต้น", "ม.ต้น", "ม.3",
                           "มัธยมศึกษาปีที่ 3"]),
        (.upperSecondary, ["3", "upper secondary", "upper secondary education", "high school",
                           "senior high school", "secondary school", "grade 12", "มัธยมปลาย", "ม.ปลาย",
                           "ม.6", "มัธยมศึกษาปีที่ 6"]),
        (.vocationalCertificate, ["4", "vocational", "vocational certificate", "vocational school", "vc",
                                  "ปวช.", "ปวช", "อาชีวศึกษา"]),
        (.diploma, ["5", "high vocational certificate", "higher vocational certificate", "high vocational",
                    "higher vocational", "hvc", "associate degree", "associate", "associate's degree",
                    "ปวส.", "ปวส", "ปวท.", "อนุปริญญา"]),
        (.bachelor, ["6", "bachelor", "bachelors", "bachelor's", "bachelor degree", "bachelor's degree",
                     "undergraduate", "ba", "bs", "bsc", "beng", "bba", "bed", "ปริญญาตรี", "ป.ตรี"]),
        (.master, ["7", "master", "masters", "master's", "master degree", "master's degree",
                   "ma", "ms", "msc", "meng", "mba", "med", "ปริญญาโท", "ป.โท"]),
        (.doctorate, ["8", "doctorate", "doctoral", "doctoral degree", "phd", "ph.d.", "dphil",
                      "edd", "ปริญญาเอก", "ป.เอก"]),
    ]

    static let names: NameTable<EducationLevel> = {
        var entries: [(String, EducationLevel)] = []
        for level in allCases {
            entries += [(level.code, level), (level.englishName, level), (level.thaiName, level)]
        }
        for (level, names) in variants { entries += names.map { ($0, level) } }
        return NameTable(entries)
    }()
}
