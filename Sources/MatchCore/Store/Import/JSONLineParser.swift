import Foundation

/// A problem found while parsing a JSON line: ends the line's parse.
struct JSONLineFailure: Error {
    var problem: RecordProblem
}

/// Parses one JSON Lines record (one object on one line) into the fields of a
/// ``FieldTable``, by exact key: a key is a schema column when its unescaped bytes equal the
/// column's canonical name (case counts, no trimming).
///
/// Values: strings are unescaped (`\uXXXX` and surrogate pairs to UTF-8), numbers are their
/// literal text, `true`/`false` those words, `null` is absent; arrays only for list columns,
/// of strings and numbers, joined with `|`; objects never for a schema column. Keys not in
/// the schema are skipped whatever their value (nesting up to 64 deep) and their names
/// collected. A repeated schema key is a problem; repeated unknown keys are not looked for.
///
/// Field bytes point into the line when they need no change, else into the parser's
/// scratch buffer, which must hold at least as many bytes as the line: unescaping and
/// joining never make text longer.
struct JSONLineParser {
    static let maximumUnknownKeys = 50
    static let maximumDepth = 64

    /// Schema column names, numbered as the schema's columns.
    let keys: KeyTable
    /// Schema column names as `String`s, for problems.
    let names: [String]
    /// For each schema column, true when it holds lists.
    let isList: UnsafeMutablePointer<Bool>
    /// Names of keys not in the schema, at most ``maximumUnknownKeys``.
    var unknownKeys = KeyTable()
    /// For each key position in a line, the key found there in the previous line: a schema
    /// column, -2 - n for unknown key n, or -1 (exporters write keys in the same order).
    let predicted: UnsafeMutablePointer<Int>
    let predictedCount: Int
    /// Schema column names one after another, for matching a key in place: name `k` is the
    /// `nameOffsets[k + 1] - nameOffsets[k]` bytes at `nameBytes + nameOffsets[k]`.
    /// `plainName[k]` is true when the name needs no escape in JSON (no `"`, `\` or control
    /// character), so that a line holds it byte for byte.
    let nameBytes: UnsafeMutablePointer<UInt8>
    let nameOffsets: UnsafeMutablePointer<Int>
    let plainName: UnsafeMutablePointer<Bool>
    /// True when the whole line is valid UTF-8, so that no string of it needs a check.
    var lineIsValidUTF8 = true
    /// For each schema column, the `stamp` of the last line that had its key.
    let seen: UnsafeMutablePointer<Int>
    var stamp = 0
    /// Unescaped strings and joined lists.
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int
    var out = 0
    /// The line being parsed and the position in it.
    var p: UnsafePointer<UInt8>
    var count = 0
    var i = 0

    init(schema: FeedSchema) {
        keys = KeyTable(schema.columns)
        names = schema.columns
        let columns = max(schema.columns.count, 1)
        isList = .allocate(capacity: columns)
        isList.initialize(repeating: false, count: columns)
        for (column, name) in schema.columns.enumerated() { isList[column] = schema.lists.contains(name) }
        predictedCount = 2 * columns + 8
        predicted = .allocate(capacity: predictedCount)
        predicted.initialize(repeating: -1, count: predictedCount)
        let utf8Names = schema.columns.map { Array($0.utf8) }
        nameBytes = .allocate(capacity: max(utf8Names.reduce(0) { $0 + $1.count }, 1))
        nameOffsets = .allocate(capacity: columns + 1)
        plainName = .allocate(capacity: columns)
        plainName.initialize(repeating: false, count: columns)
        nameOffsets[0] = 0
        for (column, name) in utf8Names.enumerated() {
            (nameBytes + nameOffsets[column]).initialize(from: name, count: name.count)
            nameOffsets[column + 1] = nameOffsets[column] + name.count
            plainName[column] = !name.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
        }
        seen = .allocate(capacity: columns)
        seen.initialize(repeating: 0, count: columns)
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        p = UnsafePointer(scratch)
    }

    func deallocate() {
        isList.deallocate()
        nameBytes.deallocate()
        nameOffsets.deallocate()
        plainName.deallocate()
        predicted.deallocate()
        seen.deallocate()
        scratch.deallocate()
    }

