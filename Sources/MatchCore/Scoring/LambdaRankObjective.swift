import Foundation

/// The LambdaRank objective (Burges 2010, "From RankNet to LambdaRank to LambdaMART"), in the
/// form LightGBM's `lambdarank` uses, so the two train on the same gradients.
///
/// For each group, rows are sorted by the current score. Every pair (i, j) with different labels,
/// one of them within the top ``truncationLevel`` positions, with the higher label at `high`:
///
///     ΔNDCG  = |gain(high) − gain(low)| · |discount(rank high) − discount(rank low)| / maxDCG@truncation
///     ΔNDCG /= 0.01 + |s_high − s_low|                      (when normalising and scores differ)
///     ρ      = 1 / (1 + exp(σ (s_high − s_low)))
///     λ_high −= σ ρ ΔNDCG,  λ_low += σ ρ ΔNDCG
///     h_high += σ² ρ (1 − ρ) ΔNDCG,  h_low likewise
///
/// The λ are the gradients of a pairwise logistic loss weighted by the NDCG change of swapping the
/// pair; a tree's leaf then moves scores by −Σλ / Σh. With normalisation, a group's λ and h are
/// scaled by log₂(1 + Σ|λ|) / Σ|λ|, so that groups with many pairs do not dominate.
public struct LambdaRankObjective: Sendable, Codable, Equatable {
    /// Pairs need one row within this many top positions (LightGBM's default: 30).
    public var truncationLevel: Int
    /// σ of the pairwise logistic.
    public var sigma: Double
    /// Scale pair weights by score distance and groups by their total λ (LightGBM's `lambdarank_norm`).
    public var normalize: Bool

    public init(truncationLevel: Int = 30, sigma: Double = 1, normalize: Bool = true) {
        self.truncationLevel = truncationLevel
        self.sigma = sigma
        self.normalize = normalize
    }

    /// 1 / log₂(position + 2) for the first positions, and 2^label − 1 for labels 0–31.
    static let discounts = (0..<4_096).map(RankingMetric.discount)
    static let gains = (0..<32).map { RankingMetric.gain(Float($0)) }

    /// 1 / maxDCG@truncation of each group (0 for a group without a relevant row).
    public func inverseMaximumDCG(_ examples: RankingExamples) -> [Double] {
        (0..<examples.groupCount).map { group in
            let best = examples.labels[examples.rows(ofGroup: group)].sorted(by: >).prefix(truncationLevel)
            let dcg = best.enumerated().reduce(0.0) { $0 + RankingMetric.gain($1.element) * RankingMetric.discount($1.offset) }
            return dcg > 0 ? 1 / dcg : 0
        }
    }

