import Foundation
import Testing
@testable import MatchCore

@Suite struct LambdaRankObjectiveTests {
    func gradients(_ objective: LambdaRankObjective, scores: [Double], labels: [Float]) -> (gradients: [Float], hessians: [Float]) {
        var examples = RankingExamples(schema: ["x"])
        examples.appendGroup(id: 0, labels: labels, values: Array(repeating: 0, count: labels.count))
        var gradients = [Float](repeating: 0, count: labels.count), hessians = gradients
        scores.withUnsafeBufferPointer { scores in
            gradients.withUnsafeMutableBufferPointer { g in
                hessians.withUnsafeMutableBufferPointer { h in
                    objective.gradients(scores: scores, examples: examples, inverseMaximumDCG: objective.inverseMaximumDCG(examples), gradients: g, hessians: h)
                }
            }
        }
        return (gradients, hessians)
    }

    /// Central differences of the pair loss, with pair weights fixed at `scores`.
    func numericGradient(_ objective: LambdaRankObjective, scores: [Double], labels: [Float]) -> [Double] {
        var examples = RankingExamples(schema: ["x"])
        examples.appendGroup(id: 0, labels: labels, values: Array(repeating: 0, count: labels.count))
        let inverse = objective.inverseMaximumDCG(examples)[0]
        let step = 1e-6
        return scores.indices.map { index in
            var up = scores, down = scores
            up[index] += step
            down[index] -= step
            return (objective.pairLoss(scores: up, labels: labels, at: scores, inverseMaximumDCG: inverse)
                - objective.pairLoss(scores: down, labels: labels, at: scores, inverseMaximumDCG: inverse)) / (2 * step)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func gradientsMatchFiniteDifferences(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let count = Int.random(in: 5...40, using: &generator)
        let labels = (0..<count).map { _ in Float(Int.random(in: 0...3, using: &generator)) }
        let scores = (0..<count).map { _ in Double.random(in: -2...2, using: &generator) }
        let plain = LambdaRankObjective(truncationLevel: 10, normalize: false)
        let analytic = gradients(plain, scores: scores, labels: labels).gradients
        let numeric = numericGradient(plain, scores: scores, labels: labels)
        for index in 0..<count { #expect(abs(Double(analytic[index]) - numeric[index]) < 1e-5 * max(1, abs(numeric[index])), "row \(index)") }

        // Normalised: the same direction, scaled by one factor for the whole group.
        let normalized = LambdaRankObjective(truncationLevel: 10, normalize: true)
        let scaled = gradients(normalized, scores: scores, labels: labels).gradients
        let reference = numericGradient(normalized, scores: scores, labels: labels)
        let pivot = reference.indices.max { abs(reference[$0]) < abs(reference[$1]) }!
        let factor = Double(scaled[pivot]) / reference[pivot]
        #expect(factor > 0 && factor < 1)
        for index in 0..<count { #expect(abs(Double(scaled[index]) - factor * reference[index]) < 1e-5, "row \(index)") }
    }

    @Test func hessianOfOnePairIsTheSecondDerivative() {
        let objective = LambdaRankObjective(normalize: false)
        let scores = [0.3, 0.7], labels: [Float] = [2, 0]
        let (g, h) = gradients(objective, scores: scores, labels: labels)
        var examples = RankingExamples(schema: ["x"])
        examples.appendGroup(id: 0, labels: labels, values: [0, 0])
        let inverse = objective.inverseMaximumDCG(examples)[0]
        let step = 1e-4
        func loss(_ s: Double) -> Double { objective.pairLoss(scores: [s, 0.7], labels: labels, at: scores, inverseMaximumDCG: inverse) }
        let second = (loss(0.3 + step) - 2 * loss(0.3) + loss(0.3 - step)) / (step * step)
        #expect(abs(Double(h[0]) - second) < 1e-4)
        #expect(g[0] < 0 && g[1] > 0 && g[0] == -g[1])  // push the relevant row up
    }

    @Test func equalLabelsAndSingleRowsGiveNoGradient() {
        let objective = LambdaRankObjective()
        #expect(gradients(objective, scores: [1, 2, 3], labels: [1, 1, 1]).gradients == [0, 0, 0])
        #expect(gradients(objective, scores: [1], labels: [3]).gradients == [0])
    }

    /// Sorting from the last round's order (any permutation) gives the same order as sorting
    /// afresh, ties included, so the gradients do not depend on the orders kept.
    @Test(arguments: [3, 18, 64, 90])
    func sortingFromAnyStartingOrderAgrees(count: Int) {
        var random = SeededGenerator(seed: UInt64(count))
        for _ in 0..<20 {
            var scores = (0..<count).map { _ in Double(Int.random(in: 0..<6, using: &random)) / 4 }  // many ties
            var previous = (0..<Int32(count)).shuffled(using: &random)
            var fresh: [Int] = [], restarted: [Int] = []
            scores.withUnsafeMutableBufferPointer { scores in
                LambdaRankObjective.sortByScore(&fresh, scores: scores.baseAddress!, count: count, previous: nil)
                previous.withUnsafeMutableBufferPointer {
                    LambdaRankObjective.sortByScore(&restarted, scores: scores.baseAddress!, count: count, previous: $0.baseAddress!)
                }
            }
            #expect(fresh == restarted)
            #expect(previous.map(Int.init) == fresh)
            #expect(fresh == (0..<count).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) })
        }
    }

    @Test func keptOrdersLeaveTheGradientsAlone() {
        let examples = syntheticRanking(groups: 40, seed: 5)
        let objective = LambdaRankObjective()
        var random = SeededGenerator(seed: 2)
        let scores = (0..<examples.rowCount).map { _ in Double.random(in: -1...1, using: &random) }
        var orders = [Int32](repeating: 0, count: examples.rowCount)
        for group in 0..<examples.groupCount {
            let range = examples.rows(ofGroup: group)
            let shuffled = (0..<Int32(range.count)).shuffled(using: &random)
            for (offset, row) in range.enumerated() { orders[row] = shuffled[offset] }
        }
        var plain = [Float](repeating: 0, count: examples.rowCount), plainH = plain, kept = plain, keptH = plain
        let inverse = objective.inverseMaximumDCG(examples)
        scores.withUnsafeBufferPointer { scores in
            plain.withUnsafeMutableBufferPointer { g in
                plainH.withUnsafeMutableBufferPointer { h in
                    objective.gradients(scores: scores, examples: examples, inverseMaximumDCG: inverse, gradients: g, hessians: h)
                }
            }
        }
        scores.withUnsafeBufferPointer { scores in
            kept.withUnsafeMutableBufferPointer { g in
                keptH.withUnsafeMutableBufferPointer { h in
                    orders.withUnsafeMutableBufferPointer { o in
                        objective.gradients(scores: scores, examples: examples, inverseMaximumDCG: inverse, gradients: g, hessians: h, orders: o)
                    }
                }
            }
        }
        #expect(plain == kept && plainH == keptH)
        #expect(plain.contains { $0 != 0 })
    }
}
