import Foundation
import GRDB
import Testing
@testable import MatchCore

@Suite(.serialized) struct OccupationSuggestionsTests {
    private let header = ["citizen_id", "name", "desired_occupations", "desired_title", "registered_on", "updated_at"]

    private func seekers(_ rows: [[String]], in space: Workspace, as name: String) throws -> String {
        try space.write(name, csv(header, rows))
    }

    private func suggestions(_ store: MatchStore) throws -> [String: (code: Int?, confidence: Double?, desired: String)] {
        try store.database.read { db in
            var result: [String: (Int?, Double?, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT desired_title, suggested_occupation, suggested_confidence, desired_occupations FROM seeker") {
                result[row[0]] = (row[1], row[2], row[3])
            }
            return result
        }
    }

    @Test func seekersWithoutCodesGetTheCodersSuggestionKeptApart() throws {
        let coder = try SharedCoder.coder.get()
        let space = try Workspace()
        let store = try MatchStore(path: space.path("central.sqlite"))
        let welder = citizenID("110020003000"), seller = citizenID("110020003001"), coded = citizenID("110020003002"), blank = citizenID("110020003003")
        let first = try seekers([
            [welder, "ก", "", "ช่างเชื่อม TIG", "2024-01-10", "2024-01-10T09:00"],
            [seller, "ข", "", "Sales exec (FMCG)", "2024-01-10", "2024-01-10T09:00"],
            [coded, "ค", "4110", "ช่างเชื่อม", "2024-01-10", "2024-01-10T09:00"],
            [blank, "ง", "", "", "2024-01-10", "2024-01-10T09:00"],
        ], in: space, as: "seekers.csv")
        _ = try store.importFeed(.seekers, file: first)
        var summary = try OccupationSuggestions.update(in: store, coder: coder)
        #expect(summary.coded == 2 && summary.cleared == 0 && summary.unchanged == 0)
        var stored = try suggestions(store)
        #expect(stored["ช่างเชื่อม TIG"]?.code == 7212 && (stored["ช่างเชื่อม TIG"]?.confidence ?? 0) > 0.5)
        #expect(stored["Sales exec (FMCG)"].map { [3322, 2431, 5223, 1221, 2433].contains($0.code ?? 0) } == true)
        // What the person entered stays, and gets no suggestion; nor does a blank title.
        #expect(stored["ช่างเชื่อม"]?.code == nil && stored["ช่างเชื่อม"]?.desired == "4110")
        #expect(stored[""]?.code == nil)

        // Again with nothing changed: nothing to do, unless asked to code everyone again.
        summary = try OccupationSuggestions.update(in: store, coder: coder)
        #expect(summary.coded == 0 && summary.unchanged == 2)
        summary = try OccupationSuggestions.update(in: store, coder: coder, recodingAll: true)
        #expect(summary.coded == 2 && summary.unchanged == 0)
        #expect(try suggestions(store)["ช่างเชื่อม TIG"]?.code == 7212)

        // The welder now enters a code (the suggestion goes), the seller changes title (coded again).
        let second = try seekers([
            [welder, "ก", "7212", "ช่างเชื่อม TIG", "2024-01-10", "2024-02-10T09:00"],
            [seller, "ข", "", "พนักงานขับรถบรรทุก 10 ล้อ", "2024-01-10", "2024-02-10T09:00"],
        ], in: space, as: "seekers2.csv")
        _ = try store.importFeed(.seekers, file: second)
        summary = try OccupationSuggestions.update(in: store, coder: coder)
        #expect(summary.cleared == 1 && summary.coded == 1 && summary.unchanged == 0)
        stored = try suggestions(store)
        #expect(stored["ช่างเชื่อม TIG"]?.code == nil && stored["ช่างเชื่อม TIG"]?.desired == "7212")
        #expect(stored["พนักงานขับรถบรรทุก 10 ล้อ"]?.code == 8332)

        // The snapshot hands the suggestion over, apart from the desired occupations.
        let snapshot = try store.snapshot(asOf: Day(year: 2024, month: 3, day: 1)!)
        let driver = try #require(snapshot.seekers.first { $0.desiredTitle == "พนักงานขับรถบรรทุก 10 ล้อ" })
        #expect(driver.desiredOccupations.isEmpty && driver.suggestedOccupation?.digits == "8332")
        #expect((driver.suggestedOccupationConfidence ?? 0) > 0.5)
        let enteredWelder = try #require(snapshot.seekers.first { $0.desiredTitle == "ช่างเชื่อม TIG" })
        #expect(enteredWelder.suggestedOccupation == nil)
    }

    @Test func theFeatureSpaceUsesASuggestionOnlyWhereNoCodeWasEntered() throws {
        var suggested = SeekerProfile(person: 1, nationality: .thailand, activeSince: Day(year: 2024, month: 1, day: 1)!)
        suggested.suggestedOccupation = try ISCOCode(parsing: "7212")
        suggested.suggestedOccupationConfidence = 0.5
        var terms: [UInt64: Float] = [:]
        FeatureDocuments.occupationTerms(of: suggested, configuration: FeatureConfiguration()) { terms[$0, default: 0] += $1 }
        var entered = suggested
        entered.desiredOccupations = [try ISCOCode(parsing: "7212")]
        var enteredTerms: [UInt64: Float] = [:]
        FeatureDocuments.occupationTerms(of: entered, configuration: FeatureConfiguration()) { enteredTerms[$0, default: 0] += $1 }
        // The same four levels, at half the weight.
        #expect(Set(terms.keys) == Set(enteredTerms.keys) && terms.count == 4)
        for (key, value) in terms { #expect(abs(value - 0.5 * enteredTerms[key]!) < 1e-6) }
        // An entered code wins: the suggestion adds nothing.
        entered.suggestedOccupation = try ISCOCode(parsing: "5223")
        var both: [UInt64: Float] = [:]
        FeatureDocuments.occupationTerms(of: entered, configuration: FeatureConfiguration()) { both[$0, default: 0] += $1 }
        #expect(both == enteredTerms)
    }

    @Test func vacanciesWithoutACodeAreCodedAtImportOnlyWithACoder() throws {
        let coder = try SharedCoder.coder.get()
        let space = try Workspace()
        let employer = citizenID("010555000123")
        let file = try space.write("vacancies.csv", csv(
            ["vacancy_id", "employer_id", "title", "occupation", "province", "opens_on", "updated_at"],
            [["V1", employer, "ช่างเชื่อม TIG", "", "ชลบุรี", "2024-01-01", "2024-01-01T00:00"],
             ["V2", employer, "พนักงานขาย", "5223", "ชลบุรี", "2024-01-01", "2024-01-01T00:00"],
             ["V3", employer, "xyzzy qwv", "", "ชลบุรี", "2024-01-01", "2024-01-01T00:00"]]))
        // Without a coder, a blank code is rejected and the reason says how to have it suggested.
        let plain = try MatchStore(path: space.path("plain.sqlite"))
        let refused = try plain.importFeed(.vacancies, file: file)
        #expect(refused.read == 3 && refused.accepted == 1 && refused.rejected == 2 && refused.inserted == 1, "\(refused)")
        #expect(refused.problems.keys.contains { $0.contains("occupation coder") })

        let store = try MatchStore(path: space.path("coded.sqlite"))
        let summary = try store.importFeed(.vacancies, file: file, options: ImportOptions(occupationCoder: coder))
        #expect(summary.inserted == 2 && summary.rejected == 1)  // V3: no occupation shares a letter
        #expect(summary.problems.keys.contains { $0.contains("found no occupation") })
        let rows = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT external_id, occupation, occupation_suggested, occupation_confidence FROM vacancy ORDER BY external_id")
        }
        #expect(rows.count == 2)
        #expect(rows[0][0] as String == "V1" && rows[0][1] as Int == 7212 && rows[0][2] as Int == 1 && (rows[0][3] as Double? ?? 0) > 0.5)
        #expect(rows[1][0] as String == "V2" && rows[1][1] as Int == 5223 && rows[1][2] as Int == 0 && (rows[1][3] as Double?) == nil)
        // A rejected row leaves no trace: a later row of the same vacancy, as new, is stored.
        let again = try space.write("again.csv", csv(
            ["vacancy_id", "employer_id", "title", "occupation", "province", "opens_on", "updated_at"],
            [["V9", employer, "ช่างเชื่อม", "", "ชลบุรี", "2024-01-01", "2024-01-01T00:00"],
             ["V9", employer, "ช่างเชื่อม", "7212", "ชลบุรี", "2024-01-01", "2024-01-01T00:00"]]))
        let second = try plain.importFeed(.vacancies, file: again)
        #expect(second.rejected == 1 && second.inserted == 1 && second.unchanged == 0, "\(second)")
        // The snapshot's vacancy has the suggested code.
        let snapshot = try store.snapshot(asOf: Day(year: 2024, month: 1, day: 2)!)
        #expect(snapshot.vacancies.map(\.occupation.digits).sorted() == ["5223", "7212"])
        // ... marked as the coder's, with its probability; the employer's code is not.
        let suggested = try #require(snapshot.vacancies.first { $0.externalID == "V1" })
        #expect((suggested.occupationSuggestionConfidence ?? 0) > 0.5)
        #expect(snapshot.vacancies.first { $0.externalID == "V2" }?.occupationSuggestionConfidence == nil)
    }
}
