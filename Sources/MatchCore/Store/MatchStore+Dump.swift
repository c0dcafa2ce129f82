import GRDB

extension MatchStore {
    /// Tables that hold data (not the logs and results): what "the same end state" compares.
    static let dataTables = tableNames.filter { !["import_run", "run", "match"].contains($0) }

    /// Every row of `tables`, in key order, as text (tests compare datasets with it). Holds
    /// personal data when `identity` is among the tables: never log it.
    func dump(tables: [String] = dataTables) throws -> String {
        try database.read { db in
            var text = ""
            for table in tables {
                text += "# \(table)\n"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3") {
                    text += row.description + "\n"
                }
            }
            return text
        }
    }

    /// SQLite's own check of the file: "ok" when consistent.
    func integrityCheck() throws -> String {
        try database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