    /// Writes the gradients and hessians of every row for `scores`, on every core.
    public func gradients(
        scores: UnsafeBufferPointer<Double>, examples: RankingExamples, inverseMaximumDCG: [Double],
        gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>
    ) {
        let groupCount = examples.groupCount
        let chunk = 512
        let output = SendablePointer(gradients.baseAddress!), outputHessians = SendablePointer(hessians.baseAddress!)
        let input = SendablePointer(UnsafeMutablePointer(mutating: scores.baseAddress!))
        examples.labels.withUnsafeBufferPointer { labels in
            let labels = SendablePointer(UnsafeMutablePointer(mutating: labels.baseAddress!))
            examples.groupOffsets.withUnsafeBufferPointer { offsets in
                let offsets = SendablePointer(UnsafeMutablePointer(mutating: offsets.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: (groupCount + chunk - 1) / chunk) { index in
                    var order: [Int] = [], lambdas: [Double] = [], weights: [Double] = []
                    for group in index * chunk..<min(groupCount, (index + 1) * chunk) {
                        let start = offsets.pointer[group], count = offsets.pointer[group + 1] - start
                        groupGradients(
                            scores: input.pointer + start, labels: labels.pointer + start, count: count,
                            inverseMaximumDCG: inverseMaximumDCG[group], order: &order, lambdas: &lambdas, weights: &weights,
                            gradients: output.pointer + start, hessians: outputHessians.pointer + start)
                    }
                }
            }
        }
    }

    /// One group's gradients.
    func groupGradients(
        scores: UnsafeMutablePointer<Double>, labels: UnsafeMutablePointer<Float>, count: Int, inverseMaximumDCG: Double,
        order: inout [Int], lambdas: inout [Double], weights: inout [Double],
        gradients: UnsafeMutablePointer<Float>, hessians: UnsafeMutablePointer<Float>
    ) {
        lambdas.removeAll(keepingCapacity: true)
        lambdas.append(contentsOf: repeatElement(0, count: count))
        weights.removeAll(keepingCapacity: true)
        weights.append(contentsOf: repeatElement(0, count: count))
        defer {
            for row in 0..<count {
                gradients[row] = Float(lambdas[row])
                hessians[row] = Float(weights[row])
            }
        }
        guard inverseMaximumDCG > 0, count > 1 else { return }
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: 0..<count)
        order.sort { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let best = scores[order[0]], worst = scores[order[count - 1]]
        var sumLambdas = 0.0
        let discounts = Self.discounts, gains = Self.gains
        for i in 0..<min(count - 1, truncationLevel) {
            let a = order[i]
            let gainA = gains[Int(labels[a])], discountA = i < discounts.count ? discounts[i] : RankingMetric.discount(i)
            for j in (i + 1)..<count {
                let b = order[j]
                guard labels[a] != labels[b] else { continue }
                let discountB = j < discounts.count ? discounts[j] : RankingMetric.discount(j)
                let gainB = gains[Int(labels[b])]
                let (high, low) = labels[a] > labels[b] ? (a, b) : (b, a)
                let delta = scores[high] - scores[low]
                var deltaNDCG = abs(gainA - gainB) * abs(discountA - discountB) * inverseMaximumDCG
                if normalize, best != worst { deltaNDCG /= 0.01 + abs(delta) }
                let rho = 1 / (1 + exp(sigma * delta))
                let lambda = sigma * rho * deltaNDCG
                let hessian = sigma * sigma * rho * (1 - rho) * deltaNDCG
                lambdas[high] -= lambda
                lambdas[low] += lambda
                weights[high] += hessian
                weights[low] += hessian
                sumLambdas += 2 * lambda
            }
        }
        if normalize, sumLambdas > 0 {
            let factor = log2(1 + sumLambdas) / sumLambdas
            for row in 0..<count {
                lambdas[row] *= factor
                weights[row] *= factor
            }
        }
    }

    /// The loss whose derivatives ``gradients`` are, for fixed pair weights (ranks and |Δs| taken
    /// at `scores`): Σ ΔNDCG · log(1 + exp(−σ (s_high − s_low))), before group normalisation.
    /// Used to check the gradients against finite differences.
    public func pairLoss(scores: [Double], labels: [Float], at reference: [Double], inverseMaximumDCG: Double) -> Double {
        let count = scores.count
        let order = (0..<count).sorted { reference[$0] > reference[$1] || (reference[$0] == reference[$1] && $0 < $1) }
        let best = reference[order[0]], worst = reference[order[count - 1]]
        var loss = 0.0
        for i in 0..<min(count - 1, truncationLevel) {
            for j in (i + 1)..<count {
                let a = order[i], b = order[j]
                guard labels[a] != labels[b] else { continue }
                let (high, low, highRank, lowRank) = labels[a] > labels[b] ? (a, b, i, j) : (b, a, j, i)
                var deltaNDCG = (RankingMetric.gain(labels[high]) - RankingMetric.gain(labels[low]))
                    * abs(RankingMetric.discount(highRank) - RankingMetric.discount(lowRank)) * inverseMaximumDCG
                if normalize, best != worst { deltaNDCG /= 0.01 + abs(reference[high] - reference[low]) }
                loss += deltaNDCG * log1p(exp(-sigma * (scores[high] - scores[low])))
            }
        }
        return loss
    }
}
