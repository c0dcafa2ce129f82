import Foundation
import GRDB

/// One ranking run in the audit trail: when, with which model and parameters, by which code.
public struct RankingRun: Sendable, Hashable {
    public var id: Int64
    /// Unix seconds.
    public var createdAt: Int64
    public var modelVersion: String
    /// The run's parameters as the caller gave them (a JSON object text).
    public var parameters: String
    /// The jobmatch version that ran it.
    public var codeVersion: String
    /// The snapshot day ranked, if any.
    public var asOf: Day?
}

/// One recommendation of a run: seeker (pseudonymous key), vacancy key, rank (1 = best), score
/// and the reasons shown to people ("why was this person shown this job?").
public struct StoredMatch: Sendable, Hashable {
    public var person: Int64
    public var vacancy: Int64
    public var rank: Int
    public var score: Double
    public var reasons: String

    public init(person: Int64, vacancy: Int64, rank: Int, score: Double, reasons: String) {
        self.person = person
        self.vacancy = vacancy
        self.rank = rank
        self.score = score
        self.reasons = reasons
    }
}

extension MatchStore {
    /// Opens a run in the results table and returns its id.
    ///
    /// - Parameter parameters: what the run was asked for; stored as a JSON object, keys sorted.
    public func beginRun(modelVersion: String, parameters: [String: String], asOf: Day? = nil) throws -> Int64 {
        let json = try String(
            decoding: JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys]), as: UTF8.self)
        return try database.write { db in
            try db.execute(
                sql: "INSERT INTO run (created_at, model_version, parameters, code_version, as_of) VALUES (?, ?, ?, ?, ?)",
                arguments: [Int64(Date().timeIntervalSince1970), modelVersion, json, JobMatchVersion.current, asOf?.storage])
            return db.lastInsertedRowID
        }
    }

    /// Appends matches to a run, in one transaction (call it once per batch of seekers).
    public func appendMatches(_ matches: [StoredMatch], run: Int64) throws {
        try database.write { db in
            var insert = try SQLiteStatement(db, "INSERT INTO match (run, person, vacancy, rank, score, reasons) VALUES (?, ?, ?, ?, ?, ?)")
            for match in matches {
                insert.reset()
                insert.bind(run)
                insert.bind(match.person)
                insert.bind(match.vacancy)
                insert.bind(match.rank)
                insert.bind(match.score)
                insert.bind(match.reasons)
                try insert.execute()
            }
        }
    }

    /// Every run, newest first.
    public func runs() throws -> [RankingRun] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, created_at, model_version, parameters, code_version, as_of FROM run ORDER BY id DESC")
                .map { row in
                    RankingRun(
                        id: row[0], createdAt: row[1], modelVersion: row[2], parameters: row[3], codeVersion: row[4],
                        asOf: (row[5] as Int64?).map { Day(daysSince1970: Int32($0)) })
                }
        }
    }

    /// The matches of a run, by person then rank; only one person's when `person` is given.
    public func matches(run: Int64, person: Int64? = nil) throws -> [StoredMatch] {
        try database.read { db in
            var sql = "SELECT person, vacancy, rank, score, reasons FROM match WHERE run = ?"
            var arguments: StatementArguments = [run]
            if let person {
                sql += " AND person = ?"
                arguments += [person]
            }
            sql += " ORDER BY person, rank"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                StoredMatch(person: row[0], vacancy: row[1], rank: row[2], score: row[3], reasons: row[4])
            }
        }
    }
}
