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

        // Again with nothing changed: nothing to do.
        summary = try OccupationSuggestions.update(in: store, coder: coder)
        #expect(summary.coded == 0 && summary.unchanged == 2)

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
}
