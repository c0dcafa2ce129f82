import Foundation
@testable import MatchCore

/// A synthetic ranking task with a known structure: relevance rises with `skill` (smoothly), jumps
/// when `near` is 1, falls with `gap` when it is known (`NaN` a fifth of the time), and `noise`
/// carries nothing. Labels 0–3 from the latent relevance plus a little noise.
func syntheticRanking(groups: Int, rowsPerGroup: ClosedRange<Int> = 8...16, seed: UInt64) -> RankingExamples {
    var generator = SeededGenerator(seed: seed)
    var examples = RankingExamples(schema: ["skill", "near", "gap", "noise"])
    for group in 0..<groups {
        let count = Int.random(in: rowsPerGroup, using: &generator)
        var labels: [Float] = [], values: [Float] = []
        for _ in 0..<count {
            let skill = Float.random(in: 0...1, using: &generator)
            let near: Float = Bool.random(using: &generator) ? 1 : 0
            let gap: Float = Int.random(in: 0..<5, using: &generator) == 0 ? .nan : Float.random(in: -2...2, using: &generator)
            let noise = Float.random(in: -1...1, using: &generator)
            let latent = 2 * skill + 1.2 * near - 0.4 * (gap.isNaN ? 0.5 : max(0, gap)) + Float.random(in: -0.3...0.3, using: &generator)
            labels.append(latent > 2.6 ? 3 : latent > 2 ? 2 : latent > 1.4 ? 1 : 0)
            values.append(contentsOf: [skill, near, gap, noise])
        }
        examples.appendGroup(id: Int64(group), labels: labels, values: values)
    }
    return examples
}

/// Mean NDCG@10 of a random order (averaged over a few shuffles).
func randomNDCG(_ examples: RankingExamples, seed: UInt64 = 9) -> Double {
    var generator = SeededGenerator(seed: seed)
    var total = 0.0
    for _ in 0..<5 {
        let scores = (0..<examples.rowCount).map { _ in Float.random(in: 0...1, using: &generator) }
        total += RankingReport(scores: scores, examples: examples).ndcg[10]!
    }
    return total / 5
}

/// A temporary file path that is removed when `body` returns.
func withTemporaryFile<T>(_ name: String, _ body: (String) throws -> T) rethrows -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-scoring-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder.appendingPathComponent(name).path)
}