    /// True when the line holds only JSON white space.
    static func isBlank(_ line: UnsafePointer<UInt8>, count: Int) -> Bool {
        for k in 0..<count where !isSpace(line[k]) { return false }
        return true
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Parses `count` bytes at `line` (no line feed) into `fields`, which must be clear.
    /// - Throws: the first problem; `fields` is then partly set.
    mutating func parse(_ line: UnsafePointer<UInt8>, count: Int, into fields: FieldTable) throws(JSONLineFailure) {
        if scratchCapacity < count {
            scratch.deallocate()
            scratchCapacity = max(count, 2 * scratchCapacity)
            scratch = .allocate(capacity: scratchCapacity)
        }
        p = line
        self.count = count
        i = 0
        out = 0
        stamp += 1
        lineIsValidUTF8 = ByteScan.isValidUTF8(line, count: count)
        skipSpace()
        guard i < count && p[i] == UInt8(ascii: "{") else { throw invalid(expected: "'{'") }
        i += 1
        skipSpace()
        if i < count && p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            var position = 0
            while true {
                guard i < count && p[i] == UInt8(ascii: "\"") else { throw invalid(expected: "a key") }
                var column = matchPredictedKey(at: position)
                if column < 0 {
                    let key = try parseString()
                    column = find(UnsafeBufferPointer(start: key.start, count: key.count), at: position)
                }
                skipSpace()
                guard i < count && p[i] == UInt8(ascii: ":") else { throw invalid(expected: "':'") }
                i += 1
                skipSpace()
                if column >= 0 {
                    if seen[column] == stamp { throw failure(column, "duplicate key") }
                    seen[column] = stamp
                    try parseValue(into: fields, column: column)
                } else {
                    try skipValue(depth: 0)
                }
                position += 1
                skipSpace()
                guard i < count else { throw invalid(expected: "',' or '}'") }
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    skipSpace()
                    continue
                }
                guard p[i] == UInt8(ascii: "}") else { throw invalid(expected: "',' or '}'") }
                i += 1
                break
            }
        }
        skipSpace()
        guard i == count else { throw invalid(expected: "the end of the line after the object") }
    }

    /// The schema column that had key position `position` in the previous line when the key
    /// at `i` is its name, written without escapes; `i` then passes the key. Else -1.
    @inline(__always)
    private mutating func matchPredictedKey(at position: Int) -> Int {
        guard position < predictedCount else { return -1 }
        let guess = predicted[position]
        guard guess >= 0 && plainName[guess] else { return -1 }
        let start = nameOffsets[guess]
        let length = nameOffsets[guess + 1] - start
        guard count - i >= length + 2, p[i + 1 + length] == 0x22,
              ByteScan.equal(p + i + 1, nameBytes + start, count: length) else { return -1 }
        i += length + 2
        return guess
    }

    /// The schema column of `key`, the `position`-th key of the line, or -1; notes unknown
    /// keys. Tries the column that had this position in the previous line first.
    @inline(__always)
    private mutating func find(_ key: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        let guess = position < predictedCount ? predicted[position] : -1
        if guess >= 0 && keys.matches(guess, key) { return guess }
        if guess <= -2 && unknownKeys.matches(-2 - guess, key) { return -1 }
        if let column = keys.index(of: key) {
            if position < predictedCount { predicted[position] = column }
            return column
        }
        var unknown = unknownKeys.index(of: key)
        if unknown == nil && unknownKeys.count < Self.maximumUnknownKeys { unknown = unknownKeys.insert(key) }
        if position < predictedCount { predicted[position] = unknown.map { -2 - $0 } ?? -1 }
        return -1
    }

    @inline(__always)
    mutating func skipSpace() {
        while i < count && Self.isSpace(p[i]) { i += 1 }
    }

    /// "invalid JSON: expected … at byte n" (n counts from 0 at the start of the line).
    func invalid(expected: String) -> JSONLineFailure {
        let place = i < count ? "at byte \(i)" : "at the end of the line (byte \(i))"
        return JSONLineFailure(problem: RecordProblem(reason: "invalid JSON: expected \(expected) \(place)"))
    }

    /// "invalid JSON: … at byte n".
    func invalid(_ what: String, at offset: Int) -> JSONLineFailure {
        JSONLineFailure(problem: RecordProblem(reason: "invalid JSON: \(what) at byte \(offset)"))
    }

    /// A problem about schema column `column`.
    func failure(_ column: Int, _ reason: String) -> JSONLineFailure {
        JSONLineFailure(problem: RecordProblem(field: names[column], reason: reason))
    }
}
