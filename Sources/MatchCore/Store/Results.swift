import Foundation
import GRDB

/// One ranking run in the audit trail: when, with which model and parameters, by which code,
/// in which direction and shard, and whether it finished.
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
    public var direction: RankingDirection
    public var shard: Shard
    /// Unix seconds; nil while the run goes on, or when it died: its matches are then incomplete.
    public var finishedAt: Int64?
    /// The run's ``RankingSummary`` as JSON, once finished.
    public var summary: String?
}

/// One recommendation of a run: seeker (pseudonymous key), vacancy key, rank in its list
/// (1 = best), score and the reasons shown to people ("why was this person shown this job?").
public struct StoredMatch: Sendable, Hashable {
    public var person: Int64
    public var vacancy: Int64
    public var rank: Int
    public var score: Double
    /// The reasons as a JSON array (``MatchReason/jsonArray(_:)``).
    public var reasons: String
    /// The retrieval score (nil for runs before it was kept).
    public var retrieval: Double?

    public init(person: Int64, vacancy: Int64, rank: Int, score: Double, reasons: String, retrieval: Double? = nil) {
        self.person = person
        self.vacancy = vacancy
        self.rank = rank
        self.score = score
        self.reasons = reasons
        self.retrieval = retrieval
    }
}

extension MatchStore {
    /// Opens a run in the results table and returns its id. The run stays unfinished until
    /// ``finishRun(_:summary:)``.
    ///
    /// - Parameter parameters: what the run was asked for; stored as a JSON object, keys sorted.
    public func beginRun(modelVersion: String, parameters: [String: String], asOf: Day? = nil,
                         direction: RankingDirection = .seekers, shard: Shard = .all) throws -> Int64 {
        let json = try String(
            decoding: JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys]), as: UTF8.self)
        return try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (created_at, model_version, parameters, code_version, as_of, direction, shard)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [Int64(Date().timeIntervalSince1970), modelVersion, json, JobMatchVersion.current, asOf?.storage,
                            direction.rawValue, shard.description])
            return db.lastInsertedRowID
        }
    }

    /// Marks a run finished, with its summary (JSON).
    public func finishRun(_ run: Int64, summary: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ?, summary = ? WHERE id = ?",
                           arguments: [Int64(Date().timeIntervalSince1970), summary, run])
        }
    }

    /// Appends matches to a run of seekers' lists, in one transaction (call it once per batch).
    public func appendMatches(_ matches: [StoredMatch], run: Int64) throws {
        try append(matches.map { ($0.person, $0) }, run: run)
    }

    /// Appends a block of lists to a run, in one transaction; `direction` says whose lists they are.
    public func appendLists(_ lists: [RankedList], run: Int64, direction: RankingDirection) throws {
        var rows: [(Int64, StoredMatch)] = []
        for list in lists {
            for match in list.matches {
                rows.append((list.key, StoredMatch(person: match.person, vacancy: match.vacancy, rank: match.rank,
                                                   score: Double(match.score), reasons: MatchReason.jsonArray(match.reasons),
                                                   retrieval: Double(match.retrieval))))
            }
        }
        try append(rows, run: run)
    }

    private func append(_ rows: [(list: Int64, match: StoredMatch)], run: Int64) throws {
        try database.write { db in
            var insert = try SQLiteStatement(
                db, "INSERT INTO match (run, list, rank, person, vacancy, score, retrieval, reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for (list, match) in rows {
                insert.reset()
                insert.bind(run)
                insert.bind(list)
                insert.bind(match.rank)
                insert.bind(match.person)
                insert.bind(match.vacancy)
                insert.bind(match.score)
                insert.bind(match.retrieval)
                insert.bind(match.reasons)
                try insert.execute()
            }
        }
    }

    /// Every run, newest first.
    public func runs() throws -> [RankingRun] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, created_at, model_version, parameters, code_version, as_of, direction, shard, finished_at, summary
                FROM run ORDER BY id DESC
                """)
                .map { row in
                    RankingRun(
                        id: row[0], createdAt: row[1], modelVersion: row[2], parameters: row[3], codeVersion: row[4],
                        asOf: (row[5] as Int64?).map { Day(daysSince1970: Int32($0)) },
                        direction: RankingDirection(rawValue: row[6]) ?? .seekers,
                        shard: (try? Shard(parsing: row[7] as String)) ?? .all, finishedAt: row[8], summary: row[9])
                }
        }
    }

    /// The matches of a run, by list then rank; only one list's when `list` is given (a person
    /// key in a run for seekers, a vacancy key in a run for vacancies).
    public func matches(run: Int64, list: Int64? = nil) throws -> [StoredMatch] {
        try database.read { db in
            var sql = "SELECT person, vacancy, rank, score, reasons, retrieval FROM match WHERE run = ?"
            var arguments: StatementArguments = [run]
            if let list {
                sql += " AND list = ?"
                arguments += [list]
            }
            sql += " ORDER BY list, rank"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                StoredMatch(person: row[0], vacancy: row[1], rank: row[2], score: row[3], reasons: row[4], retrieval: row[5])
            }
        }
    }

    /// The matches of a run for seekers, one person's when `person` is given.
    public func matches(run: Int64, person: Int64?) throws -> [StoredMatch] {
        try matches(run: run, list: person)
    }
}

extension MatchReason {
    /// Reasons as a JSON array of `{"topic", "en", "th", "contribution"}` (contribution to 4
    /// decimals), the form the results table and JSON Lines output keep.
    public static func jsonArray(_ reasons: [MatchReason]) -> String {
        "[" + reasons.map { reason in
            "{\"topic\":\(JSONText.string(reason.topic.rawValue)),\"en\":\(JSONText.string(reason.english)),"
                + "\"th\":\(JSONText.string(reason.thai)),\"contribution\":\(JSONText.number(reason.contribution))}"
        }.joined(separator: ",") + "]"
    }
}

/// JSON scalars written by hand for the streaming outputs (JSONEncoder per row is slow and
/// escapes `/`).
enum JSONText {
    static func string(_ text: String) -> String {
        // On UTF-8 bytes: what needs escaping is ASCII, and multi-byte sequences pass through.
        var text = text
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = [0x22]
            out.reserveCapacity(bytes.count + 2)
            let hex = Array("0123456789abcdef".utf8)
            for byte in bytes {
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                default: out.append(byte)
                }
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A finite number rounded to 4 decimals, trailing zeros dropped ("0.7276", "1.5", "-2",
    /// "0"); `null` when not finite.
    static func number(_ value: Float) -> String {
        guard value.isFinite else { return "null" }
        let scaled = Int64((Double(value) * 10_000).rounded())
        guard scaled != 0 else { return "0" }
        var whole = String(scaled.magnitude / 10_000)
        var fraction = scaled.magnitude % 10_000
        if scaled < 0 { whole = "-" + whole }
        guard fraction != 0 else { return whole }
        var digits = 4
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return whole + "." + String(repeating: "0", count: digits - text.count) + text
    }
}

extension MatchStore {
    /// The person keys of identity numbers written as the simulator's ground truth writes them:
    /// a Thai citizen ID (13 digits), or `NATIONALITY:passport`. Numbers without a person are
    /// left out. For evaluation against ground truth only: the numbers never leave this call
    /// (every value is bound, nothing is logged).
    public func personKeys(identities: [String]) throws -> [String: Int64] {
        try database.read { db in
            var result: [String: Int64] = [:]
            var lookup = try SQLiteStatement(db, "SELECT subject FROM identity WHERE kind = ? AND country = ? AND number = ?")
            for identity in identities {
                let parts = identity.split(separator: ":", maxSplits: 1).map(String.init)
                let (kind, country, number): (Int64, String, String) =
                    parts.count == 2 ? (3, parts[0], parts[1]) : (1, "", identity)
                lookup.reset()
                lookup.bind(kind)
                lookup.bind(country)
                lookup.bind(number)
                if try lookup.next() { result[identity] = lookup.int64(0) }
            }
            lookup.reset()
            return result
        }
    }
}
