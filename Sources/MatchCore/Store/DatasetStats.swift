import Foundation
import GRDB

/// Counts of the central dataset for `jobmatch stats`: rows by table, people by programme,
/// seekers and vacancies by province, and what the imports rejected. No personal data.
public struct DatasetStats: Sendable {
    public struct ProvinceCount: Sendable, Hashable {
        /// Nil: no province given (or work abroad for vacancies).
        public var province: Province?
        public var seekers: Int
        public var vacancies: Int
    }

    /// One finished import (the `import_run` table).
    public struct ImportRun: Sendable, Hashable {
        public var feed: String
        /// File name only.
        public var file: String
        public var finishedAt: Int64
        public var read: Int
        public var accepted: Int
        public var rejected: Int
        public var inserted: Int
        public var updated: Int
        public var unchanged: Int
        /// Rejected rows by "field: reason", most frequent first.
        public var problems: [ProblemCount]
    }

    /// How many rejected rows had one problem ("field: reason").
    public struct ProblemCount: Sendable, Hashable {
        public var problem: String
        public var count: Int
    }

    /// Table name → rows.
    public var tables: [(table: String, rows: Int)]
    /// Distinct people known to each service.
    public var peopleByService: [(service: Service, people: Int)]
    public var provinces: [ProvinceCount]
    /// Vacancies abroad by destination country (ISO alpha-2).
    public var vacanciesAbroad: [(country: String, vacancies: Int)]
    /// The latest import of each feed and file, newest first.
    public var imports: [ImportRun]
}

extension MatchStore {
    public static let tableNames = [
        "identity", "person", "employer", "seeker", "vacancy", "event", "ui_registration", "graduate", "copay_vacancy",
        "abroad_registration", "abroad_trip", "foreign_notice", "work_permit", "import_run", "run", "match",
    ]

    /// Counts the dataset (one aggregate query per figure).
    public func stats() throws -> DatasetStats {
        try database.read { db in
            let tables = try Self.tableNames.map { name in
                (name, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(name)") ?? 0)
            }
            let serviceQueries: [(Service, String)] = [
                (.jobBoard, "SELECT COUNT(*) FROM (SELECT person FROM seeker UNION SELECT person FROM event)"),
                (.unemploymentInsurance, "SELECT COUNT(DISTINCT person) FROM ui_registration"),
                (.coPayment, "SELECT COUNT(*) FROM graduate"),
                (.workAbroad, "SELECT COUNT(*) FROM (SELECT person FROM abroad_registration UNION SELECT person FROM abroad_trip)"),
                (.foreignWorkerNotice, "SELECT COUNT(DISTINCT person) FROM foreign_notice"),
                (.workPermit, "SELECT COUNT(DISTINCT person) FROM work_permit"),
            ]
            let services = try serviceQueries.map { service, sql in (service, try Int.fetchOne(db, sql: sql) ?? 0) }

            var byProvince: [Int: (seekers: Int, vacancies: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT IFNULL(province, -1), COUNT(*) FROM seeker GROUP BY 1") {
                byProvince[row[0], default: (0, 0)].seekers = row[1]
            }
            for row in try Row.fetchAll(db, sql: "SELECT IFNULL(province, -1), COUNT(*) FROM vacancy GROUP BY 1") {
                byProvince[row[0], default: (0, 0)].vacancies = row[1]
            }
            let provinces = byProvince
                .map { code, counts in
                    DatasetStats.ProvinceCount(
                        province: code < 0 ? nil : Province(code: UInt8(truncatingIfNeeded: code)),
                        seekers: counts.seekers, vacancies: counts.vacancies)
                }
                .sorted { ($0.seekers + $0.vacancies, $1.province?.code ?? 0) > ($1.seekers + $1.vacancies, $0.province?.code ?? 0) }
            let abroad = try Row.fetchAll(
                db, sql: "SELECT country, COUNT(*) FROM vacancy WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
                .map { (country: $0[0] as String, vacancies: $0[1] as Int) }

            let imports = try Row.fetchAll(db, sql: """
                SELECT feed, file, finished_at, read, accepted, rejected, inserted, updated, unchanged, problems
                FROM import_run WHERE id IN (SELECT MAX(id) FROM import_run GROUP BY feed, file) ORDER BY id DESC
                """).map { row in
                DatasetStats.ImportRun(
                    feed: row[0], file: row[1], finishedAt: row[2], read: row[3], accepted: row[4], rejected: row[5],
                    inserted: row[6], updated: row[7], unchanged: row[8], problems: Self.decodeProblems(row[9]))
            }
            return DatasetStats(
                tables: tables, peopleByService: services, provinces: provinces, vacanciesAbroad: abroad, imports: imports)
        }
    }

    private static func decodeProblems(_ json: String) -> [DatasetStats.ProblemCount] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Int] else { return [] }
        return object.map { DatasetStats.ProblemCount(problem: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.problem) > ($1.count, $0.problem) }
    }
}
