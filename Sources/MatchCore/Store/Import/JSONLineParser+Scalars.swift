import Foundation

extension JSONLineParser {
    /// A parsed string: its unescaped bytes, in the line or in the scratch buffer.
    struct StringBytes {
        var start: UnsafePointer<UInt8>
        var count: Int
    }

    /// Parses the string whose opening quote is at `i`. Bytes without escapes are left in the
    /// line; a string with escapes is unescaped into the scratch buffer at `out`.
    @inline(__always)
    mutating func parseString() throws(JSONLineFailure) -> StringBytes {
        i += 1
        let start = i
        while true {
            if count - i >= 8 {
                let word = ByteScan.word(p + i)
                let found = ByteScan.has(word, 0x22) | ByteScan.has(word, 0x5C) | ByteScan.hasLess(word, than: 0x20)
                if found == 0 {
                    i += 8
                    continue
                }
                i += ByteScan.firstFlagged(found)
            } else if i >= count {
                throw invalid(expected: "'\"' to end the string")
            }
            let byte = p[i]
            if byte == 0x22 {
                i += 1
                return StringBytes(start: p + start, count: i - 1 - start)
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw invalid("control character in a string", at: i) }
            i += 1
        }
        // Escapes: copy what came before, then unescape the rest.
        let outStart = out
        (scratch + out).update(from: p + start, count: i - start)
        out += i - start
        while true {
            guard i < count else { throw invalid(expected: "'\"' to end the string") }
            let byte = p[i]
            if byte == 0x22 {
                i += 1
                return StringBytes(start: UnsafePointer(scratch + outStart), count: out - outStart)
            }
            if byte == 0x5C {
                try unescape()
            } else if byte < 0x20 {
                throw invalid("control character in a string", at: i)
            } else {
                scratch[out] = byte
                out += 1
                i += 1
            }
        }
    }

    /// Writes the character of the escape at `i` to the scratch buffer as UTF-8.
    private mutating func unescape() throws(JSONLineFailure) {
        let at = i
        guard i + 1 < count else { throw invalid(expected: "an escape character") }
        var code: UInt32
        switch p[i + 1] {
        case 0x22, 0x5C, 0x2F: code = UInt32(p[i + 1])
        case UInt8(ascii: "b"): code = 0x08
        case UInt8(ascii: "f"): code = 0x0C
        case UInt8(ascii: "n"): code = 0x0A
        case UInt8(ascii: "r"): code = 0x0D
        case UInt8(ascii: "t"): code = 0x09
        case UInt8(ascii: "u"): code = 0  // below
        default: throw invalid("unknown escape", at: at)
        }
        i += 2
        if p[at + 1] == UInt8(ascii: "u") {
            code = try hex4()
            if code >= 0xD800 && code <= 0xDBFF {
                // A high surrogate must be followed by an escaped low one.
                guard count - i >= 2 && p[i] == 0x5C && p[i + 1] == UInt8(ascii: "u") else {
                    throw invalid("unpaired surrogate escape", at: at)
                }
                i += 2
                let low = try hex4()
                guard low >= 0xDC00 && low <= 0xDFFF else { throw invalid("unpaired surrogate escape", at: at) }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if code >= 0xDC00 && code <= 0xDFFF {
                throw invalid("unpaired surrogate escape", at: at)
            }
        }
        let s = scratch + out
        switch code {
        case ..<0x80:
            s[0] = UInt8(code)
            out += 1
        case ..<0x800:
            s[0] = UInt8(0xC0 | code >> 6)
            s[1] = UInt8(0x80 | code & 0x3F)
            out += 2
        case ..<0x10000:
            s[0] = UInt8(0xE0 | code >> 12)
            s[1] = UInt8(0x80 | code >> 6 & 0x3F)
            s[2] = UInt8(0x80 | code & 0x3F)
            out += 3
        default:
            s[0] = UInt8(0xF0 | code >> 18)
            s[1] = UInt8(0x80 | code >> 12 & 0x3F)
            s[2] = UInt8(0x80 | code >> 6 & 0x3F)
            s[3] = UInt8(0x80 | code & 0x3F)
            out += 4
        }
    }

    /// The four hex digits at `i`, which it passes.
    private mutating func hex4() throws(JSONLineFailure) -> UInt32 {
        guard count - i >= 4 else { throw invalid(expected: "4 hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = p[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw invalid(expected: "4 hex digits")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// Passes the number at `i` (JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`).
    mutating func parseNumber() throws(JSONLineFailure) {
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < count, isDigit(p[i]) else { throw invalid(expected: "a digit") }
        if p[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < count && isDigit(p[i]) { i += 1 }
        }
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < count, isDigit(p[i]) else { throw invalid(expected: "a digit") }
            while i < count && isDigit(p[i]) { i += 1 }
        }
        if i < count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            if i < count && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < count, isDigit(p[i]) else { throw invalid(expected: "a digit") }
            while i < count && isDigit(p[i]) { i += 1 }
        }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Passes `true`, `false` or `null` at `i`.
    mutating func parseLiteral() throws(JSONLineFailure) {
        let word: StaticString
        switch p[i] {
        case UInt8(ascii: "t"): word = "true"
        case UInt8(ascii: "f"): word = "false"
        default: word = "null"
        }
        let length = word.utf8CodeUnitCount
        guard count - i >= length, memcmp(p + i, word.utf8Start, length) == 0 else {
            throw invalid(expected: "a value")
        }
        i += length
    }

    /// Passes the value at `i`, of a key not in the schema: any JSON value, checked but not
    /// kept.
    mutating func skipValue(depth: Int) throws(JSONLineFailure) {
        guard i < count else { throw invalid(expected: "a value") }
        switch p[i] {
        case UInt8(ascii: "\""): _ = try parseString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): try parseLiteral()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let object = p[i] == UInt8(ascii: "{")
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            guard depth < Self.maximumDepth else { throw invalid("nesting deeper than \(Self.maximumDepth)", at: i) }
            i += 1
            skipSpace()
            if i < count && p[i] == close {
                i += 1
                return
            }
            while true {
                if object {
                    guard i < count && p[i] == UInt8(ascii: "\"") else { throw invalid(expected: "a key") }
                    _ = try parseString()
                    skipSpace()
                    guard i < count && p[i] == UInt8(ascii: ":") else { throw invalid(expected: "':'") }
                    i += 1
                    skipSpace()
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                guard i < count else { throw invalid(expected: object ? "',' or '}'" : "',' or ']'") }
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    skipSpace()
                    continue
                }
                guard p[i] == close else { throw invalid(expected: object ? "',' or '}'" : "',' or ']'") }
                i += 1
                return
            }
        default:
            throw invalid(expected: "a value")
        }
    }
}
