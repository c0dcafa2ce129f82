import Foundation
import GRDB

/// The central dataset: one SQLite file in WAL mode that gathers what DOE's six services hold,
/// under one pseudonymous key per person and per employer.
///
/// ```swift
/// let store = try MatchStore(path: "central.sqlite")
/// let summary = try store.importFeed(.seekers, file: "seekers.csv")
/// let snapshot = try store.snapshot(asOf: Day(year: 2026, month: 11, day: 1)!)
/// ```
///
/// The file is created with mode 0600 (owner only): it holds citizen IDs. Its tables are
/// described in ``Schema`` and `docs/feeds.md`. `MatchStore` is a value that shares one
/// connection queue; copies are cheap and safe to send between tasks.
public struct MatchStore: Sendable {
    /// The database file, or nil for an in-memory store (tests).
    public let path: String?
    let database: DatabaseQueue

    /// Opens (creating if needed, with mode 0600) and migrates the dataset at `path`.
    ///
    /// - Throws: ``StoreError`` when the file cannot be created or opened, or was written by a
    ///   newer jobmatch (a migration this version does not know).
    public init(path: String) throws {
        self.path = path
        try Self.createPrivately(path)
        var configuration = Self.configuration
        configuration.journalMode = .wal
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError(path: path, problem: "cannot open: \(Self.describe(error))")
        }
        try migrate()
    }

    /// A store in memory, gone when the last copy goes (tests, demos).
    public static func inMemory() throws -> MatchStore {
        try MatchStore(inMemory: DatabaseQueue(configuration: configuration))
    }

    private init(inMemory queue: DatabaseQueue) throws {
        path = nil
        database = queue
        try migrate()
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        // Values bound to statements stay out of error messages (they may be citizen IDs).
        configuration.publicStatementArguments = false
        configuration.busyMode = .timeout(10)
        configuration.label = "jobmatch"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // WAL with synchronous=NORMAL: a committed batch survives a killed process; only a
            // power cut may lose the last batches, never consistency.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Reads through a memory map instead of a pread and a copy per page (snapshots scan
            // whole tables); SQLite caps it at its compile-time maximum.
            try db.execute(sql: "PRAGMA mmap_size = 4294967296")
        }
        return configuration
    }

    private func migrate() throws {
        let label = path ?? ":memory:"
        do {
            let applied = try database.read { db in try Schema.migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(Schema.migrations)
            guard unknown.isEmpty else {
                throw StoreError(
                    path: label,
                    problem: "written by a newer jobmatch (schema \(unknown.sorted().joined(separator: ", "))); upgrade jobmatch")
            }
            try Schema.migrator.migrate(database)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: label, problem: "cannot set up the schema: \(Self.describe(error))")
        }
    }

    /// Creates an empty file readable by its owner only, unless it exists.
    private static func createPrivately(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        guard errno == EEXIST else {
            throw StoreError(path: path, problem: "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    /// A database error's message without statement arguments.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return String(describing: error)
    }
}

/// The dataset could not be opened, migrated or written. Never carries personal values.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
