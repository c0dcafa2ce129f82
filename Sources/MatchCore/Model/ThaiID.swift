/// A 13-digit Thai identification number with a valid check digit: a citizen ID (เลขประจำตัว
/// ประชาชน) or, as ``JuristicID``, an employer's juristic person registration number (เลขทะเบียน
/// นิติบุคคล, which starts with 0).
///
/// The check digit is `d13 = (11 − (Σ_{i=1…12} d_i × (14 − i)) mod 11) mod 10`, where `d_i` is the
/// i-th digit from the left. It catches most typing slips but not all: the third digit has
/// weight 11, so a wrong third digit is never noticed, and sums with remainders 0 and 10 share the
/// check digit 1. A valid check digit is therefore no proof that an ID was typed correctly.
///
/// The number is personal data: ``description`` shows only its last four digits, so that an ID
/// interpolated into a log line by mistake does not leak. Use ``digits`` for the full number.
public struct ThaiID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 13 digits read as one decimal number (an ID that starts with 0 has a smaller value).
    public let value: UInt64

    /// An ID of `value` (less than 10¹³) whose last digit is the check digit of the first twelve;
    /// nil otherwise.
    public init?(value: UInt64) {
        guard value < 10_000_000_000_000, Self.hasValidCheckDigit(value) else { return nil }
        self.value = value
    }

    /// Parses the UTF-8 bytes of one field: 13 digits (ASCII or Thai ๐-๙), optionally grouped
    /// with single '-' or ' ' between digits ("1-1014-00000-00-1", "1 1014 00000 00 1"),
    /// surrounding whitespace ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed(expected: "13 digits")` for any
    ///   other count or character; ``FieldProblem/checkDigit`` when the last digit is wrong.
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        var value: UInt64 = 0, count = 0, index = 0
        var afterDigit = false
        while index < field.count {
            if let digit = FieldBytes.digit(field, at: index) {
                count += 1
                guard count <= 13 else { throw Self.malformed }
                value = value * 10 + UInt64(digit)
                index += FieldBytes.width(ofDigitAt: index, in: field)
                afterDigit = true
            } else if afterDigit, field[index] == 0x2D || field[index] == 0x20 {
                index += 1
                afterDigit = false
            } else {
                throw Self.malformed
            }
        }
        guard count == 13, afterDigit else { throw Self.malformed }
        guard Self.hasValidCheckDigit(value) else { throw .checkDigit }
        self.value = value
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try ThaiID(parsing: bytes) }
    }

    private static let malformed = FieldProblem.malformed(expected: "13 digits")

    /// The 13 digits, with leading zeros.
    public var digits: String {
        var remaining = value
        var bytes = [UInt8](repeating: 0x30, count: 13)
        for index in stride(from: 12, through: 0, by: -1) {
            bytes[index] = 0x30 + UInt8(remaining % 10)
            remaining /= 10
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "ThaiID(•••••••••0001)": only the last four digits.
    public var description: String {
        let digits = self.digits
        return "ThaiID(" + String(repeating: "•", count: 9) + digits.suffix(4) + ")"
    }

    /// The check digit of the first twelve digits of an ID, each 0...9, most significant first:
    /// `(11 − (Σ d_i × (14 − i)) mod 11) mod 10`.
    ///
    /// - Precondition: exactly twelve elements, each in 0...9.
    public static func checkDigit(of first12: some Sequence<Int>) -> Int {
        var sum = 0, count = 0
        for digit in first12 {
            precondition(digit >= 0 && digit <= 9, "ThaiID.checkDigit: digits must be 0...9")
            count += 1
            precondition(count <= 12, "ThaiID.checkDigit: expected 12 digits")
            sum += digit * (14 - count)
        }
        precondition(count == 12, "ThaiID.checkDigit: expected 12 digits")
        return (11 - sum % 11) % 10
    }

    /// True when the last decimal digit of `value` (taken as 13 digits) is the check digit.
    static func hasValidCheckDigit(_ value: UInt64) -> Bool {
        var remaining = value / 10
        var sum: UInt64 = 0
        for weight in 2...13 {                 // d12 has weight 2, d1 weight 13
            sum += (remaining % 10) * UInt64(weight)
            remaining /= 10
        }
        return (11 - sum % 11) % 10 == value % 10
    }

    public static func < (lhs: ThaiID, rhs: ThaiID) -> Bool { lhs.value < rhs.value }
}

/// A juristic person (company, partnership, foundation) registration number: 13 digits with the
/// same check digit as a citizen ID.
public typealias JuristicID = ThaiID
