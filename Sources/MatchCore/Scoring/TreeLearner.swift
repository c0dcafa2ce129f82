import Foundation

/// Grows one regression tree on binned rows, leaf by leaf (best-first, as LightGBM does): the
/// leaf whose best split reduces the loss most is split next, until ``BoostedTreesConfiguration/leaves``.
///
/// Each leaf keeps a gradient histogram (Σg and Σh per feature bin; a bin's row count, which
/// only the minimum-rows rule needs, is estimated as Σh × the leaf's rows / its Σh, as LightGBM does). A split
/// builds the histogram of the smaller child from its rows and gets the larger one by
/// subtraction from the parent's. Histograms are built on every core over fixed chunks of rows
/// and summed in chunk order, so a tree is the same whatever the number of cores.
struct TreeLearner {
    let rows: Int
    let features: Int
    /// Row-major bins, `rows × features`.
    let bins: UnsafePointer<UInt8>
    let bounds: FeatureBins
    let binCounts: [Int]
    /// Where each feature's bins start in a histogram (in bins; 3 doubles a bin).
    let binOffsets: [Int]
    let totalBins: Int
    let configuration: BoostedTreesConfiguration

    /// Row indices, grouped by leaf: leaf `l` holds `indices[start..<start + count]`, ascending.
    private var indices: [Int32]
    private var scratch: [Int32]
    /// One histogram per leaf that may still be split, and the chunk partials.
    private var histograms: [[Double]]
    /// Chunk partial histograms, one after another.
    private var partials: [Double]

    static let chunkRows = 65_536

    init(bins: UnsafePointer<UInt8>, rows: Int, bounds: FeatureBins, configuration: BoostedTreesConfiguration) {
        self.rows = rows
        self.bins = bins
        self.bounds = bounds
        self.configuration = configuration
        features = bounds.upperBounds.count
        binCounts = bounds.binCounts
        var offsets: [Int] = [], total = 0
        for count in binCounts {
            offsets.append(total)
            total += count
        }
        binOffsets = offsets
        totalBins = total
        indices = Array(0..<Int32(rows))
        scratch = Array(repeating: 0, count: rows)
        histograms = Array(repeating: Array(repeating: 0, count: 2 * total), count: configuration.leaves)
        partials = Array(repeating: 0, count: 2 * total * ((rows + Self.chunkRows - 1) / Self.chunkRows))
    }

    private struct Split {
        var feature = -1
        var bin = 0
        var missingLeft = false
        var gain = 0.0
        var leftSums = Sums()
    }

    struct Sums {
        var gradient = 0.0, hessian = 0.0, count = 0.0
        static func - (a: Sums, b: Sums) -> Sums { Sums(gradient: a.gradient - b.gradient, hessian: a.hessian - b.hessian, count: a.count - b.count) }
    }

    private struct Leaf {
        var start: Int, count: Int
        var sums: Sums
        var histogram: Int
        var best = Split()
        /// The node whose child this leaf is, and on which side (-1 for the root).
        var parent = -1, isLeft = false
    }

