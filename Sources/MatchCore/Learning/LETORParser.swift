import Foundation

/// Parses the bytes of a LETOR file (``LETORFile``) into ``RankingExamples`` in one pass, with
/// no String per token: numbers are read straight from the bytes.
struct LETORParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let schema: [String]?
    private var position = 0
    private var line = 0
    private var width: Int
    private var values: [Float] = []
    private var labels: [Float] = []
    private var offsets = [0]
    private var ids: [Int64] = []
    private var keys: [PairKey] = []
    private var keyed = true
    private var seen = Set<Int64>()

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, schema: [String]?) {
        self.bytes = bytes
        self.file = file
        self.schema = schema
        width = schema?.count ?? 0
    }

    mutating func parse() throws(LETORError) -> RankingExamples {
        values.reserveCapacity(bytes.count / 10)
        while position < bytes.count {
            line += 1
            var end = position
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            var lineEnd = end
            if lineEnd > position, bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            try parseLine(position, lineEnd)
            position = end + 1
        }
        if labels.count > offsets.last! { offsets.append(labels.count) }
        let names = schema ?? (0..<width).map { "f\($0 + 1)" }
        return RankingExamples.flat(schema: names, values: values, labels: labels, groupOffsets: offsets,
                                    groupIDs: ids, keys: keyed ? keys : [])
    }

    private func fail(_ field: Int?, _ problem: String) -> LETORError {
        LETORError(file: file, line: line, field: field, problem: problem)
    }

    /// The token's bytes as text, cut to 32 bytes.
    private func token(_ start: Int, _ end: Int) -> String {
        let cut = min(end, start + 32)
        return "\"" + String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cut]), as: UTF8.self) + (cut < end ? "…\"" : "\"")
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

    private mutating func parseLine(_ start: Int, _ end: Int) throws(LETORError) {
        var at = start
        while at < end, Self.isSpace(bytes[at]) { at += 1 }
        guard at < end, bytes[at] != UInt8(ascii: "#") else { return }  // blank or comment line
        var field = 0
        var row = -1
        var lastIndex = 0
        var key: PairKey?
        while at < end {
            while at < end, Self.isSpace(bytes[at]) { at += 1 }
            guard at < end else { break }
            if bytes[at] == UInt8(ascii: "#") {
                key = comment(at + 1, end)
                break
            }
            var tokenEnd = at
            while tokenEnd < end, !Self.isSpace(bytes[tokenEnd]) { tokenEnd += 1 }
            field += 1
            switch field {
            case 1:
                guard let label = Self.number(bytes, at, tokenEnd), label.isFinite else {
                    throw fail(1, "expected a label (a number), not \(token(at, tokenEnd))")
                }
                labels.append(label)
                row = labels.count - 1
                values.append(contentsOf: repeatElement(0, count: width))
            case 2:
                guard tokenEnd - at > 4, Self.hasPrefix(bytes, at, "qid:"), let qid = Self.integer(bytes, at + 4, tokenEnd) else {
                    throw fail(2, "expected qid:N, not \(token(at, tokenEnd))")
                }
                try startGroup(Int64(qid), row: row)
            default:
                var colon = at
                while colon < tokenEnd, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                guard colon < tokenEnd, let index = Self.integer(bytes, at, colon), let value = Self.number(bytes, colon + 1, tokenEnd) else {
                    throw fail(field, "expected index:value, not \(token(at, tokenEnd))")
                }
                guard index > lastIndex, index >= 1 else {
                    throw fail(field, "index \(index) does not follow \(lastIndex) (indices start at 1 and increase)")
                }
                lastIndex = index
                if index > width {
                    guard schema == nil else { throw fail(field, "index \(index) beyond the \(width) features of the schema") }
                    widen(to: index)
                }
                values[row * width + index - 1] = value
            }
            at = tokenEnd
        }
        guard field >= 2 else { throw fail(field + 1, field == 0 ? "expected a label" : "expected qid:N") }
        if let key { keys.append(key) } else { keyed = false }
    }

    private mutating func startGroup(_ qid: Int64, row: Int) throws(LETORError) {
        if let current = ids.last, current == qid { return }
        guard seen.insert(qid).inserted else {
            throw fail(2, "qid \(qid) reappears after other groups (a group's rows must be consecutive)")
        }
        if row > offsets.last! { offsets.append(row) }
        ids.append(qid)
    }

    /// Lays the rows read so far out again with `newWidth` features (files without a schema).
    private mutating func widen(to newWidth: Int) {
        let rows = labels.count
        var wider = [Float](repeating: 0, count: rows * newWidth)
        for row in 0..<rows {
            for column in 0..<width { wider[row * newWidth + column] = values[row * width + column] }
        }
        values = wider
        width = newWidth
    }

    /// `person=K vacancy=K` in a comment, or nil.
    private func comment(_ start: Int, _ end: Int) -> PairKey? {
        var person: Int?, vacancy: Int?
        var at = start
        while at < end {
            while at < end, Self.isSpace(bytes[at]) { at += 1 }
            var tokenEnd = at
            while tokenEnd < end, !Self.isSpace(bytes[tokenEnd]) { tokenEnd += 1 }
            if Self.hasPrefix(bytes, at, "person="), tokenEnd - at > 7 { person = Self.integer(bytes, at + 7, tokenEnd) }
            if Self.hasPrefix(bytes, at, "vacancy="), tokenEnd - at > 8 { vacancy = Self.integer(bytes, at + 8, tokenEnd) }
            at = tokenEnd
        }
        guard let person, let vacancy else { return nil }
        return PairKey(person: Int64(person), vacancy: Int64(vacancy))
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[start + offset] != prefix.utf8Start[offset] { return false }
        return true
    }

    /// A decimal integer (optional minus), or nil.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var at = start
        let negative = at < end && bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        guard at < end, end - at <= 18 else { return nil }
        var value = 0
        while at < end {
            let digit = Int(bytes[at]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            at += 1
        }
        return negative ? -value : value
    }

    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// A decimal number (`-1.25e-3`, `nan`, `inf`), or nil. Up to 19 significant digits and
    /// exponents within ±22 go through one exact Double operation, the rest (and values next to a
    /// Float rounding boundary) through `strtof`: the result is the correctly rounded Float.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Float? {
        var at = start
        guard at < end else { return nil }
        var negative = false
        if bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") {
            negative = bytes[at] == UInt8(ascii: "-")
            at += 1
        }
        guard at < end else { return nil }
        let first = bytes[at] | 0x20
        if first == UInt8(ascii: "n") || first == UInt8(ascii: "i") {
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<end]), as: UTF8.self).lowercased()
            switch word {
            case "nan": return .nan
            case "inf", "infinity": return negative ? -.infinity : .infinity
            default: return nil
            }
        }
        var mantissa: UInt64 = 0, digits = 0, exponent = 0, sawDigit = false, sawPoint = false
        while at < end {
            let byte = bytes[at]
            if byte >= 48 && byte <= 57 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(byte - 48)
                    if mantissa > 0 { digits += 1 }
                    if sawPoint { exponent -= 1 }
                } else if !sawPoint {
                    exponent += 1
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            at += 1
        }
        guard sawDigit else { return nil }
        if at < end {
            guard bytes[at] | 0x20 == UInt8(ascii: "e"), let power = integer(bytes, at + 1 + (bytes[min(at + 1, end - 1)] == UInt8(ascii: "+") ? 1 : 0), end) else {
                return nil
            }
            exponent += power
        }
        if digits < 19, mantissa < 1 << 53, abs(exponent) <= 22 {
            // m and 10^|e| are exact in Double, so one correctly rounded operation: the Double is
            // within half its ulp of the decimal. Rounding it to Float is then exact unless it
            // lies next to a Float rounding boundary; those rare cases go to strtof.
            let value = exponent < 0 ? Double(mantissa) / powers[-exponent] : Double(mantissa) * powers[exponent]
            let single = Float(value)
            if single.isFinite, single.isNormal || single == 0 {
                let neighbour = Double(single) < value ? single.nextUp : single.nextDown
                let boundary = (Double(single) + Double(neighbour)) / 2
                if abs(value - boundary) > value.ulp * 2 { return negative ? -single : single }
            }
        }
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        text.append(0)
        return text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strtof($0.baseAddress!, nil) }
        }
    }
}
