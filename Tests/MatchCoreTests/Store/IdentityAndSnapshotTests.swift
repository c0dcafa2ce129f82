import Foundation
import GRDB
import MatchSim
import Testing
@testable import MatchCore

/// One person in four services, one foreign worker in two, an employer and two vacancies.
private struct LinkedFixture {
    let space: Workspace
    let store: MatchStore
    let somchai = citizenID("110170020345")
    let malee = citizenID("310040012345")
    let employer = citizenID("010550000000")
    var summaries: [ImportSummary] = []

    init() throws {
        space = try Workspace()
        store = try MatchStore(path: space.path("central.sqlite"))
        let files: [(FeedKind, String, String)] = [
            (.seekers, "seekers.csv", csv(
                ["citizen_id", "name", "province", "desired_occupations", "education", "expected_wage", "wage_unit", "registered_on", "updated_at"],
                [[somchai, "สมชาย ใจดี", "ขอนแก่น", "5223", "ม.6", "600", "day", "2024-01-10", "2024-01-10T09:00"],
                 [malee, "มาลี ศรีสุข", "", "", "", "", "", "2024-01-12", "2024-01-12T09:00"]])),
            (.unemploymentRegistrations, "ui.csv", csv(
                ["citizen_id", "registered_on", "last_occupation", "last_wage", "province", "reported_on", "updated_at"],
                [[somchai, "2024-02-01", "8322", "14000", "10", "2024-03-01|2024-04-01", "2024-04-01T00:00"],
                 [malee, "1/2/2567", "4311", "\"๑๘,๐๐๐\"", "กทม", "", "2024-02-01T00:00"]])),
            (.graduates, "grad.csv", csv(
                ["citizen_id", "enrolled_on", "graduation_year", "degree", "field", "updated_at"],
                [[somchai, "2024-01-20", "2566", "ปริญญาตรี", "บริหารธุรกิจ", "2024-01-20T00:00"]])),
            (.abroadRegistrations, "abroad.csv", csv(
                ["citizen_id", "registered_on", "destinations", "occupation", "updated_at"],
                [[malee, "2024-01-15", "KR|ไต้หวัน", "9333", "2024-01-15T00:00"]])),
            (.employers, "employers.csv", csv(
                ["employer_id", "name", "province", "updated_at"],
                [[employer, "บริษัท ชลบุรีอุตสาหกรรม จำกัด", "ชลบุรี", "2024-01-01T00:00"]])),
            (.vacancies, "vacancies.csv", csv(
                ["vacancy_id", "employer_id", "title", "occupation", "positions", "province", "country", "opens_on", "closes_on", "foreign_workers", "updated_at"],
                [["V1", employer, "พนักงานขาย", "5223", "1", "ชลบุรี", "", "2024-01-01", "", "no", "2024-01-01T00:00"],
                 ["V2", employer, "Factory worker (Korea)", "9329", "5", "", "KR", "2024-01-01", "2024-12-31", "yes", "2024-01-01T00:00"]])),
            (.events, "events.csv", csv(
                ["citizen_id", "vacancy_id", "event", "at", "source"],
                [[somchai, "V1", "apply", "2024-03-02T10:00", "web"],
                 [somchai, "V1", "จ้าง", "2024-03-10T10:00", "office"],
                 [malee, "V2", "view", "2024-03-03T10:00", ""],
                 [malee, "V9", "view", "2024-03-03T10:00", ""]])),
            (.copayVacanciesKind, "copay-v.csv", csv(["vacancy_id", "enrolled_on", "updated_at"], [["V2", "2024-01-01", "2024-01-01T00:00"]])),
            (.foreignNotices, "notices.csv", csv(
                ["employer_id", "nationality", "passport", "permit_number", "name", "occupation", "starts_on", "updated_at"],
                [[employer, "MM", "MA1234567", "", "Aung Aung", "9333", "2024-01-05", "2024-01-05T00:00"]])),
            (.workPermits, "permits.csv", csv(
                ["application_id", "nationality", "passport", "permit_number", "employer_id", "occupation", "status", "applied_on", "valid_from", "valid_until", "updated_at"],
                [["WP-1", "เมียนมา", "ma-1234567", "WP0000001", employer, "9333", "อนุมัติ", "2024-01-06", "2024-01-10", "2026-01-09", "2024-01-10T00:00"],
                 ["WP-2", "TH", "AB12345", "", employer, "9333", "submitted", "2024-01-06", "", "", "2024-01-10T00:00"]])),
        ]
        for (kind, name, text) in files {
            let file = try space.write(name, text)
            summaries.append(try store.importFeed(kind, file: file, options: ImportOptions(rejectsPath: space.path(name + ".rejects.csv"))))
        }
    }
}

