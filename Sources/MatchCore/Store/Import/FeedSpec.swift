import GRDB

/// What writing one accepted row did.
enum WriteOutcome: Sendable {
    case inserted, updated, unchanged
    /// Valid on its own, but it cannot be linked (e.g. an unknown vacancy).
    case rejected(FieldIssue)
}

/// One feed kind: its columns, how a row becomes a record, and how a record is written.
///
/// `parse` runs on the reading thread and must not touch the database; `write` runs in the
/// batch's transaction, in file order.
protocol FeedSpec {
    associatedtype Column: FeedColumns
    associatedtype Record: Sendable

    static var kind: FeedKind { get }
    /// Reads and validates one row. Returns nil when `fields` holds at least one issue.
    static func parse(_ fields: inout RowFields<Column>) -> Record?

    /// Loads what the writer needs to decide without a query per row (natural keys → stamps).
    init(_ db: Database) throws
    /// The same, for a feed that reads the import's options (the vacancy feed's coder).
    init(_ db: Database, options: ImportOptions) throws
    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome
}

extension FeedSpec {
    init(_ db: Database, options: ImportOptions) throws { try self.init(db) }
}

/// When a service last changed a record, and a hash of its content: the order in which two
/// versions of one record are kept. Greater wins; equal means the same record.
struct Stamp: Comparable, Sendable {
    var updatedAt: Int64
    var version: Int64

    static func < (a: Stamp, b: Stamp) -> Bool {
        (a.updatedAt, a.version) < (b.updatedAt, b.version)
    }
}

/// The stamps of a table's records by natural key: decides insert, update or unchanged.
struct StampIndex<Key: Hashable> {
    private var stamps: [Key: Stamp] = [:]

    enum Decision { case insert, update, unchanged }

    init() {}

    /// The stamps of a table: `sql` selects the natural key's columns, then `updated_at` and
    /// `version` last; `key` makes the key from the row.
    init(_ db: Database, _ sql: String, key: (SQLiteStatement) -> Key) throws {
        var scan = try SQLiteStatement(db, sql)
        scan.reset()
        let updatedAt = scan.columnCount - 2
        while try scan.next() {
            stamps[key(scan)] = Stamp(updatedAt: scan.int64(updatedAt), version: scan.int64(updatedAt + 1))
        }
    }

    /// What to do with an incoming version; remembers it when it wins.
    mutating func decide(_ key: Key, _ incoming: Stamp) -> Decision {
        guard let stored = stamps[key] else {
            stamps[key] = incoming
            return .insert
        }
        guard stored < incoming else { return .unchanged }
        stamps[key] = incoming
        return .update
    }

    var count: Int { stamps.count }
}

/// `INSERT … ON CONFLICT (natural key) DO UPDATE SET …` for the given columns.
func upsertSQL(table: String, columns: [String], conflict: [String]) -> String {
    let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
    let updates = columns.filter { !conflict.contains($0) }.map { "\($0) = excluded.\($0)" }
    return """
        INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) \
        ON CONFLICT (\(conflict.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))
        """
}

/// A 64-bit hash of a canonical encoding of a record's fields: the `version` of a stored row.
/// Stable across processes and platforms (unlike `Hasher`); eight bytes a step (a multiply and
/// xor-shift per word), since it runs on every row of every import.
struct ContentHash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    private mutating func word(_ value: UInt64) {
        state = (state ^ value) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    mutating func add(_ value: Int64?) {
        guard let value else { return word(0xA0) }
        word(0xA1)
        word(UInt64(bitPattern: value))
    }

    mutating func add(_ value: Int?) { add(value.map(Int64.init)) }

    mutating func add(_ value: Double?) {
        guard let value else { return word(0xA0) }
        word(0xA2)
        word(value.bitPattern)
    }

    mutating func add(_ value: Bool) { word(value ? 0xA4 : 0xA3) }

    mutating func add(_ value: String?) {
        guard var value else { return word(0xA0) }
        word(0xA5 | UInt64(value.utf8.count) << 8)  // the length delimits the string
        value.withUTF8 { bytes in
            var index = 0
            while index + 8 <= bytes.count {
                word(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                index += 8
            }
            var tail: UInt64 = 0
            for (shift, byte) in bytes[index...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            if index < bytes.count { word(tail) }
        }
    }

    mutating func add(_ values: [String]) {
        add(values.count)
        for value in values { add(value) }
    }

    /// The hash as a signed integer (SQLite's INTEGER).
    var value: Int64 { Int64(bitPattern: state) }
}

/// `|`-joined list text as stored.
func joined(_ items: [String]) -> String { items.joined(separator: "|") }
