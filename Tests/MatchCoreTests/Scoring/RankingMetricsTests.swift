import Foundation
import Testing
@testable import MatchCore

@Suite struct RankingMetricsTests {
    // Scores rank the rows 2, 0, 3, 1 (labels 1, 3, 0, 2 in that order).
    let labels: ArraySlice<Float> = [3, 2, 1, 0]
    let scores: ArraySlice<Float> = [0.8, 0.1, 0.9, 0.5]

    @Test func ndcgByHand() {
        // DCG@3 = (2^1−1)/log2(2) + (2^3−1)/log2(3) + 0 = 1 + 7/1.58496 = 5.41650
        // IDCG@3 = 7/1 + 3/log2(3) + 1/2 = 7 + 1.89279 + 0.5 = 9.39279
        let ndcg = RankingMetric.ndcg(labels: labels, scores: scores, k: 3)!
        #expect(abs(ndcg - (1 + 7 / log2(3.0)) / (7 + 3 / log2(3.0) + 0.5)) < 1e-12)
        #expect(abs(ndcg - 0.576666) < 1e-5)
        // At k = 1 only the top row counts: 1 / 7.
        #expect(abs(RankingMetric.ndcg(labels: labels, scores: scores, k: 1)! - 1.0 / 7) < 1e-12)
        // The best order scores 1.
        #expect(RankingMetric.ndcg(labels: labels, scores: [4, 3, 2, 1], k: 10) == 1)
        #expect(RankingMetric.ndcg(labels: [0, 0], scores: [1, 2], k: 10) == nil)
    }

    @Test func reciprocalRankAndRecall() {
        #expect(RankingMetric.reciprocalRank(labels: labels, scores: scores) == 1)
        #expect(RankingMetric.reciprocalRank(labels: [0, 0, 1], scores: [3, 2, 1]) == 1.0 / 3)
        // Top 2 of rows 2, 0: relevant rows are 0, 1, 2 → 2 of 3.
        #expect(RankingMetric.recall(labels: labels, scores: scores, k: 2) == 2.0 / 3)
        #expect(RankingMetric.recall(labels: labels, scores: scores, k: 4) == 1)
        #expect(RankingMetric.recall(labels: [0, 0], scores: [1, 2], k: 1) == nil)
    }

    @Test func tiesKeepRowOrder() {
        #expect(RankingMetric.ranking([1, 2, 2, 1]) == [1, 2, 0, 3])
        #expect(RankingMetric.ranking(ArraySlice([5, 1, 1])[1...]) == [0, 1])
    }

    @Test func reportAveragesGroupsWithARelevantRow() {
        var examples = RankingExamples(schema: ["x"])
        examples.appendGroup(id: 1, labels: [1, 0], values: [0, 0])
        examples.appendGroup(id: 2, labels: [0, 1], values: [0, 0])
        examples.appendGroup(id: 3, labels: [0, 0], values: [0, 0])
        let report = RankingReport(scores: [2, 1, 2, 1, 1, 1], examples: examples)
        #expect(report.groups == 2 && report.groupsWithoutRelevant == 1)
        #expect(abs(report.ndcg[1]! - 0.5) < 1e-12)
        #expect(abs(report.mrr - 0.75) < 1e-12)
        #expect(abs(report.ndcg[10]! - (1 + 1 / log2(3.0)) / 2) < 1e-12)
    }
}