extension FeedKind {
    static let copayVacanciesKind = FeedKind.coPaymentVacancies
}

@Suite("Identity, snapshot and results")
struct IdentityAndSnapshotTests {
    @Test("one person per identity across feeds; passport and permit number link the same worker")
    func linking() throws {
        let fixture = try LinkedFixture()
        let store = fixture.store
        // Somchai, Malee and the worker: three people; one employer.
        #expect(try store.count("person") == 3)
        #expect(try store.count("employer") == 1)
        // The permit row gave passport (spelled differently) and permit number: linked to the notice's worker.
        let people = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT person) FROM work_permit") }
        #expect(people == 1)
        let workerIdentities = try store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM identity WHERE kind IN (3, 4)")
        }
        #expect(workerIdentities == 2)
        // The TH work-permit row and the unknown vacancy are refused.
        #expect(fixture.summaries.last!.rejected == 1)
        #expect(fixture.summaries[6].rejected == 1)
        #expect(fixture.summaries[6].problems.keys.contains { $0.hasPrefix("vacancy_id: unknown vacancy") })
        for summary in fixture.summaries { #expect(summary.accepted + summary.rejected == summary.read) }
    }

    @Test("a passport and a permit number of two different people are not merged")
    func conflictingDocuments() throws {
        let space = try Workspace()
        let employer = citizenID("010550000000")
        let header = ["employer_id", "nationality", "passport", "permit_number", "occupation", "starts_on", "updated_at"]
        let file = try space.write("n.csv", csv(header, [
            [employer, "LA", "P1234567", "", "9333", "2024-01-01", "2024-01-01T00:00"],
            [employer, "LA", "", "WP7654321", "9333", "2024-01-01", "2024-01-01T00:00"],
            [employer, "LA", "P1234567", "WP7654321", "9333", "2024-02-01", "2024-02-01T00:00"],
        ]))
        let store = try MatchStore.inMemory()
        let summary = try store.importFeed(.foreignNotices, file: file)
        #expect(summary.accepted == 2)
        #expect(summary.rejected == 1)
        #expect(summary.problems.keys.contains { $0.contains("two different people") })
        #expect(try store.count("person") == 2)
    }

    @Test("the snapshot assembles each profile by the documented precedence and keeps sources")
    func snapshotProfiles() throws {
        let fixture = try LinkedFixture()
        let snapshot = try fixture.store.snapshot(asOf: Day(year: 2024, month: 3, day: 5)!)
        #expect(snapshot.seekers.count == 2)
        let somchai = try #require(snapshot.seekers.first { $0.programmes.contains(.coPayment) })
        #expect(somchai.programmes == [.jobBoard, .unemploymentInsurance, .coPayment])
        #expect(somchai.province?.nameEnglish == "Khon Kaen")
        #expect(somchai.sources.province == .jobBoard)
        #expect(somchai.education == .bachelor)  // co-payment (verified) over the job board's ม.6
        #expect(somchai.sources.education == .coPayment)
        #expect(somchai.expectedMonthlyWage == 600 * 26)
        #expect(somchai.lastOccupation?.digits == "8322")
        #expect(somchai.desiredOccupations.map(\.digits) == ["5223"])
        #expect(somchai.graduationYear == 2023)

        let malee = try #require(snapshot.seekers.first { $0.programmes.contains(.workAbroad) })
        #expect(malee.province?.code == 10)
        #expect(malee.sources.province == .unemploymentInsurance)
        #expect(malee.desiredOccupations.map(\.digits) == ["9333"])
        #expect(malee.sources.desiredOccupations == .workAbroad)
        #expect(malee.expectedMonthlyWage == 18_000)
        #expect(malee.destinations.map(\.alpha2) == ["KR", "TW"])

        // V1 filled (one position, one hire on 10 March): open on 5 March, closed on 11 March.
        #expect(snapshot.vacancies.map(\.externalID) == ["V1", "V2"])
        #expect(snapshot.vacancies[1].coPayment)
        #expect(snapshot.vacancies[1].country?.alpha2 == "KR")
        let later = try fixture.store.snapshot(asOf: Day(year: 2024, month: 3, day: 11)!)
        #expect(later.vacancies.map(\.externalID) == ["V2"])
        // Events up to the day, pointing into the arrays.
        #expect(snapshot.events.count == 2)
        for event in snapshot.events where event.seekerIndex >= 0 {
            #expect(snapshot.seekers[Int(event.seekerIndex)].person == event.person)
        }
        // Before anyone registered: nobody.
        #expect(try fixture.store.snapshot(asOf: Day(year: 2023, month: 12, day: 31)!).seekers.isEmpty)
    }

    @Test("no citizen ID, passport or name outside the identity table, the rejects files or errors")
    func noRawIdentifiers() throws {
        let fixture = try LinkedFixture()
        let dump = try fixture.store.dumpWithoutIdentity() + fixture.store.dump(tables: ["import_run"])
        for secret in [fixture.somchai, fixture.malee, fixture.employer, "MA1234567", "WP0000001", "สมชาย", "Aung"] {
            #expect(!dump.contains(secret), "found a raw identifier in the dataset")
        }
        let rejects = try FileManager.default.contentsOfDirectory(atPath: fixture.space.url.path)
            .filter { $0.hasSuffix(".rejects.csv") }
            .map { try fixture.space.read($0) }
            .joined()
        for secret in [fixture.somchai, fixture.malee, "AB12345", "V9"] where secret != "V9" {
            #expect(!rejects.contains(secret))
        }
        let snapshot = try fixture.store.snapshot(asOf: Day(year: 2024, month: 3, day: 5)!)
        #expect(!String(describing: snapshot).contains(fixture.somchai))
        // Bad IDs in errors: the problem text never carries the value.
        let bad = badCheckDigit(fixture.somchai)
        do {
            _ = try ThaiID(parsing: bad)
        } catch {
            #expect(!String(describing: error).contains(bad))
        }
    }

    @Test("the dataset file is created readable by its owner only, in WAL mode")
    func fileMode() throws {
        let space = try Workspace()
        let store = try MatchStore(path: space.path("c.sqlite"))
        let attributes = try FileManager.default.attributesOfItem(atPath: space.path("c.sqlite"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let mode = try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("results: a run and its matches, read back by person")
    func results() throws {
        let store = try MatchStore.inMemory()
        let run = try store.beginRun(modelVersion: "test-1", parameters: ["k": "2"], asOf: Day(year: 2024, month: 3, day: 5))
        try store.appendMatches([
            StoredMatch(person: 1, vacancy: 7, rank: 1, score: 0.9, reasons: "same occupation; 12 km"),
            StoredMatch(person: 1, vacancy: 8, rank: 2, score: 0.5, reasons: "อาชีพใกล้เคียง"),
            StoredMatch(person: 2, vacancy: 7, rank: 1, score: 0.7, reasons: ""),
        ], run: run)
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs[0].modelVersion == "test-1")
        #expect(runs[0].parameters == #"{"k":"2"}"#)
        #expect(runs[0].codeVersion == JobMatchVersion.current)
        #expect(try store.matches(run: run, person: 1).map(\.vacancy) == [7, 8])
        #expect(try store.matches(run: run).count == 3)
    }

    @Test("stats count tables, programmes, provinces and the latest rejects")
    func stats() throws {
        let fixture = try LinkedFixture()
        let stats = try fixture.store.stats()
        #expect(stats.tables.first { $0.table == "person" }?.rows == 3)
        let byService = Dictionary(uniqueKeysWithValues: stats.peopleByService.map { ($0.service, $0.people) })
        #expect(byService[.jobBoard] == 2, "\(fixture.summaries[1].problems)")
        #expect(byService[.unemploymentInsurance] == 2, "\(fixture.summaries[1].problems)")
        #expect(byService[.workPermit] == 1)
        #expect(stats.provinces.first { $0.province?.code == 20 }?.vacancies == 1)
        #expect(stats.vacanciesAbroad.first?.country == "KR")
        let permits = try #require(stats.imports.first { $0.feed == "work-permits" })
        #expect(permits.rejected == 1)
        #expect(permits.problems.first?.problem.hasPrefix("nationality") == true)
    }
}
