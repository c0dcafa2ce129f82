/// Byte-level reading shared by the field parsers, on the raw UTF-8 of one field: no `String`,
/// no allocation.
///
/// A digit is an ASCII digit 0-9 (one byte) or a Thai digit ๐-๙ (U+0E50-U+0E59, the three bytes
/// E0 B9 90-99); every parser that reads numbers reads them through ``digit(_:at:)``.
enum FieldBytes {
    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 <= 4 }

    /// `bytes` without leading and trailing ASCII whitespace.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The digit (0-9) that starts at `index`, ASCII or Thai, or nil. An ASCII digit is one byte
    /// long, a Thai digit three: see ``width(ofDigitAt:in:)``.
    @inline(__always)
    static func digit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        if byte &- 0x30 < 10 { return Int(byte &- 0x30) }
        if byte == 0xE0, index + 2 < bytes.count, bytes[index + 1] == 0xB9, bytes[index + 2] &- 0x90 < 10 {
            return Int(bytes[index + 2] &- 0x90)
        }
        return nil
    }

    /// The byte length of the digit at `index` (which must be one): 1 for ASCII, 3 for Thai.
    @inline(__always)
    static func width(ofDigitAt index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes[index] < 0x80 ? 1 : 3
    }

    /// `byte` with A-Z lowered to a-z.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// True when `bytes` equal `literal` with ASCII letters compared case-insensitively.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for index in 0..<bytes.count where lowercased(bytes[index]) != lowercased(other[index]) { return false }
        return true
    }

    /// Runs `body` on the UTF-8 of `text` (no copy for a native string): the `String` entry
    /// points of the parsers go through here.
    static func withUTF8<R>(
        _ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> R
    ) throws(FieldProblem) -> R {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(FieldProblem) -> R in try body(bytes) } }
        return try result.get()
    }
}

/// A cursor over the bytes of one field, for parsers that read a value piece by piece.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }

    /// The byte at the cursor, or nil at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The bytes from the cursor to the end.
    var remaining: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[position...]) }

    /// Moves past `byte` if it is at the cursor.
    mutating func take(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        position += 1
        return true
    }

    /// Moves past `literal` if the bytes at the cursor spell it, ASCII letters compared
    /// case-insensitively (other bytes exactly).
    mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        let other = literal.utf8Start
        for index in 0..<count
        where FieldBytes.lowercased(bytes[position + index]) != FieldBytes.lowercased(other[index]) {
            return false
        }
        position += count
        return true
    }

    /// Moves past any ASCII whitespace; true when there was some.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = position
        while position < bytes.count, FieldBytes.isSpace(bytes[position]) { position += 1 }
        return position > start
    }

    /// Reads up to `maximum` (at most 18) digits, ASCII or Thai, and returns their value and how
    /// many there were (0 when the cursor is not on a digit).
    mutating func digits(maximum: Int) -> (value: Int, count: Int) {
        var value = 0, count = 0
        while count < maximum, position < bytes.count, let digit = FieldBytes.digit(bytes, at: position) {
            value = value * 10 + digit
            count += 1
            position += FieldBytes.width(ofDigitAt: position, in: bytes)
        }
        return (value, count)
    }

    /// True when the cursor is on a digit, ASCII or Thai.
    var isAtDigit: Bool { position < bytes.count && FieldBytes.digit(bytes, at: position) != nil }
}
