/// Parser for amounts of money in Thai baht (wages, salaries), as whole baht.
public enum Baht {
    /// Whole baht from the UTF-8 bytes of one field.
    ///
    /// Accepted: digits (ASCII or Thai) with optional thousands commas in well-made groups
    /// ("15000", "15,000", "๑๕,๐๐๐"), an optional decimal part rounded half up to whole baht
    /// ("15000.50" → 15001, "15000.49" → 15000), the Thai price ending ".-" ("15,000.-"), and
    /// the currency written before or after the number, with or without a space: "฿", "THB"
    /// (any case) or "บาท" ("฿15,000", "15,000 บาท", "THB 15000"). Surrounding whitespace is
    /// ignored. There is no upper limit: callers check the range they allow.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.outOfRange("must not be negative")` for
    ///   a negative amount, `.outOfRange("too large")` beyond `Int`; `.malformed` otherwise.
    /// - Complexity: O(n) in the field's length, no allocation.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> Int {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        var start = 0, end = field.count
        var isNegative = false
        // A sign, the currency, a sign: "-฿100", "฿-100", "฿ 100".
        func skipSpaces() { while start < end, FieldBytes.isSpace(field[start]) { start += 1 } }
        func takeSign() {
            if !isNegative, start < end, field[start] == UInt8(ascii: "-") {
                isNegative = true
                start += 1
                skipSpaces()
            }
        }
        takeSign()
        if let length = currency(atStartOf: field, from: start, to: end) {
            start += length
            skipSpaces()
        }
        takeSign()
        // Trailing currency, then ".-".
        if let length = currency(atEndOf: field, from: start, to: end) {
            end -= length
            while end > start, FieldBytes.isSpace(field[end - 1]) { end -= 1 }
        }
        if end - start > 2, field[end - 2] == UInt8(ascii: "."), field[end - 1] == UInt8(ascii: "-") { end -= 2 }
        guard start < end, let number = NumberText(UnsafeBufferPointer(rebasing: field[start..<end]), signs: false) else {
            throw malformed
        }
        guard !isNegative else { throw .outOfRange("must not be negative") }
        guard let whole = number.integerPart else { throw .outOfRange("too large") }
        let (rounded, overflow) = whole.addingReportingOverflow(number.firstFractionDigit >= 5 ? 1 : 0)
        guard !overflow else { throw .outOfRange("too large") }
        return rounded
    }

    /// Parses `text` as the byte version does.
    public static func parse(_ text: String) throws(FieldProblem) -> Int {
        try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try parse(bytes) }
    }

    private static let malformed = FieldProblem.malformed(expected: "an amount in baht such as 15000, 15,000.50 or ฿15,000")

    private static let symbols: [StaticString] = ["฿", "THB", "บาท"]

    /// The length of the currency symbol that `field[from..<to]` starts with, or nil.
    private static func currency(atStartOf field: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        for symbol in symbols {
            let count = symbol.utf8CodeUnitCount
            if to - from >= count,
               FieldBytes.equalsIgnoringCase(UnsafeBufferPointer(rebasing: field[from..<from + count]), symbol)
            {
                return count
            }
        }
        return nil
    }

    /// The length of the currency symbol that `field[from..<to]` ends with, or nil.
    private static func currency(atEndOf field: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        for symbol in symbols {
            let count = symbol.utf8CodeUnitCount
            if to - from >= count,
               FieldBytes.equalsIgnoringCase(UnsafeBufferPointer(rebasing: field[to - count..<to]), symbol)
            {
                return count
            }
        }
        return nil
    }
}
