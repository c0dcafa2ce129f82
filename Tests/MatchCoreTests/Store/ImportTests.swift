import Foundation
import GRDB
import MatchSim
import Testing
@testable import MatchCore

private let seekerHeader = [
    "citizen_id", "name", "birth_year", "province", "desired_occupations", "desired_title", "skills", "education",
    "expected_wage", "wage_unit", "preferred_provinces", "relocate", "languages", "registered_on", "closed_on", "updated_at",
]

/// A valid seeker row in the order of `seekerHeader`, with Thai text, a BE year, Thai digits.
private func seekerRow(_ id: String, updated: String = "2024-05-01T10:00:00+07:00", wage: String = "\"15,000\"") -> [String] {
    [id, "สมชาย ใจดี", "2530", "ขอนแก่น", "5223|7212", "พนักงานขาย", "บริการลูกค้า|Excel", "ปวส.", wage, "month", "10|Chon Buri",
     "yes", "th|en", "๐๑/๐๓/๒๕๖๗", "", updated]
}

@Suite("Import: validation and counts")
struct ImportValidationTests {
    @Test("a file mixing good and bad rows: accepted + rejected = read, rejects name file, row, field")
    func mixedFile() throws {
        let space = try Workspace()
        let good = citizenID("110170020345")
        let other = citizenID("310040012345")
        let rows = [
            seekerRow(good),
            seekerRow(badCheckDigit(other)),  // bad check digit
            seekerRow(other, wage: "-5"),  // bad wage
            ["", "", "", "", "", "", "", "", "", "", "", "", "", "2024-01-01", "", "2024-01-01"],  // nobody
            Array(seekerRow(citizenID("500000000001")).prefix(5)),  // too few fields
        ]
        let file = try space.write("seekers.csv", csv(seekerHeader, rows))
        let store = try MatchStore(path: space.path("central.sqlite"))
        let summary = try store.importFeed(.seekers, file: file, options: ImportOptions(rejectsPath: space.path("rejects.csv")))
        #expect(summary.read == 5)
        #expect(summary.accepted == 1)
        #expect(summary.rejected == 4)
        #expect(summary.accepted + summary.rejected == summary.read)
        #expect(summary.inserted == 1)
        let rejects = try space.read("rejects.csv").split(separator: "\n").map(String.init)
        #expect(rejects[0] == "file,row,line,field,reason")
        #expect(rejects.contains { $0.contains(",2,3,citizen_id,") && $0.contains("check digit") })
        #expect(rejects.contains { $0.contains(",3,4,expected_wage,") })
        #expect(rejects.contains { $0.contains(",4,5,citizen_id,") && $0.contains("missing") })
        #expect(rejects.contains { $0.contains(",5,6,-,") && $0.contains("expected 16 fields") })
        // The rejects file never holds the values.
        let text = try space.read("rejects.csv")
        #expect(!text.contains(String(other.prefix(12))))
        #expect(!text.contains("สมชาย"))
    }

    /// One bad value per rule, each on an otherwise valid seeker row: the field named, the row refused.
    @Test("every seeker validation rule refuses its bad example", arguments: [
        ("citizen_id", "12345", "13 digits"),
        ("citizen_id", badCheckDigit(citizenID("110170020345")), "check digit"),
        ("birth_year", "1850", "1900"),
        ("birth_year", "2023", "age"),
        ("province", "Atlantis", "province"),
        ("desired_occupations", "0000", "ISCO"),
        ("desired_occupations", "52x3", ""),
        ("education", "kindergarten", "education"),
        ("expected_wage", "abc", ""),
        ("expected_wage", "2000000", "1,000,000"),
        ("wage_unit", "fortnight", ""),
        ("preferred_provinces", "10|Narnia", "province"),
        ("relocate", "perhaps", ""),
        ("languages", "xx", ""),
        ("registered_on", "2024-02-30", ""),
        ("registered_on", "31/02/2567", ""),
        ("registered_on", "", "missing"),
        ("closed_on", "2020-01-01", "before registered_on"),
        ("updated_at", "yesterday", ""),
        ("name", "a\u{7}b", "control"),
    ])
    func seekerRule(column: String, value: String, reason: String) throws {
        let space = try Workspace()
        var row = seekerRow(citizenID("110170020345"))
        row[seekerHeader.firstIndex(of: column)!] = value
        let file = try space.write("s.csv", csv(seekerHeader, [row]))
        let store = try MatchStore.inMemory()
        let summary = try store.importFeed(.seekers, file: file)
        #expect(summary.rejected == 1)
        let problems = summary.problems.keys.filter { $0.hasPrefix(column + ":") }
        #expect(problems.count == 1, "\(summary.problems)")
        #expect(problems.allSatisfy { reason.isEmpty || $0.contains(reason) }, "\(problems)")
        #expect(try store.count("seeker") == 0)
        #expect(!summary.problems.keys.joined().contains(value) || value.count < 3)
    }

