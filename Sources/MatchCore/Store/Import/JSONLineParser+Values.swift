import Foundation

extension JSONLineParser {
    /// Parses the value at `i` into schema column `column`.
    @inline(__always)
    mutating func parseValue(into fields: FieldTable, column: Int) throws(JSONLineFailure) {
        guard i < count else { throw invalid(expected: "a value") }
        let first = p[i]
        switch first {
        case UInt8(ascii: "\""):
            let string = try parseString()
            if !lineIsValidUTF8 && !ByteScan.isValidUTF8(string.start, count: string.count) {
                throw failure(column, "invalid UTF-8")
            }
            fields.set(column, string.start, string.count)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            try parseNumber()
            fields.set(column, p + start, i - start)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let start = i
            try parseLiteral()
            fields.set(column, p + start, i - start)
        case UInt8(ascii: "n"):
            try parseLiteral()  // null: absent
        case UInt8(ascii: "["):
            guard isList[column] else { throw failure(column, "array not allowed") }
            try parseList(into: fields, column: column)
        case UInt8(ascii: "{"):
            throw failure(column, "nested object not allowed")
        default:
            throw invalid(expected: "a value")
        }
    }

    /// Parses the array at `i` of list column `column`: its items, strings or numbers, are
    /// joined with `|` in the scratch buffer.
    private mutating func parseList(into fields: FieldTable, column: Int) throws(JSONLineFailure) {
        i += 1
        skipSpace()
        let listStart = out
        if i < count && p[i] == UInt8(ascii: "]") {
            i += 1
            fields.set(column, scratch + listStart, 0)
            return
        }
        var first = true
        while true {
            guard i < count else { throw invalid(expected: "a list item") }
            if !first {
                scratch[out] = UInt8(ascii: "|")
                out += 1
            }
            first = false
            let itemStart = out
            switch p[i] {
            case UInt8(ascii: "\""):
                let string = try parseString()
                if string.start != UnsafePointer(scratch + itemStart) {
                    (scratch + itemStart).update(from: string.start, count: string.count)
                    out = itemStart + string.count
                }
                if memchr(scratch + itemStart, Int32(UInt8(ascii: "|")), out - itemStart) != nil {
                    throw failure(column, "list item contains '|'")
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                try parseNumber()
                (scratch + itemStart).update(from: p + start, count: i - start)
                out = itemStart + i - start
            case UInt8(ascii: "["):
                throw failure(column, "nested array not allowed")
            case UInt8(ascii: "{"):
                throw failure(column, "nested object not allowed")
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                try parseLiteral()
                throw failure(column, "list item must be a string or number")
            default:
                throw invalid(expected: "a list item")
            }
            skipSpace()
            guard i < count else { throw invalid(expected: "',' or ']'") }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                continue
            }
            guard p[i] == UInt8(ascii: "]") else { throw invalid(expected: "',' or ']'") }
            i += 1
            break
        }
        let joined = scratch + listStart
        if !lineIsValidUTF8 && !ByteScan.isValidUTF8(joined, count: out - listStart) { throw failure(column, "invalid UTF-8") }
        fields.set(column, joined, out - listStart)
    }
}
