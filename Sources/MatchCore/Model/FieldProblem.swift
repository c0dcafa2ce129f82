/// Why one field of one row was refused.
///
/// A problem never carries the field's value: IDs, names, dates of birth and wages are personal
/// data, and problems end up in logs and import reports. The importer adds the file, row and
/// field name; a problem says only what was wrong and what was expected.
///
/// ```swift
/// do {
///     let id = try ThaiID(parsing: "1-1014-00000-00-2")
/// } catch {
///     print(error)   // "13-digit ID whose check digit does not match"
/// }
/// ```
public enum FieldProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A required value is empty (only whitespace) or absent.
    case missing
    /// The value does not have the expected shape; `expected` describes that shape, for example
    /// "a date such as 2021-03-05, 05/03/2564 or 5 มี.ค. 2564".
    case malformed(expected: String)
    /// The value has the right shape but is outside what is allowed, for example
    /// "must be between 0 and 60".
    case outOfRange(String)
    /// The value is not in a closed list, for example "unknown province" or
    /// "unknown ISCO-08 unit group".
    case unknown(String)
    /// A 13-digit Thai ID whose last digit is not the check digit of the first twelve.
    case checkDigit
    /// The bytes are not valid UTF-8.
    case invalidUTF8
    /// The text has more than `maximum` characters (Unicode scalars).
    case tooLong(maximum: Int)

    /// A short English phrase, without the value, that fits after "row 12, field wage: ".
    public var description: String {
        switch self {
        case .missing: "required value is missing"
        case .malformed(let expected): "malformed value, expected \(expected)"
        case .outOfRange(let rule): "value out of range: \(rule)"
        case .unknown(let what): what
        case .checkDigit: "13-digit ID whose check digit does not match"
        case .invalidUTF8: "bytes that are not valid UTF-8"
        case .tooLong(let maximum): "text longer than \(maximum) characters"
        }
    }
}

extension FieldProblem {
    /// `.outOfRange("must be between \(lower) and \(upper)")`, integral bounds written without a
    /// fraction.
    static func notBetween(_ lower: Double, _ upper: Double) -> FieldProblem {
        .outOfRange("must be between \(formatBound(lower)) and \(formatBound(upper))")
    }

    private static func formatBound(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