    @Test("vacancy rules: one place, wage order, dates, occupation, employer ID", arguments: [
        ("province", "", "required"),
        ("country", "JP", "not both"),
        ("wage_max", "9000", "wage_min"),
        ("closes_on", "2024-01-01", "before opens_on"),
        ("occupation", "9999", "ISCO"),
        ("employer_id", "0105500000000", "check digit"),
        ("positions", "0", ""),
        ("vacancy_id", "V 1", "identifier"),
    ])
    func vacancyRule(column: String, value: String, reason: String) throws {
        let header = ["vacancy_id", "employer_id", "title", "occupation", "wage_min", "wage_max", "positions", "province",
                      "country", "opens_on", "closes_on", "updated_at"]
        var row = ["V1", citizenID("010550000000"), "ช่างเชื่อม / Welder", "7212", "12000", "18000", "2", "ชลบุรี", "",
                   "2024-03-01", "2024-06-30", "2024-03-01T08:00:00"]
        row[header.firstIndex(of: column)!] = value
        let space = try Workspace()
        let file = try space.write("v.csv", csv(header, [row]))
        let summary = try MatchStore.inMemory().importFeed(.vacancies, file: file)
        #expect(summary.rejected == 1)
        #expect(summary.problems.keys.contains { $0.hasPrefix(column) && (reason.isEmpty || $0.contains(reason)) }, "\(summary.problems)")
    }

    @Test("a header without a required column stops the file before anything is imported")
    func missingRequiredColumn() throws {
        let space = try Workspace()
        let file = try space.write("s.csv", csv(["citizen_id", "registered_on"], [[citizenID("110170020345"), "2024-01-01"]]))
        let store = try MatchStore.inMemory()
        #expect(throws: FeedReaderError.self) { try store.importFeed(.seekers, file: file) }
        #expect(try store.count("person") == 0)
    }

    @Test("CSV and JSON Lines of the same rows give the same dataset")
    func csvAndJSONLinesAgree() throws {
        let space = try Workspace()
        let feeds = SyntheticFeeds(seed: 5, people: 300, employers: 20, vacancies: 50, badRowRate: 0.05)
        try feeds.writeSeekers(count: 300, to: space.path("s.csv"))
        try feeds.writeSeekers(count: 300, to: space.path("s.jsonl"))
        let a = try MatchStore(path: space.path("a.sqlite"))
        let b = try MatchStore(path: space.path("b.sqlite"))
        let fromCSV = try a.importFeed(.seekers, file: space.path("s.csv"))
        let fromJSON = try b.importFeed(.seekers, file: space.path("s.jsonl"))
        #expect(fromCSV.accepted == fromJSON.accepted)
        #expect(fromCSV.rejected == fromJSON.rejected)
        #expect(fromCSV.rejected > 0)
        #expect(try a.dumpWithoutIdentity() == b.dumpWithoutIdentity())
    }
}

