import Foundation
import Testing
@testable import MatchCore

/// A valid one-row file of a feed, and one bad value per rule: the row must be refused with the
/// field named and a reason saying why, and the good row must pass.
struct FeedCase: Sendable, CustomTestStringConvertible {
    var feed: FeedKind
    var row: [String: String]
    var column: String
    var bad: String
    var reason: String

    var testDescription: String { "\(feed.name).\(column) = \(bad.isEmpty ? "blank" : bad)" }

    /// The header: the good row's columns, in the feed's order.
    var header: [String] { feed.schema.columns.filter { row[$0] != nil } }

    func csvText(spoiled: Bool) -> String {
        var values = row
        if spoiled { values[column] = bad }
        return csv(header, [header.map { Self.quoted(values[$0]!) }])
    }

    static func quoted(_ value: String) -> String {
        value.contains(",") ? "\"\(value)\"" : value
    }
}

private let person = citizenID("110170020345")
private let employer = citizenID("010550000000")

private let ui = ["citizen_id": person, "registered_on": "2024-02-01", "separated_on": "2024-01-31", "cause": "เลิกจ้าง",
                  "last_occupation": "8322", "last_wage": "14,000", "reported_on": "2024-03-01|2024-04-01",
                  "updated_at": "2024-04-01T00:00"]
private let graduate = ["citizen_id": person, "enrolled_on": "2024-01-20", "graduation_year": "2566", "degree": "ปวส.",
                        "updated_at": "2024-01-20T00:00"]
private let abroad = ["citizen_id": person, "registered_on": "2024-01-15", "destinations": "KR|JP", "expires_on": "2025-01-14",
                      "updated_at": "2024-01-15T00:00"]
private let trip = ["citizen_id": person, "direction": "departure", "on": "2024-03-01", "country": "TW"]
private let notice = ["employer_id": employer, "nationality": "MM", "passport": "MA1234567", "occupation": "9333",
                      "starts_on": "2024-01-05", "ends_on": "2025-01-04", "updated_at": "2024-01-05T00:00"]
private let permit = ["application_id": "WP-1", "nationality": "KH", "passport": "N1234567", "occupation": "9333",
                      "status": "approved", "applied_on": "2024-01-06", "valid_from": "2024-01-10",
                      "valid_until": "2026-01-09", "updated_at": "2024-01-10T00:00"]
private let employerRow = ["employer_id": employer, "name": "บริษัท สยามเทค จำกัด", "employees": "120", "updated_at": "2024-01-01"]
private let event = ["citizen_id": person, "vacancy_id": "V1", "event": "apply", "at": "2024-03-02T10:00"]

let feedRuleCases: [FeedCase] = [
    FeedCase(feed: .unemploymentRegistrations, row: ui, column: "separated_on", bad: "2024-02-02", reason: "after registered_on"),
    FeedCase(feed: .unemploymentRegistrations, row: ui, column: "cause", bad: "bored", reason: "layoff"),
    FeedCase(feed: .unemploymentRegistrations, row: ui, column: "reported_on", bad: "2024-01-01", reason: "before registered_on"),
    FeedCase(feed: .unemploymentRegistrations, row: ui, column: "last_wage", bad: "0", reason: "1,000,000"),
    FeedCase(feed: .unemploymentRegistrations, row: ui, column: "last_occupation", bad: "1", reason: ""),
    FeedCase(feed: .graduates, row: graduate, column: "degree", bad: "ม.6", reason: "vocational"),
    FeedCase(feed: .graduates, row: graduate, column: "graduation_year", bad: "2550", reason: "new graduate"),
    FeedCase(feed: .graduates, row: graduate, column: "citizen_id", bad: "", reason: "missing"),
    FeedCase(feed: .abroadRegistrations, row: abroad, column: "destinations", bad: "TH", reason: "other than TH"),
    FeedCase(feed: .abroadRegistrations, row: abroad, column: "destinations", bad: "Atlantis", reason: "country"),
    FeedCase(feed: .abroadRegistrations, row: abroad, column: "expires_on", bad: "2023-01-01", reason: "before registered_on"),
    FeedCase(feed: .abroadTrips, row: trip, column: "direction", bad: "sideways", reason: "departure or return"),
    FeedCase(feed: .abroadTrips, row: trip, column: "country", bad: "TH", reason: "other than TH"),
    FeedCase(feed: .foreignNotices, row: notice, column: "nationality", bad: "TH", reason: "not TH"),
    FeedCase(feed: .foreignNotices, row: notice, column: "passport", bad: "", reason: "permit_number"),
    FeedCase(feed: .foreignNotices, row: notice, column: "passport", bad: "A1", reason: "5 to 20"),
    FeedCase(feed: .foreignNotices, row: notice, column: "ends_on", bad: "2023-12-31", reason: "before starts_on"),
    FeedCase(feed: .workPermits, row: permit, column: "nationality", bad: "VN", reason: "MM, LA or KH"),
    FeedCase(feed: .workPermits, row: permit, column: "status", bad: "maybe", reason: "approved"),
    FeedCase(feed: .workPermits, row: permit, column: "valid_until", bad: "2024-01-01", reason: "before valid_from"),
    FeedCase(feed: .workPermits, row: permit, column: "application_id", bad: "WP 1", reason: "identifier"),
    FeedCase(feed: .employers, row: employerRow, column: "employees", bad: "-3", reason: ""),
    FeedCase(feed: .employers, row: employerRow, column: "name", bad: "", reason: "missing"),
    FeedCase(feed: .employers, row: employerRow, column: "updated_at", bad: "2024-13-01", reason: "month"),
    FeedCase(feed: .events, row: event, column: "event", bad: "liked", reason: "apply"),
    FeedCase(feed: .events, row: event, column: "at", bad: "2024-03-02T25:00", reason: ""),
    FeedCase(feed: .events, row: event, column: "citizen_id", bad: "", reason: "passport"),
]

@Suite("Import: the rules of every feed")
struct FeedRuleTests {
    @Test("the good row is accepted and each bad value refused, naming its field", arguments: feedRuleCases)
    func rule(_ test: FeedCase) throws {
        let space = try Workspace()
        let store = try MatchStore.inMemory()
        if test.feed == .events {  // events need their vacancy
            let vacancies = try space.write("v.csv", csv(
                ["vacancy_id", "employer_id", "title", "occupation", "province", "opens_on", "updated_at"],
                [["V1", employer, "พนักงานขาย", "5223", "10", "2024-01-01", "2024-01-01T00:00"]]))
            #expect(try store.importFeed(.vacancies, file: vacancies).accepted == 1)
        }
        let good = try store.importFeed(test.feed, file: space.write("good.csv", test.csvText(spoiled: false)))
        #expect(good.accepted == 1, "\(good.problems)")
        let bad = try MatchStore.inMemory().importFeed(test.feed, file: space.write("bad.csv", test.csvText(spoiled: true)))
        #expect(bad.rejected == 1)
        #expect(bad.accepted + bad.rejected == bad.read)
        let problems = bad.problems.keys.filter { $0.hasPrefix(test.column + ":") }
        #expect(!problems.isEmpty && problems.allSatisfy { test.reason.isEmpty || $0.contains(test.reason) }, "\(bad.problems)")
    }
}
