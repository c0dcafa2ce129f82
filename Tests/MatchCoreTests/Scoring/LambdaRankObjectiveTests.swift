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
}
