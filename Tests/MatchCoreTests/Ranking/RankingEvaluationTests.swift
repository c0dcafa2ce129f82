import Foundation
@testable import MatchCore
import Testing

@Suite("Ranking evaluation: time split, metrics, baselines and the report")
struct RankingEvaluationTests {
    @Test func giniIsZeroForEqualValuesAndNearOneForOneTakingAll() {
        #expect(Tally.gini([2, 2, 2, 2]) == 0)
        #expect(abs(Tally.gini([0, 0, 0, 10]) - 0.75) < 1e-12)
        #expect(Tally.gini([]) == 0 && Tally.gini([0, 0]) == 0)
    }

    @Test func ndcgOfAListAgainstGradedOutcomes() {
        let outcomes: [Int: Float] = [7: 3, 9: 1]
        #expect(Tally.ndcg([3, 1, 0], ideal: outcomes.values, k: 10) == 1)
        let swapped = Tally.ndcg([1, 3], ideal: outcomes.values, k: 10)
        #expect(swapped < 1 && swapped > 0.5)
        #expect(Tally.ndcg([0, 0], ideal: outcomes.values, k: 10) == 0)
    }

    @Test func theFixturesEvaluateEveryMethodOnTheTestWeeks() async throws {
        let fixture = try await rankingFixture()
        let learning = fixture.learning
        let evaluation = RankingEvaluation(split: learning.split)
        let report = try await evaluation.run(store: learning.store, space: learning.space, model: fixture.model)
        #expect(report.methods.map(\.method) == EvaluatedMethod.allCases)
        #expect(report.seekerWeeks > 10 && report.positives >= report.seekerWeeks)
        #expect(report.testFrom == "\(learning.split.period(of: .test).lowerBound)")
        for method in report.methods {
            let recalls = report.ks.map { method.recall[$0]! }
            #expect(zip(recalls, recalls.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 }, "\(method.method): \(recalls)")
            #expect(([method.mrr, method.coverage, method.congestion] + recalls + method.ndcg.values).allSatisfy { (0...1).contains($0) })
            #expect(method.groups.keys.contains { $0.hasPrefix("region:") } && method.groups.keys.contains { $0.hasPrefix("age:") })
        }
        // The learnt ranking is far better than chance; the rule filter's lists are short.
        #expect(report.report(.model)!.ndcg[10]! > report.report(.random)!.ndcg[10]! + 0.2)
        #expect(report.report(.ruleFilter)!.meanListLength < report.report(.model)!.meanListLength)

        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.hasSuffix("</html>\n"))
        for method in EvaluatedMethod.allCases { #expect(html.contains(method.rawValue)) }
        #expect(html.range(of: #"\d{13}"#, options: .regularExpression) == nil)
        let json = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(EvaluationReport.self, from: json) == report)
    }

    @Test func anOracleThatAgreesWithAMethodGivesItAShareOfOne() async throws {
        let fixture = try await rankingFixture()
        let learning = fixture.learning
        let day = learning.split.testThrough - 20
        let snapshot = try learning.store.snapshot(asOf: day)
        // The truth: each of 40 seekers' retrieval-only list, in order, with falling probabilities.
        let pipeline = try RankingPipeline(snapshot: snapshot, space: learning.space, model: nil,
                                           options: RankingOptions(candidates: 20, k: 20, reasons: 0))
        var probabilities: [Int64: [Int64: Double]] = [:]
        _ = try await pipeline.run(queries: Array(snapshot.seekers.indices.prefix(40))) { lists in
            for list in lists where !list.matches.isEmpty {
                probabilities[list.key] = Dictionary(uniqueKeysWithValues: list.matches.map { ($0.vacancy, 1 / Double($0.rank)) })
            }
        }
        let evaluation = RankingEvaluation(split: learning.split)
        let (shares, seekers) = try await evaluation.oracle(truth: OracleTruth(asOf: day, probabilities: probabilities),
                                                            store: learning.store, space: learning.space, model: fixture.model)
        #expect(seekers == probabilities.count)
        #expect(abs(shares[.retrievalOnly]! - 1) < 1e-9)
        #expect(shares[.random]! < 0.5)
    }
}
