import Foundation
import GRDB

/// One import at a time per dataset file: the writer keeps natural keys in memory, which a
/// second importer would make stale. An advisory `flock` on the database file (independent of
/// SQLite's own locks), released when the import ends or its process dies.
struct ImportLock {
    private let descriptor: Int32

    init(store: MatchStore) throws {
        guard let path = store.path else {
            descriptor = -1
            return
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(path: path, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StoreError(path: path, problem: "another import is running on this dataset; wait for it to finish")
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// The rejects file: CSV `file,row,line,field,reason`, staged and renamed into place at the end
/// (a killed import leaves the previous rejects file, never half of one).
final class RejectsWriter {
    let path: String
    private let file: String
    private let staged: StagedFile

    init(path: String, file: String) throws {
        self.path = path
        self.file = file
        staged = try StagedFile(destination: path)
        try staged.write(Array("file,row,line,field,reason\n".utf8))
    }

    func append(_ rejects: [Reject]) throws {
        guard !rejects.isEmpty else { return }
        var text = ""
        for reject in rejects {
            text += "\(Self.quoted(file)),\(reject.row),\(reject.line),\(Self.quoted(reject.field)),\(Self.quoted(reject.reason))\n"
        }
        try staged.write(Array(text.utf8))
    }

    func commit() throws { try staged.commit() }

    /// RFC 4180 quoting when needed.
    static func quoted(_ text: String) -> String { CSVText.quoted(text) }
}

/// The `import_run` table: one row per finished import, for `jobmatch stats`.
enum ImportLog {
    static func record(_ summary: ImportSummary, startedAt: Int64, in store: MatchStore) throws {
        let problems = try String(
            decoding: JSONSerialization.data(withJSONObject: summary.problems, options: [.sortedKeys]), as: UTF8.self)
        try store.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_run (feed, file, started_at, finished_at, read, accepted, rejected,
                        inserted, updated, unchanged, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    summary.feed.name, URL(fileURLWithPath: summary.file).lastPathComponent, startedAt,
                    Int64(Date().timeIntervalSince1970), summary.read, summary.accepted, summary.rejected,
                    summary.inserted, summary.updated, summary.unchanged, problems,
                ])
        }
    }
}
