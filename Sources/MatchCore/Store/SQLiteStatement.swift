import GRDB
import GRDBSQLite

/// A prepared statement driven directly through SQLite's C API, for the loops that run millions of
/// times (import, snapshot). Values are always bound, never spliced into SQL.
///
/// It borrows a statement from GRDB's cache (`Database.cachedStatement`), so it lives as long as
/// the connection and never outlives the `Database` closure it was made in.
struct SQLiteStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    private var handle: OpaquePointer { statement.sqliteStatement }
    private var position: Int32 = 0

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Clears the bindings of the previous use. Call before binding a new row.
    mutating func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        position = 0
    }

    mutating func bind(_ value: Int64?) {
        position += 1
        if let value { sqlite3_bind_int64(handle, position, value) } else { sqlite3_bind_null(handle, position) }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    mutating func bind(_ value: Double?) {
        position += 1
        if let value { sqlite3_bind_double(handle, position, value) } else { sqlite3_bind_null(handle, position) }
    }

    mutating func bind(_ value: String?) {
        position += 1
        guard var value else {
            sqlite3_bind_null(handle, position)
            return
        }
        let position = position
        let handle = handle
        value.withUTF8 { bytes in
            // An empty buffer may have no base address; SQLite would take that for NULL.
            if bytes.isEmpty {
                _ = sqlite3_bind_text(handle, position, "", 0, Self.transient)
            } else {
                _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(handle, position, chars.baseAddress, Int32(chars.count), Self.transient)
                }
            }
        }
    }

    /// Runs a statement that returns no rows. Returns the number of rows it changed.
    @discardableResult
    mutating func execute() throws -> Int {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
        sqlite3_reset(handle)
        return Int(sqlite3_changes(connection))
    }

    /// Steps a query: true while it has a row. Step to the end or ``reset()``: a statement left
    /// on a row holds its read snapshot, which stops WAL checkpoints.
    mutating func next() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw failure(code)
        }
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    /// The raw bytes of a text column, valid until the next step.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let text = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: count)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        sqlite3_reset(handle)
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        // No arguments: they may be personal data.
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
