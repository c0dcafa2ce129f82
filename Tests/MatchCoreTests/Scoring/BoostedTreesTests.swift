import Foundation
import Testing
@testable import MatchCore

@Suite struct FeatureBinsTests {
    @Test func fewDistinctValuesGetABinEach() {
        let bounds = FeatureBins.bounds(sortedValues: [0, 0, 1, 1, 1, 3, 7], maximumBins: 255)
        #expect(bounds == [0.5, 2, 5, .infinity])
        #expect(FeatureBins.bounds(sortedValues: [4, 4], maximumBins: 255) == [.infinity])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func binsAgreeWithThresholds(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var examples = RankingExamples(schema: ["x"])
        let values = (0..<5_000).map { _ in Int.random(in: 0..<10, using: &generator) == 0 ? Float.nan : Float(Int.random(in: -3_000...3_000, using: &generator)) / 7 }
        examples.appendGroup(id: 0, labels: Array(repeating: 0, count: values.count), values: values)
        let bins = FeatureBins(fitting: examples, maximumBins: 32)
        #expect(bins.upperBounds[0].count <= 32 && bins.upperBounds[0].last == .infinity)
        var sizes = [Int](repeating: 0, count: 33)
        for value in values {
            let bin = Int(bins.bin(value, feature: 0))
            sizes[bin] += 1
            if value.isNaN { #expect(bin == 0); continue }
            // bin ≤ t exactly when value ≤ the bound of bin t.
            for t in 1...bins.upperBounds[0].count { #expect((bin <= t) == (value <= bins.upperBounds[0][t - 1])) }
        }
        // Roughly equal bins: none holds more than three times its share.
        #expect(sizes[1...].max()! <= 3 * values.count / bins.upperBounds[0].count)
    }
}

@Suite struct TreeLearnerTests {
    /// One tree grown on `values` (`features` a row, row-major) for the given gradients.
    static func grow(
        values: [Float], features: Int, gradients: [Float], hessians: [Float], configuration: BoostedTreesConfiguration
    ) -> (tree: RegressionTree, bins: FeatureBins, binned: [UInt8], scores: [Double]) {
        let rows = gradients.count
        var examples = RankingExamples(schema: (0..<features).map { "f\($0)" })
        examples.appendGroup(id: 0, labels: Array(repeating: 0, count: rows), values: values)
        let bins = FeatureBins(fitting: examples)
        let binned = bins.binned(examples)
        var scores = [Double](repeating: 0, count: rows)
        let tree = binned.withUnsafeBufferPointer { binned in
            var learner = TreeLearner(bins: binned.baseAddress!, rows: rows, bounds: bins, configuration: configuration)
            return learner.grow(gradients: gradients, hessians: hessians, scores: &scores)
        }
        return (tree, bins, binned, scores)
    }

    /// Squared loss at score 0 (g = −y, h = 1), learning rate 1: a tree of two leaves must find
    /// the step and output its two levels exactly.
    @Test func aTreeFitsAStepFunctionExactly() {
        var targets: [Float] = []
        var generator = SeededGenerator(seed: 4)
        var values: [Float] = []
        for row in 0..<1_000 {
            let x = Float(row % 200) / 2  // 200 values, so each has its own bin
            values.append(contentsOf: [x, Float.random(in: 0...1, using: &generator)])
            targets.append(x <= 37.25 ? -1.5 : 2.25)
        }
        var configuration = BoostedTreesConfiguration()
        configuration.learningRate = 1
        configuration.leaves = 2
        let (tree, _, _, scores) = Self.grow(
            values: values, features: 2, gradients: targets.map { -$0 }, hessians: Array(repeating: 1, count: 1_000), configuration: configuration)
        #expect(tree.nodeCount == 1 && tree.splitFeature == [0])
        #expect(tree.threshold[0] > 37 && tree.threshold[0] < 37.5)
        #expect(tree.leafValue.sorted() == [-1.5, 2.25])
        for row in 0..<1_000 { #expect(scores[row] == Double(targets[row])) }
        #expect(tree.leafCover == [375, 625])
        #expect(abs(tree.nodeValue[0] - (375 * -1.5 + 625 * 2.25) / 1_000) < 1e-6)
    }

    /// Every split is the best one over all features for the rows that reach its node, found
    /// here by trying every feature and bin plainly, with the learner's own rules (row counts
    /// estimated from hessians, missing values on either side, the minimum rows and hessian).
    /// The learner skips, in a node's children, the features whose rows fall in fewer than two
    /// bins of positive hessian; flags and coarse features, constant after a split on them, and
    /// rows of zero hessian (LambdaRank gives them to groups without a relevant row) make it
    /// skip often. Three trees grow on one learner, so that later ones meet the stale bins the
    /// earlier ones left in the histograms.
    @Test func everySplitIsTheBestOfItsNode() {
        let rows = 60_000, features = 7
        var generator = SeededGenerator(seed: 21)
        var values: [Float] = [], hessians: [Float] = []
        for _ in 0..<rows {
            let flag = Float(Int.random(in: 0...1, using: &generator)), other = Float(Int.random(in: 0...4, using: &generator) == 0 ? 1 : 0)
            let coarse = Float(Int.random(in: 0...2, using: &generator))
            let x = Float.random(in: 0...10, using: &generator), y = Float.random(in: 0...1, using: &generator)
            let rare = Int.random(in: 0..<1_000, using: &generator) < 3 ? Float(1) : 0  // too rare to split on after a few levels
            let missing = Int.random(in: 0...9, using: &generator) == 0 ? Float.nan : Float.random(in: 0...5, using: &generator)
            values.append(contentsOf: [flag, other, coarse, x, y, rare, missing])
            let roll = Int.random(in: 0..<10, using: &generator)
            hessians.append(roll < 3 ? 0 : roll < 5 ? Float.random(in: 0.001...0.01, using: &generator) : Float.random(in: 0.2...1.5, using: &generator))
        }
        var examples = RankingExamples(schema: (0..<features).map { "f\($0)" })
        examples.appendGroup(id: 0, labels: Array(repeating: 0, count: rows), values: values)
        var configuration = BoostedTreesConfiguration()
        configuration.minimumLeafRows = 50
        let bins = FeatureBins(fitting: examples)
        let binned = bins.binned(examples)
        var scores = [Double](repeating: 0, count: rows)
        binned.withUnsafeBufferPointer { pointer in
            var learner = TreeLearner(bins: pointer.baseAddress!, rows: rows, bounds: bins, configuration: configuration)
            for round in 0..<3 {
                let gradients = (0..<rows).map { row -> Float in
                    let value = { values[row * features + $0] }
                    let signal = 1.2 * value(0) - 0.8 * value(1) + 0.4 * value(2) * Float(round + 1) + (value(3) > 6 - Float(round) ? 0.9 : 0)
                        + (value(6).isNaN ? -0.5 : 0.1 * value(6)) + value(5)
                    return -signal + Float.random(in: -0.2...0.2, using: &generator)
                }
                let tree = learner.grow(gradients: gradients, hessians: hessians, scores: &scores)
                #expect(tree.leafCount == configuration.leaves)
                Self.checkSplits(of: tree, binned: binned, features: features, bins: bins, gradients: gradients, hessians: hessians,
                                 configuration: configuration)
            }
        }
    }

    /// Each node's gain against the best split over all features of the rows reaching it.
    static func checkSplits(
        of tree: RegressionTree, binned: [UInt8], features: Int, bins: FeatureBins, gradients: [Float], hessians: [Float],
        configuration: BoostedTreesConfiguration
    ) {
        var rowsOfNode = [[Int]](repeating: [], count: tree.nodeCount)
        for row in 0..<gradients.count {
            var node: Int32 = 0
            while node >= 0 {
                rowsOfNode[Int(node)].append(row)
                let bin = binned[row * features + Int(tree.splitFeature[Int(node)])]
                let goLeft = bin == 0 ? tree.missingLeft[Int(node)] : bin <= tree.thresholdBin[Int(node)]
                node = goLeft ? tree.left[Int(node)] : tree.right[Int(node)]
            }
        }
        let minimumRows = Double(configuration.minimumLeafRows), minimumHessian = configuration.minimumLeafHessian
        for node in 0..<tree.nodeCount {
            let members = rowsOfNode[node]
            let totalG = members.reduce(0.0) { $0 + Double(gradients[$1]) }, totalH = members.reduce(0.0) { $0 + Double(hessians[$1]) }
            let count = Double(members.count), perHessian = count / totalH
            let parent = totalG * totalG / totalH
            var best = 0.0
            for feature in 0..<features {
                let width = bins.binCounts[feature]
                var g = [Double](repeating: 0, count: width), h = [Double](repeating: 0, count: width)
                for row in members {
                    let bin = Int(binned[row * features + feature])
                    g[bin] += Double(gradients[row])
                    h[bin] += Double(hessians[row])
                }
                func consider(_ leftG: Double, _ leftH: Double) {
                    let leftN = (leftH * perHessian).rounded(), rightG = totalG - leftG, rightH = totalH - leftH
                    guard leftN >= minimumRows, count - leftN >= minimumRows, leftH >= minimumHessian, rightH >= minimumHessian else { return }
                    best = max(best, leftG * leftG / leftH + rightG * rightG / rightH - parent)
                }
                // Values up to bin t go left; missing ones (bin 0) to either side when there are
                // any by the estimate, and then also every value left and the missing ones right.
                let missingRows = (h[0] * perHessian).rounded()
                for t in 1..<width {
                    let leftG = g[1...t].reduce(0, +), leftH = h[1...t].reduce(0, +)
                    if missingRows > 0 {
                        consider(leftG, leftH)
                        if t < width - 1 { consider(leftG + g[0], leftH + h[0]) }
                    } else if t < width - 1 {
                        consider(leftG, leftH)
                    }
                }
            }
            #expect(abs(Double(tree.gain[node]) - best) <= 1e-3 * best, "node \(node): gain \(tree.gain[node]), best \(best)")
        }
    }

    /// On enough rows that partitions run in blocks and histograms in chunks on every core,
    /// each row's leaf in the learner's bookkeeping is the leaf the finished tree sends it to,
    /// and each leaf's value is −Σg / Σh of its rows, recomputed plainly.
    @Test func aLargeTreeAgreesWithItsRows() {
        let rows = 150_000, features = 6
        var generator = SeededGenerator(seed: 9)
        var values: [Float] = [], gradients: [Float] = [], hessians: [Float] = []
        for _ in 0..<rows {
            let row = (0..<features).map { feature in
                feature == 5 && Float.random(in: 0...1, using: &generator) < 0.2 ? Float.nan : Float.random(in: 0...10, using: &generator).rounded(.down)
                    + (feature.isMultiple(of: 2) ? Float.random(in: 0...1, using: &generator) : 0)
            }
            values.append(contentsOf: row)
            let signal = (row[0] > 4 ? 1 : -1) + (row[1] > 6 ? 0.5 : 0) + (row[5].isNaN ? -0.7 : 0)
            gradients.append(-Float(signal) + Float.random(in: -0.3...0.3, using: &generator))
            hessians.append(Float.random(in: 0.5...1.5, using: &generator))
        }
        var configuration = BoostedTreesConfiguration()
        configuration.learningRate = 1
        let (tree, _, binned, scores) = Self.grow(
            values: values, features: features, gradients: gradients, hessians: hessians, configuration: configuration)
        #expect(tree.leafValue.count == configuration.leaves)
        var sums = [(g: Double, h: Double, n: Int)](repeating: (0, 0, 0), count: tree.leafValue.count)
        binned.withUnsafeBufferPointer { binned in
            for row in 0..<rows {
                let leaf = tree.leaf(bins: binned.baseAddress! + row * features)
                #expect(scores[row] == Double(tree.leafValue[leaf]))
                #expect(tree.leaf(values.withUnsafeBufferPointer { $0.baseAddress! + row * features }) == leaf)
                sums[leaf].g += Double(gradients[row])
                sums[leaf].h += Double(hessians[row])
                sums[leaf].n += 1
            }
        }
        for (leaf, sum) in sums.enumerated() {
            #expect(Int(tree.leafCover[leaf]) == sum.n)
            #expect(abs(Double(tree.leafValue[leaf]) + sum.g / sum.h) < 1e-4 * max(1, abs(sum.g / sum.h)))
        }
        #expect(tree.leafCover.reduce(0, +) == Float(rows))
    }

    @Test func missingValuesGoWhereTheyFitBest() {
        // Missing rows look like the high side: the split must send them right.
        var examples = RankingExamples(schema: ["x"])
        var values: [Float] = [], targets: [Float] = []
        for row in 0..<600 {
            if row % 3 == 0 {
                values.append(.nan)
                targets.append(1)
            } else {
                values.append(Float(row))
                targets.append(row < 300 ? -1 : 1)
            }
        }
        examples.appendGroup(id: 0, labels: Array(repeating: 0, count: 600), values: values)
        var configuration = BoostedTreesConfiguration()
        configuration.learningRate = 1
        configuration.leaves = 2
        let bins = FeatureBins(fitting: examples)
        let binned = bins.binned(examples)
        var scores = [Double](repeating: 0, count: 600)
        let tree = binned.withUnsafeBufferPointer { binned in
            var learner = TreeLearner(bins: binned.baseAddress!, rows: 600, bounds: bins, configuration: configuration)
            return learner.grow(gradients: targets.map { -$0 }, hessians: Array(repeating: 1, count: 600), scores: &scores)
        }
        #expect(tree.missingLeft == [false])
        let nan: [Float] = [.nan]
        #expect(nan.withUnsafeBufferPointer { tree.leafValue[tree.leaf($0.baseAddress!)] } == 1)
        for row in 0..<600 { #expect(scores[row] == Double(targets[row])) }
    }
}

@Suite struct BoostedTreesTrainingTests {
    @Test func earlyStoppingKeepsTheBestRound() throws {
        let training = syntheticRanking(groups: 300, seed: 1), validation = syntheticRanking(groups: 100, seed: 2)
        var configuration = BoostedTreesConfiguration()
        configuration.rounds = 200
        configuration.earlyStoppingRounds = 5
        var seen: [Int] = []
        let (model, rounds) = try BoostedTreesTrainer(configuration).fit(training, validation: validation) { seen.append($0.round) }
        #expect(seen == rounds.map(\.round))
        let best = rounds.max { $0.validationNDCG! < $1.validationNDCG! || ($0.validationNDCG! == $1.validationNDCG! && $0.round > $1.round) }!
        #expect(model.trees.count == best.round)
        #expect(rounds.count == best.round + 5 || rounds.count == 200)
    }

    @Test func badSettingsAndInputsAreRefused() {
        var configuration = BoostedTreesConfiguration()
        configuration.leaves = 1
        #expect(throws: ModelError.self) { try BoostedTreesTrainer(configuration).fit(syntheticRanking(groups: 5, seed: 1)) }
        var unlabelled = RankingExamples(schema: ["x"])
        unlabelled.appendGroup(id: 0, labels: [0, 0], values: [1, 2])
        #expect(throws: ModelError.invalidTraining("no relevant row (label > 0) in the training examples")) { try BoostedTreesTrainer().fit(unlabelled) }
        var fractional = RankingExamples(schema: ["x"])
        fractional.appendGroup(id: 0, labels: [0.5, 1], values: [1, 2])
        #expect(throws: ModelError.self) { try BoostedTreesTrainer().fit(fractional) }
    }
}

@Suite struct CompiledForestTests {
    @Test func compiledScoresEqualTheTreesExactly() throws {
        var configuration = BoostedTreesConfiguration()
        configuration.rounds = 30
        configuration.leaves = 9
        configuration.earlyStoppingRounds = nil
        var training = syntheticRanking(groups: 300, seed: 5)
        // Some missing values, so that both NaN directions are taken.
        var values = training.values
        for index in stride(from: 0, to: values.count, by: 7) { values[index] = .nan }
        training = .flat(schema: training.schema, values: values, labels: training.labels,
                         groupOffsets: training.groupOffsets, groupIDs: training.groupIDs)
        let model = try BoostedTreesTrainer(configuration).fit(training).model
        let compiled = CompiledForest(model)
        #expect(compiled.featureCount == model.schema.count)
        let width = training.featureCount
        training.values.withUnsafeBufferPointer { rows in
            for row in 0..<training.rowCount {
                let pointer = rows.baseAddress! + row * width
                #expect(compiled.score(pointer) == model.score(pointer))
            }
        }
        // A stump-only ensemble (a tree with no split) scores its leaf.
        let stump = BoostedTrees(schema: model.schema, bins: model.bins, trees: [RegressionTree(leafValue: [0.25], leafCover: [1])])
        #expect(CompiledForest(stump).score([Float](repeating: 0, count: width)) == 0.25)
    }
}
