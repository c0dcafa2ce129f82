import Foundation
import Testing
@testable import MatchCore

@Suite("Period snapshots, eligibility and the time split")
struct PeriodSnapshotTests {
    @Test("the period snapshot of one day is the one-day snapshot", arguments: [0, 30, 95, 160])
    func oneDay(offset: Int) async throws {
        let fixture = try await learningFixture()
        let day = fixture.split.trainFrom + offset
        let one = try fixture.store.snapshot(asOf: day)
        let period = try fixture.store.snapshot(from: day, through: day)
        #expect(period.seekers == one.seekers && period.vacancies == one.vacancies && period.events == one.events)
        #expect(period.asOf == day && period.from == day)
    }

    @Test("a week's snapshot holds every seeker and vacancy of each of its days")
    func week() async throws {
        let fixture = try await learningFixture()
        let start = fixture.split.trainFrom + 60
        let week = try fixture.store.snapshot(from: start, through: start + 6)
        let seekers = Set(week.seekers.map(\.person)), vacancies = Set(week.vacancies.map(\.key))
        var union = Set<Int64>()
        for offset in 0...6 {
            let day = try fixture.store.snapshot(asOf: start + offset)
            #expect(Set(day.seekers.map(\.person)).isSubset(of: seekers))
            #expect(Set(day.vacancies.map(\.key)).isSubset(of: vacancies))
            union.formUnion(day.vacancies.map(\.key))
        }
        #expect(union == vacancies)
        #expect(week.events.allSatisfy { event in
            (event.seekerIndex < 0 || week.seekers[Int(event.seekerIndex)].person == event.person)
                && (event.vacancyIndex < 0 || week.vacancies[Int(event.vacancyIndex)].key == event.vacancy)
        })
    }

    @Test("eligibility: open by dates and hires, foreign workers, work abroad")
    func eligibility() {
        let day = Day(year: 2025, month: 3, day: 10)!
        var open = vacancy(1)
        open.closesOn = day
        var foreignOK = vacancy(2, occupation: 8160)  // on no list of the 2020 notification (5223, the default, is MOU-only)
        foreignOK.acceptsForeignWorkers = true
        let abroad = vacancy(3, country: CountryCode(alpha2: "JP")!)
        var filled = vacancy(4)
        filled.positions = 1
        let hire = MatchEvent(person: 9, vacancy: 4, seekerIndex: -1, vacancyIndex: 3, kind: .hire,
                              at: Timestamp(day - 1, hour: 10), source: "")
        let sameDay = MatchEvent(person: 9, vacancy: 1, seekerIndex: -1, vacancyIndex: 0, kind: .hire,
                                 at: Timestamp(day, hour: 15), source: "")
        let rules = Eligibility(vacancies: [open, foreignOK, abroad, filled], events: [hire, sameDay])
        let thai = seeker(1)
        var foreign = seeker(2)
        foreign.nationality = .myanmar
        var emigrant = seeker(3)
        emigrant.programmes.insert(.workAbroad)
        #expect(rules.isEligible(seeker: thai, vacancy: 0, on: day))  // filled later that day: still open
        #expect(!rules.isEligible(seeker: thai, vacancy: 0, on: day + 1))  // closed
        #expect(!rules.isEligible(seeker: foreign, vacancy: 0, on: day) && rules.isEligible(seeker: foreign, vacancy: 1, on: day))
        #expect(!rules.isEligible(seeker: thai, vacancy: 2, on: day) && rules.isEligible(seeker: emigrant, vacancy: 2, on: day))
        #expect(!rules.isOpen(vacancy: 3, on: day) && rules.isOpen(vacancy: 3, on: day - 1))
        #expect(rules.openVacancies(during: (day - 1)...day) == [0, 1, 2, 3])
        #expect(rules.openVacancies(during: (day + 1)...(day + 3)) == [1, 2])
    }

    @Test("the default split: four weeks of test up to the last day, four of validation, training before")
    func split() throws {
        let first = Day(year: 2025, month: 1, day: 1)!, last = Day(year: 2025, month: 12, day: 31)!
        let split = try TimeSplit.default(firstDay: first, lastDay: last)
        #expect(split.period(of: .test) == (last - 27)...last)
        #expect(split.period(of: .valid) == (last - 55)...(last - 28))
        #expect(split.period(of: .train) == first...(last - 56))
        #expect(split.cutoff(of: .train) == last - 56)
        #expect(throws: TimeSplitError.self) { try TimeSplit.default(firstDay: last - 40, lastDay: last) }
        #expect(throws: TimeSplitError.self) { try TimeSplit(trainFrom: first, trainThrough: last, validThrough: last, testThrough: last + 1) }
        #expect(Day(year: 2025, month: 11, day: 28)!.weekStart == Day(year: 2025, month: 11, day: 24)!)
        #expect(Day(year: 2025, month: 11, day: 24)!.weekStart == Day(year: 2025, month: 11, day: 24)!)
        #expect(Day(year: 2025, month: 11, day: 30)!.weekStart == Day(year: 2025, month: 11, day: 24)!)
    }
}
