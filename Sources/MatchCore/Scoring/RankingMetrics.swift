import Foundation

/// Ranking metrics of one group (one query): labels are graded relevance, scores the model's.
///
/// Rows are ranked by descending score; equal scores keep row order (as LightGBM does).
/// - NDCG@k: DCG = Σ (2^label − 1) / log₂(position + 1) over the top k, divided by the same sum
///   for the labels in their best order; `nil` for a group without a relevant row.
/// - Reciprocal rank: 1 / the position of the first row with label > 0; `nil` without one.
/// - Recall@k: the share of rows with label > 0 that are in the top k; `nil` without one.
public enum RankingMetric {
    /// Row positions in ranked order.
    public static func ranking(_ scores: ArraySlice<Float>) -> [Int] {
        let base = scores.startIndex
        return scores.indices.map { $0 - base }.sorted { scores[base + $0] > scores[base + $1] || (scores[base + $0] == scores[base + $1] && $0 < $1) }
    }

    public static func gain(_ label: Float) -> Double { exp2(Double(label)) - 1 }

    public static func discount(_ position: Int) -> Double { 1 / log2(Double(position) + 2) }

    public static func ndcg(labels: ArraySlice<Float>, scores: ArraySlice<Float>, k: Int) -> Double? {
        precondition(labels.count == scores.count, "\(labels.count) labels, \(scores.count) scores")
        let ideal = labels.sorted(by: >).prefix(k).enumerated().reduce(0.0) { $0 + gain($1.element) * discount($1.offset) }
        guard ideal > 0 else { return nil }
        let base = labels.startIndex
        let dcg = ranking(scores).prefix(k).enumerated().reduce(0.0) { $0 + gain(labels[base + $1.element]) * discount($1.offset) }
        return dcg / ideal
    }

    public static func reciprocalRank(labels: ArraySlice<Float>, scores: ArraySlice<Float>) -> Double? {
        let base = labels.startIndex
        guard let position = ranking(scores).firstIndex(where: { labels[base + $0] > 0 }) else { return nil }
        return 1 / Double(position + 1)
    }

    public static func recall(labels: ArraySlice<Float>, scores: ArraySlice<Float>, k: Int) -> Double? {
        let relevant = labels.filter { $0 > 0 }.count
        guard relevant > 0 else { return nil }
        let base = labels.startIndex
        let found = ranking(scores).prefix(k).filter { labels[base + $0] > 0 }.count
        return Double(found) / Double(relevant)
    }
}

/// Mean ranking metrics over the groups of a set of examples that have a relevant row (groups
/// without one cannot be ranked well or badly, and are counted apart).
public struct RankingReport: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Groups with at least one relevant row, over which the means are taken.
    public var groups: Int
    /// Groups without a relevant row (left out of the means).
    public var groupsWithoutRelevant: Int
    public var rows: Int
    /// Cut-off → mean NDCG@k.
    public var ndcg: [Int: Double]
    public var mrr: Double
    /// Cut-off → mean recall@k.
    public var recall: [Int: Double]

    public static let defaultCutoffs = [1, 5, 10]

    /// The metrics of `scores` (one per row of `examples`), on every core.
    public init(scores: [Float], examples: RankingExamples, cutoffs: [Int] = defaultCutoffs) {
        precondition(scores.count == examples.rowCount, "\(scores.count) scores for \(examples.rowCount) rows")
        struct Sums { var groups = 0, ndcg: [Double], recall: [Double], mrr = 0.0 }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, examples.groupCount / 1024))
        var partial = [Sums](repeating: Sums(ndcg: Array(repeating: 0, count: cutoffs.count), recall: Array(repeating: 0, count: cutoffs.count)), count: workers)
        partial.withUnsafeMutableBufferPointer { buffer in
            let output = SendablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var sums = output.pointer[worker]
                for group in Swift.stride(from: worker, to: examples.groupCount, by: workers) {
                    let range = examples.rows(ofGroup: group)
                    let labels = examples.labels[range], groupScores = scores[range]
                    guard let mrr = RankingMetric.reciprocalRank(labels: labels, scores: groupScores) else { continue }
                    sums.groups += 1
                    sums.mrr += mrr
                    for (index, k) in cutoffs.enumerated() {
                        sums.ndcg[index] += RankingMetric.ndcg(labels: labels, scores: groupScores, k: k)!
                        sums.recall[index] += RankingMetric.recall(labels: labels, scores: groupScores, k: k)!
                    }
                }
                output.pointer[worker] = sums
            }
        }
        // Summed in worker order: the same figures for the same inputs.
        var total = Sums(ndcg: Array(repeating: 0, count: cutoffs.count), recall: Array(repeating: 0, count: cutoffs.count))
        for sums in partial {
            total.groups += sums.groups
            total.mrr += sums.mrr
            for index in cutoffs.indices {
                total.ndcg[index] += sums.ndcg[index]
                total.recall[index] += sums.recall[index]
            }
        }
        let count = Double(max(1, total.groups))
        groups = total.groups
        groupsWithoutRelevant = examples.groupCount - total.groups
        rows = examples.rowCount
        ndcg = Dictionary(uniqueKeysWithValues: zip(cutoffs, total.ndcg.map { $0 / count }))
        recall = Dictionary(uniqueKeysWithValues: zip(cutoffs, total.recall.map { $0 / count }))
        mrr = total.mrr / count
    }

    public var description: String {
        let cutoffs = ndcg.keys.sorted()
        let ndcgText = cutoffs.map { "NDCG@\($0) \(String(format: "%.4f", ndcg[$0]!))" }.joined(separator: "  ")
        let recallText = cutoffs.map { "recall@\($0) \(String(format: "%.4f", recall[$0]!))" }.joined(separator: "  ")
        return "\(ndcgText)  MRR \(String(format: "%.4f", mrr))  \(recallText)  (\(groups) groups, \(rows) rows)"
    }
}
