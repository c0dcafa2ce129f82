import Foundation
import TreeKernels

/// Grows one regression tree on binned rows, leaf by leaf (best-first, as LightGBM does): the
/// leaf whose best split reduces the loss most is split next, until ``BoostedTreesConfiguration/leaves``.
///
/// Each leaf keeps a gradient histogram (Σg and Σh per feature bin; a bin's row count, which
/// only the minimum-rows rule needs, is estimated as Σh × the leaf's rows / its Σh, as LightGBM does). A split
/// builds the histogram of the smaller child from its rows and gets the larger one by
/// subtraction from the parent's. A histogram is built feature by feature (features spread over
/// the cores), each from the feature's column and the leaf's gradients gathered in row order, so
/// every sum runs in the same order and a tree is the same whatever the number of cores.
struct TreeLearner {
    let rows: Int
    let features: Int
    /// Row-major bins, `rows × features`.
    let bins: UnsafePointer<UInt8>
    let bounds: FeatureBins
    let binCounts: [Int]
    /// Where each feature's bins start in a histogram (in bins; 2 doubles a bin: Σg, Σh).
    let binOffsets: [Int]
    let totalBins: Int
    let configuration: BoostedTreesConfiguration

    /// The same bins feature-major (`feature × rows`): a split reads one feature of its leaf's
    /// rows, a column that stays in cache where the row-major rows would not.
    private let columns: [UInt8]
    /// Row indices, grouped by leaf: leaf `l` holds `indices[start..<start + count]`, ascending.
    private var indices: [Int32]
    /// Where a partition puts each block's left and right rows before gathering them.
    private var scratchLeft: [Int32]
    private var scratchRight: [Int32]
    /// One histogram per leaf that may still be split.
    private var histograms: [[Double]]
    /// The (g, h) of the rows of the leaf being built, in the leaf's row order.
    private var ordered: [SIMD2<Float>]
    /// Every row's (g, h) side by side, for the tree being grown: a gather reads one place a row.
    private var interleaved: [SIMD2<Float>]

