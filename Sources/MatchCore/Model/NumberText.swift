/// A decimal number as written in one field, read digit by digit: an optional sign, an integer
/// part with optional thousands commas, an optional '.' and fraction. What ``Number`` and
/// ``Baht`` are parsed from.
///
/// Commas must form well-made groups: one to three digits, then groups of exactly three
/// ("1,234,567"; not "1,2345" or "12,5"), and only in the integer part. Digits are ASCII or Thai.
struct NumberText {
    /// A leading '-'.
    var isNegative = false
    /// The integer part, if it fits in an `Int`.
    var integerPart: Int? = 0
    /// Digits after the '.' (0 without one).
    var fractionDigits = 0
    /// The first digit after the '.', 0 without one.
    var firstFractionDigit = 0
    /// True when a digit after the '.' is not 0.
    var fractionIsNonZero = false
    /// All digits without leading zeros, as a number, while they fit in 19 digits.
    var significand: UInt64 = 0
    /// Digits counted into ``significand`` (more than 19: it no longer holds them all).
    var significantDigits = 0
    /// Digits of ``significand`` that come after the '.'.
    var significantFractionDigits = 0

    /// Reads the whole of `bytes`; nil when they are not one number (nothing but the number may
    /// be there: callers trim first). A '+' or '-' sign is read only when `signs` is true.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, signs: Bool) {
        var index = 0
        if signs, index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            isNegative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var integerDigits = 0, groupLength = 0, sawComma = false
        while index < bytes.count {
            if let digit = FieldBytes.digit(bytes, at: index) {
                integerDigits += 1
                groupLength += 1
                if let value = integerPart {
                    let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    integerPart = overflow1 || overflow2 ? nil : sum
                }
                addSignificant(digit)
                index += FieldBytes.width(ofDigitAt: index, in: bytes)
            } else if bytes[index] == UInt8(ascii: ",") {
                guard groupLength > 0, sawComma ? groupLength == 3 : groupLength <= 3 else { return nil }
                sawComma = true
                groupLength = 0
                index += 1
            } else {
                break
            }
        }
        guard integerDigits > 0, !sawComma || groupLength == 3 else { return nil }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            while index < bytes.count, let digit = FieldBytes.digit(bytes, at: index) {
                if fractionDigits == 0 { firstFractionDigit = digit }
                if digit != 0 { fractionIsNonZero = true }
                fractionDigits += 1
                addSignificant(digit, inFraction: true)
                index += FieldBytes.width(ofDigitAt: index, in: bytes)
            }
            guard fractionDigits > 0, index == bytes.count else { return nil }
        }
    }

    private mutating func addSignificant(_ digit: Int, inFraction: Bool = false) {
        if significantDigits == 0 && digit == 0 {
            if inFraction { significantFractionDigits += 1 }      // leading zeros of 0.00123
            return
        }
        significantDigits += 1
        guard significantDigits <= 19 else { return }
        significand = significand * 10 + UInt64(digit)
        if inFraction { significantFractionDigits += 1 }
    }

    /// The value as the nearest `Double`, or nil when it needs more than 19 significant digits
    /// (callers fall back to the standard library's parser).
    var double: Double? {
        guard significantDigits <= 19 else { return nil }
        var value: Double
        let scale = significantFractionDigits
        if significand < 1 << 53, scale <= 22 {
            value = Double(significand) / Self.powersOfTen[scale]  // both exact: correctly rounded
        } else {
            return nil
        }
        if isNegative { value = -value }
        return value
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// `bytes` as ASCII text for the standard library's parser: Thai digits made ASCII, commas
    /// dropped. Only for numbers that ``double`` cannot convert exactly.
    static func asciiText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var ascii: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if let digit = FieldBytes.digit(bytes, at: index) {
                ascii.append(0x30 + UInt8(digit))
                index += FieldBytes.width(ofDigitAt: index, in: bytes)
            } else {
                if bytes[index] != UInt8(ascii: ",") { ascii.append(bytes[index]) }
                index += 1
            }
        }
        return String(decoding: ascii, as: UTF8.self)
    }
}
