import MatchCore

/// One feed row being built, its values addressed by column name.
struct Row {
    let columns: ColumnMap
    var values: [String?]

    subscript(_ name: String) -> String? {
        get { values[columns.index(name)] }
        set { values[columns.index(name)] = newValue }
    }
}

/// Column numbers of a feed by name (names the schema does not have are a programming error).
final class ColumnMap: @unchecked Sendable {
    private let indices: [String: Int]
    let count: Int

    init(_ columns: [String]) {
        indices = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        count = columns.count
    }

    func index(_ name: String) -> Int {
        guard let index = indices[name] else { preconditionFailure("no column \(name) in this feed") }
        return index
    }

    func has(_ name: String) -> Bool { indices[name] != nil }
}

/// How a row is made invalid: one field replaced by a value the feed contract refuses.
enum Spoiler {
    /// The 13-digit ID's check digit changed (the row is skipped when the column is blank).
    case breakCheckDigit
    case value(String)
}

/// Writes a feed's rows and counts them: rows, duplicates, older versions, invalid rows. Every
/// feed gets at least two invalid rows, so each file exercises the rejects path.
struct RowSink {
    /// Where full buffers go; nil: the caller takes ``encoder`` (rows encoded on another thread).
    let writer: FeedWriter?
    private(set) var encoder: FeedEncoder
    let columns: ColumnMap
    let invalidRate: Double
    var random: SimRandom
    var rows = 0
    var duplicates = 0
    var olderVersions = 0
    var invalid = 0
    private var last: (row: Row, spoilers: [(String, Spoiler)])?

    init(writer: FeedWriter?, encoder: FeedEncoder, invalidRate: Double, random: SimRandom) {
        self.writer = writer
        self.encoder = encoder
        self.columns = ColumnMap(encoder.columns)
        self.invalidRate = invalidRate
        self.random = random
    }

    func row() -> Row { Row(columns: columns, values: Array(repeating: nil, count: columns.count)) }

    private mutating func put(_ values: [String?]) throws {
        encoder.encode(values)
        if let writer, encoder.bytes.count >= 1 << 20 {
            try writer.write(encoded: encoder)
            encoder.removeAll()
        }
    }

    mutating func emit(_ row: Row) throws {
        try put(row.values)
        rows += 1
    }

    /// A row given as values in column order (the fast path of large feeds).
    mutating func emit(values: [String?]) throws {
        try put(values)
        rows += 1
    }

    mutating func emitOlder(_ row: Row) throws {
        try put(row.values)
        rows += 1
        olderVersions += 1
    }

    mutating func maybeDuplicate(_ row: Row, rate: Double) throws {
        guard random.chance(rate) else { return }
        try put(row.values)
        rows += 1
        duplicates += 1
    }

    /// With probability `rate` (the sink's by default), writes a spoiled copy of `row`.
    mutating func maybeInvalid(_ row: Row, spoilers: [(String, Spoiler)], rate: Double? = nil) throws {
        last = (row, spoilers)
        guard random.chance(rate ?? invalidRate) else { return }
        try writeSpoiled(row, spoilers: spoilers)
    }

    /// Writes a duplicate of a row given as values.
    mutating func emitDuplicate(values: [String?]) throws {
        try put(values)
        rows += 1
        duplicates += 1
    }

    /// Writes a spoiled copy of `row` (whatever the rate).
    mutating func emitInvalid(_ row: Row, spoilers: [(String, Spoiler)]) throws {
        last = (row, spoilers)
        try writeSpoiled(row, spoilers: spoilers)
    }

    private mutating func writeSpoiled(_ row: Row, spoilers: [(String, Spoiler)]) throws {
        let first = random.below(spoilers.count)
        for offset in 0..<spoilers.count {
            let (column, spoiler) = spoilers[(first + offset) % spoilers.count]
            var spoiled = row
            switch spoiler {
            case .value(let value):
                spoiled[column] = value
            case .breakCheckDigit:
                guard let id = spoiled[column], id.utf8.count == 13, let last = id.utf8.last else { continue }
                let digit = (Int(last) - 48 + 1) % 10
                spoiled[column] = String(id.dropLast()) + String(digit)
            }
            try put(spoiled.values)
            rows += 1
            invalid += 1
            return
        }
    }

    /// Tops the invalid rows up to `minimum` (from the last row written) when the feed has
    /// rows, and hands the rest of the buffer to the writer.
    mutating func finish(minimum: Int = 2) throws {
        if let last {
            while invalid < minimum { try writeSpoiled(last.row, spoilers: last.spoilers) }
        }
        if let writer {
            try writer.write(encoded: encoder)
            encoder.removeAll()
        }
    }
}