    /// Grows a tree for `gradients` and `hessians` (one per row), and adds each row's leaf value
    /// to `scores`.
    mutating func grow(gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, scores: UnsafeMutablePointer<Double>) -> RegressionTree {
        for row in 0..<rows { indices[row] = Int32(row) }
        var root = Leaf(start: 0, count: rows, sums: Sums(), histogram: 0)
        buildHistogram(into: 0, start: 0, count: rows, gradients: gradients, hessians: hessians)
        root.sums = totals(histogram: 0)
        root.sums.count = Double(rows)
        root.best = bestSplit(histogram: 0, sums: root.sums)
        var leaves = [root]
        var freeHistograms = Array((1..<configuration.leaves).reversed())
        var tree = RegressionTree()

        while leaves.count < configuration.leaves {
            guard let chosen = leaves.indices.filter({ leaves[$0].best.gain > 0 }).max(by: { leaves[$0].best.gain < leaves[$1].best.gain || (leaves[$0].best.gain == leaves[$1].best.gain && $0 > $1) })
            else { break }
            let leaf = leaves[chosen], split = leaf.best
            // The new internal node takes the leaf's place in its parent.
            let node = tree.nodeCount
            tree.splitFeature.append(Int32(split.feature))
            tree.thresholdBin.append(UInt8(split.bin))
            tree.threshold.append(bounds.upperBounds[split.feature][split.bin - 1])
            tree.missingLeft.append(split.missingLeft)
            tree.gain.append(Float(split.gain))
            tree.left.append(~Int32(chosen))
            tree.right.append(~Int32(leaves.count))
            if leaf.parent >= 0 {
                if leaf.isLeft { tree.left[leaf.parent] = Int32(node) } else { tree.right[leaf.parent] = Int32(node) }
            }
            let leftCount = partition(leaf, split)
            var leftSums = split.leftSums, rightSums = leaf.sums - split.leftSums
            leftSums.count = Double(leftCount)
            rightSums.count = Double(leaf.count - leftCount)
            var left = Leaf(start: leaf.start, count: leftCount, sums: leftSums, histogram: leaf.histogram, parent: node, isLeft: true)
            var right = Leaf(start: leaf.start + leftCount, count: leaf.count - leftCount, sums: rightSums, histogram: freeHistograms.removeLast(), parent: node, isLeft: false)
            // Build the smaller child's histogram; the larger is the parent's minus it.
            if left.count <= right.count {
                buildHistogram(into: right.histogram, start: left.start, count: left.count, gradients: gradients, hessians: hessians)
                swap(&left.histogram, &right.histogram)
                subtract(right.histogram, left.histogram)
            } else {
                buildHistogram(into: right.histogram, start: right.start, count: right.count, gradients: gradients, hessians: hessians)
                subtract(left.histogram, right.histogram)
            }
            let canSplit = leaves.count + 1 < configuration.leaves
            left.best = canSplit ? bestSplit(histogram: left.histogram, sums: left.sums) : Split()
            right.best = canSplit ? bestSplit(histogram: right.histogram, sums: right.sums) : Split()
            leaves[chosen] = left
            leaves.append(right)
        }

        for leaf in leaves {
            let value = Float(-leaf.sums.gradient / (leaf.sums.hessian + configuration.l2) * configuration.learningRate)
            tree.leafValue.append(value)
            tree.leafCover.append(Float(leaf.count))
            let delta = Double(value)
            for index in leaf.start..<leaf.start + leaf.count { scores[Int(indices[index])] += delta }
        }
        tree.computeNodeValues()
        return tree
    }

    private func totals(histogram: Int) -> Sums {
        var sums = Sums()
        histograms[histogram].withUnsafeBufferPointer { h in
            for bin in 0..<binCounts[0] {
                sums.gradient += h[2 * bin]
                sums.hessian += h[2 * bin + 1]
            }
        }
        return sums
    }

    /// Σg, Σh and counts per bin of the rows `indices[start..<start + count]`.
    private mutating func buildHistogram(into target: Int, start: Int, count: Int, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>) {
        let chunks = (count + Self.chunkRows - 1) / Self.chunkRows
        let width = 2 * totalBins
        let source = HistogramSource(
            bins: bins, features: features, offsets: binOffsets.withUnsafeBufferPointer { $0.baseAddress! }, gradients: gradients,
            hessians: hessians, indices: indices.withUnsafeBufferPointer { $0.baseAddress! + start })
        withExtendedLifetime((binOffsets, indices)) {
            if chunks <= 1 {
                histograms[target].withUnsafeMutableBufferPointer { source.accumulate(into: $0.baseAddress!, width: width, from: 0, to: count) }
                return
            }
            partials.withUnsafeMutableBufferPointer { partials in
                let base = SendablePointer(partials.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    source.accumulate(into: base.pointer + chunk * width, width: width, from: chunk * Self.chunkRows, to: min(count, (chunk + 1) * Self.chunkRows))
                }
                histograms[target].withUnsafeMutableBufferPointer { output in
                    output.update(repeating: 0)
                    for chunk in 0..<chunks {
                        let partial = base.pointer + chunk * width
                        for slot in 0..<width { output[slot] += partial[slot] }
                    }
                }
            }
        }
    }

    /// histogram[a] −= histogram[b].
    private mutating func subtract(_ a: Int, _ b: Int) {
        let other = histograms[b]
        histograms[a].withUnsafeMutableBufferPointer { target in
            for slot in 0..<target.count { target[slot] -= other[slot] }
        }
    }

