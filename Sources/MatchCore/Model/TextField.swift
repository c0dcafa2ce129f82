/// Parser for free-text fields: names, job titles, descriptions, addresses.
public enum TextField {
    /// The text of the UTF-8 bytes of one field, with surrounding ASCII whitespace removed.
    ///
    /// The bytes must be valid UTF-8, and the text may hold no control characters other than
    /// tab, line feed and carriage return (no NUL, escape, DEL or the C1 controls U+0080-U+009F).
    /// An empty field gives "" (callers decide whether the field is required).
    ///
    /// - Parameter maximumLength: the most Unicode scalars the text may have, after trimming.
    /// - Throws: ``FieldProblem/invalidUTF8``;
    ///   `.malformed(expected: "text without control characters")`;
    ///   `.tooLong(maximum: maximumLength)`.
    /// - Complexity: O(n) in the field's length; allocates only the returned string.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maximumLength: Int) throws(FieldProblem) -> String {
        String(decoding: try validated(bytes, maximumLength: maximumLength), as: UTF8.self)
    }

    /// The trimmed bytes of a valid text field, checked as ``parse(_:maximumLength:)-(UnsafeBufferPointer<UInt8>,_)``
    /// checks them, without making a string (to join several fields into one).
    static func validated(_ bytes: UnsafeBufferPointer<UInt8>, maximumLength: Int) throws(FieldProblem) -> UnsafeBufferPointer<UInt8> {
        let field = FieldBytes.trimmed(bytes)
        var scalars = 0, index = 0
        let count = field.count
        while index < count {
            let byte = field[index]
            scalars += 1
            if byte < 0x80 {
                if byte < 0x20 || byte == 0x7F, byte != 0x09, byte != 0x0A, byte != 0x0D { throw controlCharacters }
                index += 1
                continue
            }
            // RFC 3629: the ranges of the second byte exclude overlong forms, surrogates and
            // scalars above U+10FFFF.
            let width: Int, secondLow: UInt8, secondHigh: UInt8
            switch byte {
            case 0xC2...0xDF: (width, secondLow, secondHigh) = (2, 0x80, 0xBF)
            case 0xE0: (width, secondLow, secondHigh) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE, 0xEF: (width, secondLow, secondHigh) = (3, 0x80, 0xBF)
            case 0xED: (width, secondLow, secondHigh) = (3, 0x80, 0x9F)
            case 0xF0: (width, secondLow, secondHigh) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (width, secondLow, secondHigh) = (4, 0x80, 0xBF)
            case 0xF4: (width, secondLow, secondHigh) = (4, 0x80, 0x8F)
            default: throw .invalidUTF8
            }
            guard index + width <= count, (secondLow...secondHigh).contains(field[index + 1]) else { throw .invalidUTF8 }
            for next in index + 2 ..< index + width where field[next] & 0xC0 != 0x80 { throw .invalidUTF8 }
            if byte == 0xC2, field[index + 1] < 0xA0 { throw controlCharacters }   // C1: U+0080–U+009F
            index += width
        }
        guard scalars <= maximumLength else { throw .tooLong(maximum: maximumLength) }
        return field
    }

    /// Parses `text` as the byte version does.
    public static func parse(_ text: String, maximumLength: Int) throws(FieldProblem) -> String {
        try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try parse(bytes, maximumLength: maximumLength) }
    }

    private static let controlCharacters = FieldProblem.malformed(expected: "text without control characters")
}
