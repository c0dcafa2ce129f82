import Foundation
import GRDB
import Testing
@testable import MatchCore

@Suite("Training examples from the Fixtures' events")
struct ExampleBuilderTests {
    /// Per (person, vacancy): the stage reached by `cutoff` (hire 3, interview 2, apply 1) and
    /// the time of the first of those events, from the stored events.
    private func stages(_ events: [StoredEvent], through cutoff: Day) -> [PairKey: (label: Float, first: Timestamp)] {
        var result: [PairKey: (label: Float, first: Timestamp)] = [:]
        for event in events where event.at.secondsSince1970 < endOfDay(cutoff) {
            let stage: Float? = switch event.kind {
            case .apply: 1
            case .interview: 2
            case .hire: 3
            default: nil
            }
            guard let stage else { continue }
            let key = PairKey(person: event.person, vacancy: event.vacancy)
            if let known = result[key] { result[key] = (max(known.label, stage), known.first) } else { result[key] = (stage, event.at) }
        }
        return result
    }

    @Test("every group has a positive and a negative; positives are the pairs' furthest stage by the cut-off")
    func groupsAndLabels() async throws {
        let fixture = try await learningFixture()
        let examples = fixture.train
        #expect(examples.groupCount > 50 && examples.schema == PairFeatures.schema)
        #expect(examples.groupIDs == (1...Int64(examples.groupCount)).map { $0 })
        let reached = stages(try storedEvents(fixture.store), through: fixture.split.trainThrough)
        for group in 0..<examples.groupCount {
            let rows = examples.rows(ofGroup: group)
            #expect(rows.contains { examples.labels[$0] > 0 } && rows.contains { examples.labels[$0] == 0 }, "group \(group)")
            #expect(Set(rows.map { examples.keys[$0] }).count == rows.count, "distinct pairs in group \(group)")
            #expect(Set(rows.map { examples.keys[$0].person }).count == 1)
            for row in rows where examples.labels[row] > 0 {
                #expect(reached[examples.keys[row]]?.label == examples.labels[row], "row \(row)")
            }
        }
        // Every positive of the period that the snapshot holds is in some group.
        let counts = examples.labelCounts
        #expect(counts[1] > 0 && counts[2] > 0 && counts[3] > 0)
    }

    @Test("a hire after the cut-off is not seen: the application counts as applied or interviewed")
    func hireAfterCutoff() async throws {
        let fixture = try await learningFixture()
        let events = try storedEvents(fixture.store)
        let applications = stages(events, through: fixture.split.testThrough)
        // A hire at least two days after the pair's first application.
        let hire = try #require(events.first { event in
            event.kind == .hire && applications[PairKey(person: event.person, vacancy: event.vacancy)].map { event.at.day - $0.first.day >= 2 } ?? false
        })
        let key = PairKey(person: hire.person, vacancy: hire.vacancy)
        let applied = applications[key]!.first.day
        let builder = ExampleBuilder(space: fixture.space)
        let before = try await builder.examples(store: fixture.store, from: applied, through: hire.at.day - 1)
        let with = try await builder.examples(store: fixture.store, from: applied, through: hire.at.day)
        let early = try #require(before.keys.firstIndex(of: key))
        let late = try #require(with.keys.firstIndex(of: key))
        #expect(before.labels[early] >= 1 && before.labels[early] < 3)
        #expect(with.labels[late] == 3)
    }

    @Test("negatives are eligible and open on the day of the group's first application, and never applied to")
    func negativesAreEligible() async throws {
        let fixture = try await learningFixture()
        let examples = fixture.train
        let split = fixture.split
        let events = try storedEvents(fixture.store)
        let reached = stages(events, through: split.trainThrough)
        let snapshot = try fixture.store.snapshot(from: split.trainFrom, through: split.trainThrough)
        let vacancies = Dictionary(uniqueKeysWithValues: snapshot.vacancies.map { ($0.key, $0) })
        let seekers = Dictionary(uniqueKeysWithValues: snapshot.seekers.map { ($0.person, $0) })
        var checked = 0
        for group in 0..<examples.groupCount {
            let rows = examples.rows(ofGroup: group)
            let day = rows.filter { examples.labels[$0] > 0 }.map { reached[examples.keys[$0]]!.first }.min()!.day
            let seeker = seekers[examples.keys[rows.lowerBound].person]!
            for row in rows where examples.labels[row] == 0 {
                let key = examples.keys[row]
                #expect(reached[key] == nil, "a negative the seeker applied to: row \(row)")
                let vacancy = try #require(vacancies[key.vacancy])
                #expect(vacancy.opensOn <= day && vacancy.closesOn.map { day <= $0 } ?? true, "row \(row) closed on \(day)")
                let hires = events.count { $0.kind == .hire && $0.vacancy == key.vacancy && $0.at < Timestamp(day) }
                #expect(hires < vacancy.positions, "row \(row) filled before \(day)")
                if seeker.nationality != .thailand { #expect(vacancy.acceptsForeignWorkers) }
                if let country = vacancy.country, country != .thailand { #expect(seeker.programmes.contains(.workAbroad)) }
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test("the same seed gives the same examples, another seed others")
    func deterministic() async throws {
        let fixture = try await learningFixture()
        let split = fixture.split
        let again = try await ExampleBuilder(space: fixture.space)
            .examples(store: fixture.store, from: split.trainFrom, through: split.trainThrough)
        #expect(sameExamples(again, fixture.train))
        let other = try await ExampleBuilder(space: fixture.space, options: ExampleOptions(seed: 2))
            .examples(store: fixture.store, from: split.trainFrom, through: split.trainThrough)
        #expect(!sameExamples(other, fixture.train))
        #expect(other.groupIDs == fixture.train.groupIDs)
        // The positives do not depend on the seed.
        let positives = { (examples: RankingExamples) in Set(examples.keys.indices.filter { examples.labels[$0] > 0 }.map { examples.keys[$0] }) }
        #expect(positives(other) == positives(fixture.train))
    }

    @Test("negative counts follow the options")
    func counts() async throws {
        let fixture = try await learningFixture()
        let split = fixture.split
        let options = ExampleOptions(viewed: 0, hard: 2, random: 1, topK: 5, seed: 9)
        let examples = try await ExampleBuilder(space: fixture.space, options: options)
            .examples(store: fixture.store, from: split.trainFrom, through: split.trainThrough)
        for group in 0..<examples.groupCount {
            let negatives = examples.rows(ofGroup: group).count { examples.labels[$0] == 0 }
            #expect(negatives >= 1 && negatives <= 3)
        }
    }

    @Test("each split's groups start within its period; training sees no event after its end")
    func timeSplit() async throws {
        let fixture = try await learningFixture()
        let split = fixture.split
        let builder = ExampleBuilder(space: fixture.space)
        let events = try storedEvents(fixture.store)
        for part in TimeSplit.Part.allCases {
            let period = split.period(of: part)
            let examples = part == .train ? fixture.train
                : try await builder.examples(store: fixture.store, from: period.lowerBound, through: period.upperBound)
            #expect(examples.groupCount > 0, "\(part)")
            let reached = stages(events, through: split.cutoff(of: part))
            for row in 0..<examples.rowCount where examples.labels[row] > 0 {
                let first = reached[examples.keys[row]]!.first.day
                #expect(period.contains(first), "\(part) row \(row): first application on \(first)")
            }
        }
        #expect(split.period(of: .test).upperBound == events.last!.at.day)
        #expect(split.period(of: .valid).count == 28 && split.period(of: .test).count == 28)
    }
}
