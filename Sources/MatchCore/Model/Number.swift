/// Parsers for plain numbers: counts, ages, years of experience, hours, scores.
///
/// Digits may be ASCII or Thai (๐-๙); the integer part may have thousands commas in well-made
/// groups ("1,234"); the decimal mark is '.'. A sign '+' or '-' may come first. Surrounding
/// whitespace is ignored; nothing else may be in the field (no units, no exponent).
public enum Number {
    /// A whole number in `range`.
    ///
    /// A fraction of zeros is accepted ("12.0", as spreadsheets write whole numbers); any other
    /// fraction is refused.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed(expected: "a whole number")`;
    ///   `.outOfRange("must be between <lower> and <upper>")` outside `range`.
    /// - Complexity: O(n) in the field's length, no allocation.
    public static func integer(_ bytes: UnsafeBufferPointer<UInt8>, in range: ClosedRange<Int>) throws(FieldProblem) -> Int {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let number = NumberText(field, signs: true), !number.fractionIsNonZero else {
            throw .malformed(expected: "a whole number")
        }
        guard let magnitude = number.integerPart else {
            throw .notBetween(Double(range.lowerBound), Double(range.upperBound))
        }
        let value = number.isNegative ? -magnitude : magnitude
        guard range.contains(value) else { throw .notBetween(Double(range.lowerBound), Double(range.upperBound)) }
        return value
    }

    /// Parses `text` as the byte version does.
    public static func integer(_ text: String, in range: ClosedRange<Int>) throws(FieldProblem) -> Int {
        try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try integer(bytes, in: range) }
    }

    /// A decimal number in `range` ("3.5", "๓.๕", "1,234.75", "-0.25"), converted to the nearest
    /// `Double`.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed(expected: "a number such as 3.5")`;
    ///   `.outOfRange("must be between <lower> and <upper>")` outside `range`.
    /// - Complexity: O(n) in the field's length; no allocation unless the number has more than
    ///   15 significant digits.
    public static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, in range: ClosedRange<Double>) throws(FieldProblem) -> Double {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let number = NumberText(field, signs: true) else {
            throw .malformed(expected: "a number such as 3.5")
        }
        guard let value = number.double ?? Double(NumberText.asciiText(field)), value.isFinite,
              range.contains(value)
        else {
            throw .notBetween(range.lowerBound, range.upperBound)
        }
        return value
    }

    /// Parses `text` as the byte version does.
    public static func decimal(_ text: String, in range: ClosedRange<Double>) throws(FieldProblem) -> Double {
        try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try decimal(bytes, in: range) }
    }
}
