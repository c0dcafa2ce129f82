import Foundation
@testable import MatchCore
import Testing

@Suite("QuantizedRows: the 8-bit first pass")
struct QuantizedRowsTests {
    @Test func approximateScoresAreCloseToTheExactOnes() {
        let items = Matrix.gaussian(rows: 3_000, columns: 281, seed: 3, normalized: true)
        let queries = Matrix.gaussian(rows: 5, columns: 281, seed: 4, normalized: true)
        let quantized = QuantizedRows(items)
        for query in 0..<queries.rows {
            let q = queries.row(query)
            let approximate = quantized.scores(query: q)
            for item in stride(from: 0, to: items.rows, by: 7) {
                let exact = zip(q, items.row(item)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                // Both vectors have norm 1: the error is a small fraction of it.
                #expect(abs(approximate[item] - exact) < 0.01, "item \(item): \(approximate[item]) vs \(exact)")
            }
        }
    }

    @Test(arguments: [1, 15, 16, 17, 281])
    func refinedSearchEqualsTheExactTopK(columns: Int) {
        let items = Matrix.gaussian(rows: 4_001, columns: columns, seed: 5, normalized: true)
        let queries = Matrix.gaussian(rows: 8, columns: columns, seed: 6, normalized: true)
        let quantized = QuantizedRows(items)
        let excluded = Set(stride(from: 0, to: 4_001, by: 3))
        for query in 0..<queries.rows {
            let q = queries.row(query)
            var exact = (0..<items.rows).filter { !excluded.contains($0) }.map { item in
                (item: item, score: zip(q, items.row(item)).reduce(Float(0)) { $0 + $1.0 * $1.1 })
            }
            exact.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
            let found = quantized.search(query: q, rows: items, k: 50, refine: 4) { excluded.contains($0) }
            #expect(found.map(\.item) == exact.prefix(50).map(\.item))
            #expect(zip(found, exact).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        }
    }

    @Test func zeroRowsAndQueriesScoreZero() {
        let items = Matrix(rows: 3, columns: 4, elements: [0, 0, 0, 0, 1, 2, 3, 4, -1, 0, 0, 0])
        let quantized = QuantizedRows(items)
        #expect(quantized.scores(query: [0, 0, 0, 0]) == [0, 0, 0])
        #expect(quantized.scores(query: [1, 0, 0, 0])[0] == 0)
        #expect(quantized.search(query: [1, 1, 1, 1], rows: items, k: 2) { _ in false }.map(\.item) == [1, 0])
    }
}

@Suite("MatchEngine: one list on demand, as the batch pipeline makes it")
struct MatchEngineTests {
    func engine() async throws -> (MatchEngine, RankingFixture) {
        let fixture = try await rankingFixture()
        let file = ModelFile(model: fixture.model, training: TrainingSummary(source: "test", training: fixture.learning.train, validation: nil),
                             metrics: [:], settings: "{}", rounds: [])
        return (try MatchEngine(snapshot: fixture.snapshot, space: fixture.learning.space, model: file), fixture)
    }

    @Test func aSeekersListEqualsThePipelines() async throws {
        let (engine, fixture) = try await engine()
        let pipeline = try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                           options: RankingOptions(k: 10, shard: try Shard(index: 2, count: 10)))
        let (lists, _) = try await rankAll(pipeline)
        for list in lists {
            let mine = try engine.rank(person: list.key)
            #expect(mine.matches.map(\.vacancy) == list.matches.map(\.vacancy))
            #expect(zip(mine.matches, list.matches).allSatisfy { abs($0.score - $1.score) < 1e-4 && $0.reasons == $1.reasons })
        }
    }

    @Test func exactRetrievalGivesTheSameLists() async throws {
        let (engine, fixture) = try await engine()
        let exact = try MatchEngine(snapshot: fixture.snapshot, space: fixture.learning.space, model: engine.model,
                                    options: EngineOptions(candidates: 30, refine: 0))
        let refined = try MatchEngine(snapshot: fixture.snapshot, space: fixture.learning.space, model: engine.model,
                                      options: EngineOptions(candidates: 30, refine: 2))
        for seeker in fixture.snapshot.seekers.prefix(200) {
            #expect(try exact.rank(person: seeker.person).matches.map(\.vacancy) == refined.rank(person: seeker.person).matches.map(\.vacancy))
        }
        #expect(throws: RankingError.self) {
            try MatchEngine(snapshot: fixture.snapshot, space: fixture.learning.space, model: engine.model, options: EngineOptions(refine: -1))
        }
    }

    @Test func aVacancysListEqualsThePipelines() async throws {
        let (engine, fixture) = try await engine()
        let pipeline = try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                           options: RankingOptions(direction: .vacancies, k: 5))
        let (lists, _) = try await rankAll(pipeline)
        for list in lists.prefix(40) {
            let mine = try engine.rank(vacancy: list.key, k: 5)
            #expect(mine.matches.map(\.person) == list.matches.map(\.person))
        }
    }

    @Test func aNewSeekerIsRankedUnderTheRules() async throws {
        let (engine, fixture) = try await engine()
        var newcomer = fixture.snapshot.seekers[0]
        newcomer.person = 9_999_999
        newcomer.nationality = .myanmar
        newcomer.programmes = [.jobBoard]
        let list = engine.rank(seeker: newcomer, k: 20)
        let byKey = Dictionary(uniqueKeysWithValues: fixture.snapshot.vacancies.map { ($0.key, $0) })
        #expect(!list.matches.isEmpty)
        for match in list.matches {
            #expect(EligibilityRules.standard.admits(seeker: newcomer, vacancy: byKey[match.vacancy]!))
            #expect(byKey[match.vacancy]!.acceptsForeignWorkers)
        }
    }

    @Test func explainSaysWhichRuleKeepsAPairApart() async throws {
        let (engine, fixture) = try await engine()
        let snapshot = fixture.snapshot
        let thai = snapshot.seekers.first { $0.nationality == .thailand && !$0.programmes.contains(.coPayment) }!
        let coPayment = snapshot.vacancies.first { $0.coPayment }!
        let why = try engine.explain(person: thai.person, vacancy: coPayment.key)
        #expect(why.excludedBy == .coPaymentGraduate)
        #expect(abs(why.explanation.score - why.explanation.contributions.reduce(why.explanation.bias) { $0 + $1.contribution }) < 1e-3)
        #expect(throws: MatchEngineError.unknownSeeker(-5)) { try engine.explain(person: -5, vacancy: coPayment.key) }
        #expect(throws: MatchEngineError.unknownVacancy(-6)) { try engine.rank(vacancy: -6) }
    }
}