    /// The split of most gain over every feature and bin, missing values tried on both sides.
    private func bestSplit(histogram: Int, sums: Sums) -> Split {
        let minimumCount = Double(configuration.minimumLeafRows), minimumHessian = configuration.minimumLeafHessian
        let l2 = configuration.l2
        guard sums.count >= 2 * minimumCount, sums.hessian >= 2 * minimumHessian else { return Split() }
        // Rows per unit of hessian: bin counts are estimated from hessians, as LightGBM does, so
        // histograms need not count rows.
        let countPerHessian = sums.count / sums.hessian
        let parentScore = sums.gradient * sums.gradient / (sums.hessian + l2)
        var best = Split()
        var bestScore = parentScore + configuration.minimumSplitGain
        histograms[histogram].withUnsafeBufferPointer { h in
            for feature in 0..<features {
                let offset = binOffsets[feature], valueBins = binCounts[feature] - 1
                let missing = Sums(gradient: h[2 * offset], hessian: h[2 * offset + 1], count: (h[2 * offset + 1] * countPerHessian).rounded())
                var accumulated = Sums()
                func consider(_ left: Sums, bin: Int, missingLeft: Bool) {
                    let right = sums - left
                    guard left.count >= minimumCount, right.count >= minimumCount,
                          left.hessian >= minimumHessian, right.hessian >= minimumHessian else { return }
                    let score = left.gradient * left.gradient / (left.hessian + l2) + right.gradient * right.gradient / (right.hessian + l2)
                    if score > bestScore {
                        bestScore = score
                        best = Split(feature: feature, bin: bin, missingLeft: missingLeft, gain: score - parentScore, leftSums: left)
                    }
                }
                for bin in 1...valueBins {
                    let slot = 2 * (offset + bin)
                    accumulated.gradient += h[slot]
                    accumulated.hessian += h[slot + 1]
                    accumulated.count = (accumulated.hessian * countPerHessian).rounded()
                    if missing.count > 0 {
                        consider(accumulated, bin: bin, missingLeft: false)
                        if bin < valueBins {
                            var withMissing = accumulated
                            withMissing.gradient += missing.gradient
                            withMissing.hessian += missing.hessian
                            withMissing.count = (withMissing.hessian * countPerHessian).rounded()
                            consider(withMissing, bin: bin, missingLeft: true)
                        }
                    } else if bin < valueBins {
                        consider(accumulated, bin: bin, missingLeft: false)
                    }
                }
            }
        }
        // No missing value reached this node: send a future one where most rows went.
        if best.feature >= 0 {
            let offset = binOffsets[best.feature]
            let missingHessian = histograms[histogram][2 * offset + 1]
            if missingHessian == 0 { best.missingLeft = best.leftSums.count * 2 >= sums.count }
        }
        return best
    }

    /// Reorders the leaf's rows, left child's first (each side ascending); returns the left count.
    private mutating func partition(_ leaf: Leaf, _ split: Split) -> Int {
        let feature = split.feature, threshold = UInt8(split.bin), missingLeft = split.missingLeft
        let features = features, bins = bins
        var leftCount = 0, rightCount = 0
        indices.withUnsafeMutableBufferPointer { indices in
            scratch.withUnsafeMutableBufferPointer { scratch in
                for position in leaf.start..<leaf.start + leaf.count {
                    let row = indices[position]
                    let bin = bins[Int(row) * features + feature]
                    if bin == 0 ? missingLeft : bin <= threshold {
                        indices[leaf.start + leftCount] = row
                        leftCount += 1
                    } else {
                        scratch[rightCount] = row
                        rightCount += 1
                    }
                }
                for index in 0..<rightCount { indices[leaf.start + leftCount + index] = scratch[index] }
            }
        }
        return leftCount
    }
}

/// What a histogram is built from: pointers valid for the duration of one build.
private struct HistogramSource: @unchecked Sendable {
    let bins: UnsafePointer<UInt8>
    let features: Int
    let offsets: UnsafePointer<Int>
    let gradients: UnsafePointer<Float>
    let hessians: UnsafePointer<Float>
    let indices: UnsafePointer<Int32>

    /// Clears `histogram` (`width` doubles) and sums the rows at positions `from..<to` into it.
    func accumulate(into histogram: UnsafeMutablePointer<Double>, width: Int, from: Int, to: Int) {
        histogram.update(repeating: 0, count: width)
        histogram.withMemoryRebound(to: SIMD2<Double>.self, capacity: width / 2) { pairs in
            for position in from..<to {
                let row = Int(indices[position])
                let pair = SIMD2(Double(gradients[row]), Double(hessians[row]))
                let binRow = bins + row * features
                for feature in 0..<features {
                    pairs[offsets[feature] + Int(binRow[feature])] += pair
                }
            }
        }
    }
}
