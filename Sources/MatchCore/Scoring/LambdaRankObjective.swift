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
    /// - Parameter orders: one slot a row, kept by the caller from round to round: each group's
    ///   rows in the last round's score order (start with each group's `0, 1, …`), so sorting
    ///   starts from a nearly sorted list. The gradients do not depend on it.
    public func gradients(
        scores: UnsafeBufferPointer<Double>, examples: RankingExamples, inverseMaximumDCG: [Double],
        gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>,
        orders: UnsafeMutableBufferPointer<Int32>? = nil
    ) {
        precondition(orders.map { $0.count == examples.rowCount } ?? true, "one order slot a row")
        let orderBase = orders.map { SendablePointer($0.baseAddress!) }
        let groupCount = examples.groupCount
        let chunk = 512
        let output = SendablePointer(gradients.baseAddress!), outputHessians = SendablePointer(hessians.baseAddress!)
        let input = SendablePointer(UnsafeMutablePointer(mutating: scores.baseAddress!))
        examples.labels.withUnsafeBufferPointer { labels in
            let labels = SendablePointer(UnsafeMutablePointer(mutating: labels.baseAddress!))
            examples.groupOffsets.withUnsafeBufferPointer { offsets in
                let offsets = SendablePointer(UnsafeMutablePointer(mutating: offsets.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: (groupCount + chunk - 1) / chunk) { index in
                    var order: [Int] = [], lambdas: [Double] = [], weights: [Double] = [], relevant: [Int] = []
                    for group in index * chunk..<min(groupCount, (index + 1) * chunk) {
                        let start = offsets.pointer[group], count = offsets.pointer[group + 1] - start
                        groupGradients(
                            scores: input.pointer + start, labels: labels.pointer + start, count: count,
                            inverseMaximumDCG: inverseMaximumDCG[group], order: &order, lambdas: &lambdas, weights: &weights, relevant: &relevant,
                            gradients: output.pointer + start, hessians: outputHessians.pointer + start,
                            previous: orderBase.map { $0.pointer + start })
                    }
                }
            }
        }
    }

    /// `order` = 0..<count sorted by score, highest first, ties by index. With `previous` (the
    /// group's order at the last call, or any permutation), an insertion sort starts from it:
    /// scores move little from one round to the next, so it is nearly sorted; the result is
    /// the same, as the comparison is a total order. `previous` is updated.
    static func sortByScore(_ order: inout [Int], scores: UnsafeMutablePointer<Double>, count: Int, previous: UnsafeMutablePointer<Int32>?) {
        order.removeAll(keepingCapacity: true)
        guard let previous, count <= 64 else {
            order.append(contentsOf: 0..<count)
            order.sort { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            if let previous { for position in 0..<count { previous[position] = Int32(order[position]) } }
            return
        }
        for position in 0..<count { order.append(Int(previous[position])) }
        order.withUnsafeMutableBufferPointer { order in
            for k in 1..<max(1, count) {
                let x = order[k], score = scores[x]
                var j = k
                while j > 0 {
                    let y = order[j - 1]
                    guard score > scores[y] || (score == scores[y] && x < y) else { break }
                    order[j] = y
                    j -= 1
                }
                order[j] = x
            }
            for position in 0..<count { previous[position] = Int32(order[position]) }
        }
    }

    /// One group's gradients.
    func groupGradients(
        scores: UnsafeMutablePointer<Double>, labels: UnsafeMutablePointer<Float>, count: Int, inverseMaximumDCG: Double,
        order: inout [Int], lambdas: inout [Double], weights: inout [Double], relevant: inout [Int],
        gradients: UnsafeMutablePointer<Float>, hessians: UnsafeMutablePointer<Float>, previous: UnsafeMutablePointer<Int32>? = nil
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
        Self.sortByScore(&order, scores: scores, count: count, previous: previous)
        let best = scores[order[0]], worst = scores[order[count - 1]]
        var sumLambdas = 0.0
        let discounts = Self.discounts, gains = Self.gains
        // Positions (in score order) of the rows with a label above 0: a row labelled 0 pairs
        // only with those, and most rows are labelled 0.
        relevant.removeAll(keepingCapacity: true)
        for position in 0..<count {
            let label = labels[order[position]]
            // The gain table below is read without bounds checks: grades are whole numbers 0–30
            // (`RankingExamples.checkGrades`, which training calls first).
            precondition(label >= 0 && label < Float(Self.gains.count), "a label outside the grades 0–30")
            if label > 0 { relevant.append(position) }
        }
        // Through buffers: the arrays are the caller's, and each write would otherwise check
        // that they are not shared.
        let sigma = sigma, distanceApplies = normalize && best != worst
        lambdas.withUnsafeMutableBufferPointer { lambdas in
        weights.withUnsafeMutableBufferPointer { weights in
        order.withUnsafeBufferPointer { order in
        relevant.withUnsafeBufferPointer { relevant in
        discounts.withUnsafeBufferPointer { discounts in
        gains.withUnsafeBufferPointer { gains in
            for i in 0..<min(count - 1, truncationLevel) {
                let a = order[i], labelA = labels[a]
                let gainA = gains[Int(labelA)], discountA = i < discounts.count ? discounts[i] : RankingMetric.discount(i)
                let zero = labelA == 0
                // Row a's changes are summed here and added once after its pairs: no pair then
                // waits on the one before it through memory.
                var lambdaA = 0.0, weightA = 0.0
                var next = 0
                if zero { while next < relevant.count && relevant[next] <= i { next += 1 } }
                var j = i
                while true {
                    if zero {
                        guard next < relevant.count else { break }
                        j = relevant[next]
                        next += 1
                    } else {
                        j += 1
                        guard j < count else { break }
                    }
                    let b = order[j], labelB = labels[b]
                    guard labelA != labelB else { continue }
                    let discountB = j < discounts.count ? discounts[j] : RankingMetric.discount(j)
                    let aIsHigh = labelA > labelB
                    let delta = aIsHigh ? scores[a] - scores[b] : scores[b] - scores[a]
                    let deltaNDCG = abs(gainA - gains[Int(labelB)]) * abs(discountA - discountB) * inverseMaximumDCG
                    // ρ = 1 / (1 + e) and ΔNDCG / (0.01 + |Δs|) from one division.
                    let e = exp(sigma * delta), distance = distanceApplies ? 0.01 + abs(delta) : 1
                    guard e.isFinite else { continue }  // ρ = 0: the pair is settled
                    let inverse = 1 / (distance * (1 + e))
                    let rho = inverse * distance
                    let lambda = sigma * deltaNDCG * inverse
                    let hessian = sigma * lambda * rho * e
                    if aIsHigh {
                        lambdaA -= lambda
                        lambdas[b] += lambda
                    } else {
                        lambdaA += lambda
                        lambdas[b] -= lambda
                    }
                    weightA += hessian
                    weights[b] += hessian
                    sumLambdas += 2 * lambda
                }
                lambdas[a] += lambdaA
                weights[a] += weightA
            }
        }
        }
        }
        }
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
