/// Parser for yes/no fields: has a driving licence, disabled, accepts foreign workers.
public enum YesNo {
    /// True or false from the UTF-8 bytes of one field: true, yes, y, t, 1, on, ใช่, ได้, มี;
    /// false, no, n, f, 0, off, ไม่ใช่, ไม่ได้, ไม่มี. ASCII case does not matter (nor do
    /// spaces, dots or Thai digits); surrounding whitespace is ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed` for anything else.
    /// - Complexity: O(n) in the field's length, no allocation.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> Bool {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let value = names.lookup(field) else {
            throw .malformed(expected: "yes or no (true/false, 1/0, ใช่/ไม่ใช่, มี/ไม่มี)")
        }
        return value
    }

    /// Parses `text` as the byte version does.
    public static func parse(_ text: String) throws(FieldProblem) -> Bool {
        try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try parse(bytes) }
    }

    static let names = NameTable<Bool>([
        ("true", true), ("yes", true), ("y", true), ("t", true), ("1", true), ("on", true),
        ("ใช่", true), ("ได้", true), ("มี", true),
        ("false", false), ("no", false), ("n", false), ("f", false), ("0", false), ("off", false),
        ("ไม่ใช่", false), ("ไม่ได้", false), ("ไม่มี", false),
    ])
}