    /// Leaves with fewer rows build their histogram on one core (spreading costs more).
    static let parallelHistogramRows = 4_096
    /// Rows of a histogram block: their (g, h), 8 bytes a row, stay in cache across features.
    static let histogramBlockRows = 8_192
    /// Rows per block of a partition (blocks run in parallel, then are gathered in order).
    static let partitionRows = 32_768

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
        scratchLeft = Array(repeating: 0, count: rows)
        scratchRight = Array(repeating: 0, count: rows)
        var columns = [UInt8](repeating: 0, count: rows * features)
        let features = features
        columns.withUnsafeMutableBufferPointer { output in
            let output = SendablePointer(output.baseAddress!), input = SendablePointer(UnsafeMutablePointer(mutating: bins))
            DispatchQueue.concurrentPerform(iterations: features) { feature in
                let column = output.pointer + feature * rows
                for row in 0..<rows { column[row] = input.pointer[row * features + feature] }
            }
        }
        self.columns = columns
        histograms = Array(repeating: Array(repeating: 0, count: 2 * total), count: configuration.leaves)
        ordered = Array(repeating: .zero, count: rows)
        interleaved = Array(repeating: .zero, count: rows)
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
        /// Features whose rows in this leaf fall in at least two bins of positive hessian (missing
        /// values count as a bin). Any split of the others leaves one side with no hessian, so no
        /// row by the estimate below, and a child's rows are a subset of its parent's: the
        /// children's histograms skip them. (LightGBM skips more: every feature without an
        /// admissible split, which the estimated counts do not make exact.)
        var splittable: [Bool] = []
        /// The node whose child this leaf is, and on which side (-1 for the root).
        var parent = -1, isLeft = false
    }

    /// Grows a tree for `gradients` and `hessians` (one per row), and adds each row's leaf value
    /// to `scores`.
    mutating func grow(gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, scores: UnsafeMutablePointer<Double>) -> RegressionTree {
        let rows = rows, block = Self.partitionRows
        indices.withUnsafeMutableBufferPointer { indices in
            interleaved.withUnsafeMutableBufferPointer { interleaved in
                let indices = SendablePointer(indices.baseAddress!), interleaved = SendablePointer(interleaved.baseAddress!)
                let gradients = SendablePointer(UnsafeMutablePointer(mutating: gradients))
                let hessians = SendablePointer(UnsafeMutablePointer(mutating: hessians))
                DispatchQueue.concurrentPerform(iterations: (rows + block - 1) / block) { index in
                    for row in index * block..<min(rows, (index + 1) * block) {
                        indices.pointer[row] = Int32(row)
                        interleaved.pointer[row] = SIMD2(gradients.pointer[row], hessians.pointer[row])
                    }
                }
            }
        }
        var root = Leaf(start: 0, count: rows, sums: Sums(), histogram: 0, splittable: Array(repeating: true, count: features))
        buildHistogram(into: 0, start: 0, count: rows, features: root.splittable)
        root.sums = totals(histogram: 0)
        root.sums.count = Double(rows)
        root.best = bestSplit(histogram: 0, sums: root.sums, features: &root.splittable)
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
            var left = Leaf(start: leaf.start, count: leftCount, sums: leftSums, histogram: leaf.histogram, splittable: leaf.splittable, parent: node, isLeft: true)
            var right = Leaf(start: leaf.start + leftCount, count: leaf.count - leftCount, sums: rightSums, histogram: freeHistograms.removeLast(), splittable: leaf.splittable, parent: node, isLeft: false)
            // The children of the last split are never split: they need no histogram.
            if leaves.count + 1 < configuration.leaves {
                // Build the smaller child's histogram; the larger is the parent's minus it.
                if left.count <= right.count {
                    buildHistogram(into: right.histogram, start: left.start, count: left.count, features: leaf.splittable)
                    swap(&left.histogram, &right.histogram)
                    subtract(right.histogram, left.histogram, features: leaf.splittable)
                } else {
                    buildHistogram(into: right.histogram, start: right.start, count: right.count, features: leaf.splittable)
                    subtract(left.histogram, right.histogram, features: leaf.splittable)
                }
                left.best = bestSplit(histogram: left.histogram, sums: left.sums, features: &left.splittable)
                right.best = bestSplit(histogram: right.histogram, sums: right.sums, features: &right.splittable)
            }
            leaves[chosen] = left
            leaves.append(right)
        }

        for leaf in leaves {
            tree.leafValue.append(Float(-leaf.sums.gradient / (leaf.sums.hessian + configuration.l2) * configuration.learningRate))
            tree.leafCover.append(Float(leaf.count))
        }
        // Leaves hold disjoint rows: their scores are updated in parallel.
        let values = tree.leafValue, spans = leaves.map { ($0.start, $0.count) }, output = SendablePointer(scores)
        indices.withUnsafeBufferPointer { indices in
            let indices = SendablePointer(UnsafeMutablePointer(mutating: indices.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: spans.count) { leaf in
                let delta = Double(values[leaf]), (start, count) = spans[leaf]
                for index in start..<start + count { output.pointer[Int(indices.pointer[index])] += delta }
            }
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

    /// Σg and Σh per bin of the rows `indices[start..<start + count]`, for the features marked in
    /// `used` (the bins of the others are left as they were).
    private mutating func buildHistogram(into target: Int, start: Int, count: Int, features used: [Bool]) {
        let rows = rows, binCounts = binCounts
        let features = used.indices.filter { used[$0] }
        let parallel = count >= Self.parallelHistogramRows
        interleaved.withUnsafeBufferPointer { interleaved in
        let interleaved = SendablePointer(UnsafeMutablePointer(mutating: interleaved.baseAddress!))
        indices.withUnsafeBufferPointer { indices in
            ordered.withUnsafeMutableBufferPointer { ordered in
                columns.withUnsafeBufferPointer { columns in
                    binOffsets.withUnsafeBufferPointer { offsets in
                        histograms[target].withUnsafeMutableBufferPointer { histogram in
                            let rowsOfLeaf = SendablePointer(UnsafeMutablePointer(mutating: indices.baseAddress! + start))
                            let contiguous = start == 0 && count == rows  // the root: rows 0..<rows in order
                            // The leaf's (g, h) in its row order: the root reads every row's in
                            // place; another leaf gathers its rows' once.
                            let pairs = contiguous ? interleaved : SendablePointer(ordered.baseAddress!)
                            if !contiguous {
                                let block = 65_536, blocks = (count + block - 1) / block
                                let gather: @Sendable (Int) -> Void = { index in
                                    for position in index * block..<min(count, (index + 1) * block) {
                                        pairs.pointer[position] = interleaved.pointer[Int(rowsOfLeaf.pointer[position])]
                                    }
                                }
                                if blocks > 1 { DispatchQueue.concurrentPerform(iterations: blocks, execute: gather) } else if blocks == 1 { gather(0) }
                            }
                            let columns = SendablePointer(UnsafeMutablePointer(mutating: columns.baseAddress!))
                            let offsets = SendablePointer(UnsafeMutablePointer(mutating: offsets.baseAddress!))
                            let output = SendablePointer(histogram.baseAddress!)
                            let workers = parallel ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, features.count)) : 1
                            // Each worker takes a range of features and walks the leaf in blocks of
                            // rows, so a block's (g, h) stay in cache while every feature of the
                            // range reads them. A feature's bins have four interleaved copies,
                            // summed at the end: rows falling in the same bin one after another
                            // would otherwise wait on each other's additions. Every sum runs in
                            // row order, whatever the workers.
                            let build: @Sendable (Int) -> Void = { worker in
                                let mine = features[worker * features.count / workers..<(worker + 1) * features.count / workers]
                                guard let first = mine.first, let last = mine.last else { return }
                                let base = offsets.pointer[first]
                                let span = offsets.pointer[last] + binCounts[last] - base
                                withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 4 * span) { copies in
                                    let copies = copies.baseAddress!
                                    copies.initialize(repeating: .zero, count: 4 * span)
                                    let block = Self.histogramBlockRows
                                    var from = 0
                                    while from < count {
                                        let to = min(count, from + block)
                                        for feature in mine {
                                            let column = columns.pointer + feature * rows, width = binCounts[feature]
                                            let a = copies + 4 * (offsets.pointer[feature] - base)
                                            let pairs = pairs.pointer + from
                                            a.withMemoryRebound(to: Double.self, capacity: 8 * width) { copies in
                                                pairs.withMemoryRebound(to: Float.self, capacity: 2 * (to - from)) { pairs in
                                                    if contiguous {
                                                        jm_histogram_contiguous(column + from, pairs, to - from, copies, width)
                                                    } else {
                                                        jm_histogram_rows(column, rowsOfLeaf.pointer + from, pairs, to - from, copies, width)
                                                    }
                                                }
                                            }
                                        }
                                        from = to
                                    }
                                    for feature in mine {
                                        let width = binCounts[feature]
                                        let a = copies + 4 * (offsets.pointer[feature] - base), b = a + width, c = b + width, d = c + width
                                        output.pointer.advanced(by: 2 * offsets.pointer[feature]).withMemoryRebound(to: SIMD2<Double>.self, capacity: width) { bins in
                                            for bin in 0..<width { bins[bin] = (a[bin] + b[bin]) + (c[bin] + d[bin]) }
                                        }
                                    }
                                }
                            }
                            if workers > 1 { DispatchQueue.concurrentPerform(iterations: workers, execute: build) } else { build(0) }
                        }
                    }
                }
            }
        }
        }
    }

    /// histogram[a] −= histogram[b], for the features marked in `used` (the bins of the others
    /// are stale and never read).
    private mutating func subtract(_ a: Int, _ b: Int, features used: [Bool]) {
        let other = histograms[b]
        histograms[a].withUnsafeMutableBufferPointer { target in
            for feature in 0..<features where used[feature] {
                let start = 2 * binOffsets[feature]
                for slot in start..<start + 2 * binCounts[feature] { target[slot] -= other[slot] }
            }
        }
    }

    /// The split of most gain over every feature and bin, missing values tried on both sides.
    /// Features not marked in `splittable` are skipped; those whose rows here fall in fewer than
    /// two bins of positive hessian are unmarked.
    private func bestSplit(histogram: Int, sums: Sums, features splittable: inout [Bool]) -> Split {
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
            for feature in 0..<features where splittable[feature] {
                let offset = binOffsets[feature], valueBins = binCounts[feature] - 1
                var occupied = 0
                for bin in 0...valueBins where h[2 * (offset + bin) + 1] > 0 {
                    occupied += 1
                    if occupied == 2 { break }
                }
                guard occupied == 2 else {
                    splittable[feature] = false
                    continue
                }
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
        let threshold = UInt8(split.bin), missingLeft = split.missingLeft
        let block = Self.partitionRows, count = leaf.count
        let blocks = (count + block - 1) / block
        var leftCounts = [Int](repeating: 0, count: blocks)
        let rows = rows
        columns.withUnsafeBufferPointer { columns in
            indices.withUnsafeMutableBufferPointer { indices in
                scratchLeft.withUnsafeMutableBufferPointer { scratchLeft in
                    scratchRight.withUnsafeMutableBufferPointer { scratchRight in
                        leftCounts.withUnsafeMutableBufferPointer { leftCounts in
                            let column = SendablePointer(UnsafeMutablePointer(mutating: columns.baseAddress! + split.feature * rows))
                            let source = SendablePointer(indices.baseAddress! + leaf.start)
                            let left = SendablePointer(scratchLeft.baseAddress! + leaf.start)
                            let right = SendablePointer(scratchRight.baseAddress! + leaf.start)
                            let counts = SendablePointer(leftCounts.baseAddress!)
                            let run: @Sendable (Int) -> Void = { index in
                                let from = index * block, to = min(count, from + block)
                                counts.pointer[index] = jm_partition_rows(
                                    column.pointer, source.pointer + from, to - from, threshold, missingLeft ? 1 : 0,
                                    left.pointer + from, right.pointer + from)
                            }
                            if blocks == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: blocks, execute: run) }
                            // Gather in block order: lefts first, then rights, each ascending.
                            var leftOut = 0, rightOut = leftCounts.reduce(0, +)
                            for index in 0..<blocks {
                                let from = index * block, size = min(count, from + block) - from, lefts = leftCounts[index]
                                (source.pointer + leftOut).update(from: left.pointer + from, count: lefts)
                                (source.pointer + rightOut).update(from: right.pointer + from, count: size - lefts)
                                leftOut += lefts
                                rightOut += size - lefts
                            }
                        }
                    }
                }
            }
        }
        return leftCounts.reduce(0, +)
    }
}