@Suite("Import: versions and idempotency")
struct ImportVersionTests {
    @Test("re-importing a file changes nothing; a newer row updates, an older one does not")
    func idempotentAndNewerWins() throws {
        let space = try Workspace()
        let feeds = SyntheticFeeds(seed: 9, people: 500, employers: 30, vacancies: 80, badRowRate: 0.03)
        try feeds.writeSeekers(count: 500, to: space.path("s.csv"))
        let store = try MatchStore(path: space.path("c.sqlite"))
        let first = try store.importFeed(.seekers, file: space.path("s.csv"))
        let before = try store.dump(tables: MatchStore.tableNames.filter { $0 != "import_run" })
        let second = try store.importFeed(.seekers, file: space.path("s.csv"))
        #expect(second.read == first.read)
        #expect(second.inserted == 0 && second.updated == 0)
        #expect(second.unchanged == first.accepted)
        #expect(try store.dump(tables: MatchStore.tableNames.filter { $0 != "import_run" }) == before)

        let id = citizenID("110170020345")
        let newer = try space.write("new.csv", csv(seekerHeader, [seekerRow(id, updated: "2024-06-01T00:00:00")]))
        let older = try space.write("old.csv", csv(seekerHeader, [seekerRow(id, updated: "2024-04-01T00:00:00", wage: "9000")]))
        #expect(try store.importFeed(.seekers, file: newer).inserted == 1)
        #expect(try store.importFeed(.seekers, file: older).unchanged == 1)
        let changed = try space.write("changed.csv", csv(seekerHeader, [seekerRow(id, updated: "2024-07-01T00:00:00", wage: "20000")]))
        #expect(try store.importFeed(.seekers, file: changed).updated == 1)
        let wage = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT MAX(expected_wage) FROM seeker WHERE expected_wage = 20000") }
        #expect(wage == 20000)
    }

    @Test("a dry run gives the counts and rejects of a real import and changes nothing")
    func dryRun() throws {
        let space = try Workspace()
        let feeds = SyntheticFeeds(seed: 8, people: 300, employers: 10, vacancies: 10, badRowRate: 0.05)
        try feeds.writeSeekers(count: 300, to: space.path("s.csv"))
        let store = try MatchStore(path: space.path("c.sqlite"))
        let before = try store.dump(tables: MatchStore.tableNames)
        let checked = try store.importFeed(.seekers, file: space.path("s.csv"), options: ImportOptions(
            batchSize: 64, rejectsPath: space.path("dry.csv"), dryRun: true))
        #expect(try store.dump(tables: MatchStore.tableNames) == before)
        let real = try store.importFeed(.seekers, file: space.path("s.csv"), options: ImportOptions(
            batchSize: 64, rejectsPath: space.path("real.csv")))
        #expect((checked.read, checked.accepted, checked.rejected, checked.inserted) == (real.read, real.accepted, real.rejected, real.inserted))
        #expect(try space.read("dry.csv") == space.read("real.csv"))
        #expect(real.rejected > 0)
    }

    @Test("two versions with the same time end the same in either order")
    func orderIndependent() throws {
        let space = try Workspace()
        let id = citizenID("110170020345")
        let a = try space.write("a.csv", csv(seekerHeader, [seekerRow(id, wage: "12000")]))
        let b = try space.write("b.csv", csv(seekerHeader, [seekerRow(id, wage: "13000")]))
        let one = try MatchStore.inMemory()
        _ = try one.importFeed(.seekers, file: a)
        _ = try one.importFeed(.seekers, file: b)
        let two = try MatchStore.inMemory()
        _ = try two.importFeed(.seekers, file: b)
        _ = try two.importFeed(.seekers, file: a)
        #expect(try one.dumpWithoutIdentity() == two.dumpWithoutIdentity())
    }

    @Test("batches of one row give the same state as one batch")
    func batchSizeDoesNotMatter() throws {
        let space = try Workspace()
        let feeds = SyntheticFeeds(seed: 2, people: 200, employers: 10, vacancies: 10, badRowRate: 0.1)
        try feeds.writeSeekers(count: 200, to: space.path("s.csv"))
        let small = try MatchStore.inMemory()
        let large = try MatchStore.inMemory()
        let a = try small.importFeed(.seekers, file: space.path("s.csv"), options: ImportOptions(batchSize: 1))
        let b = try large.importFeed(.seekers, file: space.path("s.csv"), options: ImportOptions(batchSize: 100_000))
        #expect(a == ImportSummary(copying: b, seconds: a.seconds))
        #expect(try small.dumpWithoutIdentity() == large.dumpWithoutIdentity())
    }
}

extension ImportSummary {
    init(copying other: ImportSummary, seconds: Double) {
        self = other
        self.seconds = seconds
    }
}
