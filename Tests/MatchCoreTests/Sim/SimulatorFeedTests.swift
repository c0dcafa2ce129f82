import Foundation
import MatchCore
import Testing
@testable import MatchSim

/// Properties of the Fixtures feed files themselves, beyond what an import checks: the
/// importer accepts a hire after the posting closed, or a name that changes between feeds, so
/// these read the rows.
@Suite struct SimulatorFeedTests {
    let manifest: Simulation.Manifest
    let end: Day

    init() throws {
        manifest = try JSONDecoder().decode(
            Simulation.Manifest.self, from: Data(contentsOf: fixturesURL.appendingPathComponent("manifest.json")))
        end = Day(iso: manifest.end)!
    }

    func rows(_ kind: FeedKind) throws -> [ResourceTable.Row] {
        let text = try String(contentsOf: fixturesURL.appendingPathComponent("feeds/\(kind.name).csv"), encoding: .utf8)
        return try ResourceTable(text: text, file: kind.name).rows
    }

    func day(_ text: String?) -> Day? { text.flatMap { try? Day(parsing: $0) } }
    func time(_ text: String?) -> Int64? { text.flatMap { try? Timestamp(parsing: $0).secondsSince1970 } }

    /// The person a row names: citizen ID, or nationality:passport.
    func person(_ row: ResourceTable.Row) -> String? {
        if let id = row["citizen_id"], !id.isEmpty { return id }
        if let nationality = row["nationality"], let passport = row["passport"], !passport.isEmpty { return "\(nationality):\(passport)" }
        return nil
    }

    @Test func nothingHappensAfterTheEnd() throws {
        let endTime = Int64(end.daysSince1970) * 86_400 - 7 * 3_600
        let columns: [(FeedKind, [String], [String])] = [
            (.seekers, ["registered_on", "closed_on"], ["updated_at"]),
            (.vacancies, ["opens_on"], ["updated_at"]),
            (.events, [], ["at"]),
            (.unemploymentRegistrations, ["registered_on", "separated_on", "reported_on"], ["updated_at"]),
            (.graduates, ["enrolled_on"], ["updated_at"]),
            (.abroadRegistrations, ["registered_on"], ["updated_at"]),
            (.abroadTrips, ["on"], []),
            (.foreignNotices, ["starts_on"], ["updated_at"]),
            (.workPermits, ["applied_on"], ["updated_at"]),
        ]
        for (kind, days, times) in columns {
            var checked = 0
            for row in try rows(kind) {
                for column in days {
                    for item in (row[column] ?? "").split(separator: "|") {
                        guard let value = day(String(item)) else { continue }
                        #expect(value < end, "\(kind) \(column) record \(row.record)")
                        checked += 1
                    }
                }
                for column in times {
                    guard let value = time(row[column]) else { continue }
                    #expect(value < endTime, "\(kind) \(column) record \(row.record)")
                    checked += 1
                }
            }
            #expect(checked > 0, "\(kind)")
        }
    }

