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
        let field = FieldBytes.trimmed(bytes)
        var scalars = 0
        var index = 0
        var isASCII = true
        while index < field.count {
            let byte = field[index]
            if byte < 0x20 || byte == 0x7F {
                guard byte == 0x09 || byte == 0x0A || byte == 0x0D else { throw controlCharacters }
            } else if byte >= 0x80 {
                isASCII = false
                if byte == 0xC2, index + 1 < field.count, field[index + 1] &- 0x80 < 0x20 { throw controlCharacters }
            }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            index += 1
        }
        if isASCII {
            guard scalars <= maximumLength else { throw .tooLong(maximum: maximumLength) }
            return String(decoding: field, as: UTF8.self)
        }
        guard let text = String(validating: field, as: UTF8.self) else { throw .invalidUTF8 }
        guard scalars <= maximumLength else { throw .tooLong(maximum: maximumLength) }
        return text
    }

    /// Parses `text` as the byte version does.
    public static func parse(_ text: String, maximumLength: Int) throws(FieldProblem) -> String {
        try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try parse(bytes, maximumLength: maximumLength) }
    }

    private static let controlCharacters = FieldProblem.malformed(expected: "text without control characters")
}