    @Test func hiresFallWithinThePostingAndItsPositions() throws {
        var closes: [String: Day] = [:]
        var opens: [String: Day] = [:]
        var positions: [String: Int] = [:]
        for row in try rows(.vacancies) {
            guard let id = row["vacancy_id"], let opened = day(row["opens_on"]) else { continue }
            opens[id] = opened
            if let closed = day(row["closes_on"]) { closes[id] = closed }
            positions[id] = Int(row["positions"] ?? "") ?? 1
        }
        var hires: [String: Set<String>] = [:]
        for row in try rows(.events) where ["hire", "จ้าง"].contains(row["event"] ?? "") {
            guard let id = row["vacancy_id"], let at = time(row["at"]), let person = person(row) else { continue }
            let hireDay = Day(daysSince1970: Int32((at + 7 * 3_600) / 86_400))
            #expect(opens[id]! <= hireDay, "\(id)")
            if let closed = closes[id] { #expect(hireDay <= closed, "\(id) hired \(hireDay) after closing \(closed)") }
            hires[id, default: []].insert(person)
        }
        #expect(!hires.isEmpty)
        for (id, people) in hires { #expect(people.count <= positions[id]!, "\(id)") }
    }

    @Test func profilesAreUpdatedAfterRegistration() throws {
        for row in try rows(.seekers) {
            guard let registered = day(row["registered_on"]), let updated = time(row["updated_at"]) else { continue }
            #expect(Int64(registered.daysSince1970) * 86_400 - 7 * 3_600 <= updated, "record \(row.record)")
            if let closed = day(row["closed_on"]) { #expect(registered <= closed, "record \(row.record)") }
        }
    }

    @Test func aPersonHasOneNameInEveryFeed() throws {
        var names: [String: String] = [:]
        var shared = 0
        for kind in [FeedKind.seekers, .graduates, .abroadRegistrations, .foreignNotices, .workPermits] {
            for row in try rows(kind) {
                guard let person = person(row), let name = row["name"], !name.isEmpty else { continue }
                // Thai titles are optional: compare without them.
                let bare = ["นางสาว", "นาย", "นาง"].reduce(name) { $0.hasPrefix($1) ? String($0.dropFirst($1.count)) : $0 }
                if let known = names[person] {
                    #expect(known == bare, "\(kind) record \(row.record)")
                    shared += 1
                } else {
                    names[person] = bare
                }
            }
        }
        #expect(shared > 20)
    }

    @Test func foreignWorkersOnlyInOpenOccupationsOnTheFeeds() throws {
        let catalog = try SimCatalog.load()
        let open = Set(catalog.occupations.filter(\.openToForeignWorkers).map(\.isco.value))
        var checked = 0
        for row in try rows(.seekers) where !(row["nationality"] ?? "").isEmpty {
            for code in (row["desired_occupations"] ?? "").split(separator: "|") {
                #expect(open.contains(UInt16(code)!), "seekers record \(row.record)")
                checked += 1
            }
        }
        for kind in [FeedKind.workPermits, .foreignNotices] {
            for row in try rows(kind) {
                guard let code = UInt16(row["occupation"] ?? "") else { continue }
                #expect(open.contains(code), "\(kind) record \(row.record)")
                checked += 1
            }
        }
        #expect(checked > 50)
        #expect(!open.contains(4110) && !open.contains(4311) && !open.contains(8322) && open.contains(9313))
    }

    @Test func wagesAreAtLeastTheLegalMinimum() throws {
        var checked = 0
        for row in try rows(.vacancies) {
            guard let text = row["wage_min"], !text.isEmpty, let wage = try? Baht.parse(text),
                  let province = try? Province(parsing: row["province"] ?? "")
            else { continue }
            let daily = SimGeography.minimumDailyWage(province)
            let perDay = ["day", "วัน"].contains(row["wage_unit"] ?? "")
            #expect(Double(wage) >= (perDay ? daily : daily * 26), "vacancies record \(row.record): \(wage) in \(province)")
            checked += 1
        }
        #expect(checked > 300)
    }

    @Test func interviewsAndDecisionsOnWorkingDaysWhileThePostingIsOpen() throws {
        var closes: [String: Day] = [:]
        for row in try rows(.vacancies) {
            if let id = row["vacancy_id"], let closed = day(row["closes_on"]) { closes[id] = closed }
        }
        var weekdays = [Int](repeating: 0, count: 7)
        for row in try rows(.events) where ["interview", "สัมภาษณ์", "hire", "จ้าง"].contains(row["event"] ?? "") {
            guard let at = time(row["at"]), let id = row["vacancy_id"] else { continue }
            let local = at + 7 * 3_600
            let day = Int32(local / 86_400)
            weekdays[(Int(day) + 3) % 7] += 1
            #expect((9..<16).contains(Int(local % 86_400) / 3_600), "record \(row.record)")
            if let closed = closes[id] { #expect(day <= closed.daysSince1970, "record \(row.record): after \(id) closed") }
        }
        #expect(weekdays[5] == 0 && weekdays[6] == 0)
        let total = weekdays.reduce(0, +)
        #expect(total > 50)
        #expect(weekdays[0] * 3 < total, "Mondays \(weekdays[0]) of \(total)")
    }

    @Test func workPermitsNameOnlyTheEmployerOfTheTime() throws {
        var jobs: [String: [(employer: String, starts: Day, ends: Day?)]] = [:]
        for row in try rows(.foreignNotices) {
            guard let person = person(row), let employer = row["employer_id"], let starts = day(row["starts_on"]) else { continue }
            jobs[person, default: []].append((employer, starts, day(row["ends_on"])))
        }
        var checked = 0
        for row in try rows(.workPermits) {
            guard let person = person(row), let employer = row["employer_id"], !employer.isEmpty,
                  let applied = day(row["applied_on"]) else { continue }
            let match = jobs[person]?.contains { $0.employer == employer && $0.starts <= applied && applied <= ($0.ends ?? applied) } ?? false
            #expect(match, "work-permits record \(row.record)")
            checked += 1
        }
        #expect(checked > 10)
    }
}

extension SimulatorFeedTests {
    @Test func declaredSkillsAreTrueSkillsBesidesOneFalseClaim() throws {
        let catalog = try SimCatalog.load()
        var labels: [String: String] = [:]  // label (Thai or English) → skill id
        for skill in catalog.skills {
            labels[skill.english] = skill.id
            labels[skill.thai] = skill.id
        }
        let text = try String(contentsOf: fixturesURL.appendingPathComponent("truth/seekers.csv"), encoding: .utf8)
        var truth: [String: Set<String>] = [:]
        for row in try ResourceTable(text: text, file: "truth/seekers.csv").rows {
            truth[row["person"]!] = Set((row["skills"] ?? "").split(separator: "|").map(String.init))
        }
        var checked = 0
        var undeclared = 0
        for row in try rows(.seekers) {
            guard let person = person(row), let own = truth[person] else { continue }
            let declared = (row["skills"] ?? "").split(separator: "|").compactMap { labels[String($0)] }
            let claimed = declared.filter { !own.contains($0) }
            #expect(claimed.count <= 1, "record \(row.record): \(claimed)")
            undeclared += own.count - Set(declared).intersection(own).count
            checked += 1
        }
        #expect(checked > 100)
        #expect(undeclared > checked)  // most seekers leave some of their skills out
    }
}
