import Foundation

/// Settings of ``BoostedTreesTrainer``. The defaults are LightGBM's for `lambdarank` (31 leaves,
/// learning rate 0.1, at least 20 rows and 1e-3 hessian a leaf, 255 bins, truncation 30), with
/// early stopping on the validation split when one is given.
public struct BoostedTreesConfiguration: Sendable, Codable, Equatable {
    /// The most trees to grow.
    public var rounds = 100
    public var learningRate = 0.1
    /// Leaves a tree.
    public var leaves = 31
    public var minimumLeafRows = 20
    public var minimumLeafHessian = 1e-3
    public var minimumSplitGain = 0.0
    /// L2 penalty on leaf values.
    public var l2 = 0.0
    /// Value bins a feature (2–255), fitted on up to `binSampleSize` rows.
    public var maximumBins = 255
    public var binSampleSize = 200_000
    /// Stop when validation NDCG@`evaluationCutoff` has not improved for this many rounds, and keep
    /// the best round's trees; `nil` grows every round.
    public var earlyStoppingRounds: Int? = 20
    public var evaluationCutoff = 10
    public var objective = LambdaRankObjective()

    public init() {}

    public func validate() throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw ModelError.invalidTraining(message) }
        }
        try check(rounds >= 1, "rounds must be at least 1")
        try check(learningRate > 0 && learningRate.isFinite, "the learning rate must be positive")
        try check(leaves >= 2 && leaves <= 4096, "leaves must be 2–4096")
        try check(minimumLeafRows >= 1, "a leaf needs at least 1 row")
        try check(minimumLeafHessian >= 0 && l2 >= 0 && minimumSplitGain >= 0, "penalties must not be negative")
        try check((2...255).contains(maximumBins), "bins must be 2–255")
        try check(evaluationCutoff >= 1, "the evaluation cut-off must be at least 1")
        try check(objective.truncationLevel >= 1 && objective.sigma > 0, "the objective needs truncation ≥ 1 and σ > 0")
    }
}

/// Gradient-boosted regression trees trained with LambdaRank (LambdaMART): the sum of the trees'
/// leaf values is the score.
public struct BoostedTrees: RankingModel, Codable, Equatable {
    public let schema: [String]
    /// The bins the trees were grown on (their thresholds are bin bounds).
    public let bins: FeatureBins
    public let trees: [RegressionTree]

    public init(schema: [String], bins: FeatureBins, trees: [RegressionTree]) {
        self.schema = schema
        self.bins = bins
        self.trees = trees
    }

    public func score(_ row: UnsafePointer<Float>) -> Float {
        var sum: Float = 0
        trees.withUnsafeBufferPointer { trees in
            for index in trees.indices { sum += trees[index].leafValue[trees[index].leaf(row)] }
        }
        return sum
    }

    /// Path attribution (Saabas): each split moves the expected value from the node to the child
    /// the row takes; that change goes to the split's feature. The bias is the sum of the trees'
    /// expected values over the training rows.
    public func contributions(_ row: UnsafePointer<Float>) -> ScoreContributions {
        var values = [Float](repeating: 0, count: schema.count)
        var bias: Float = 0
        // Through the buffer: each tree is borrowed, not copied (a copy retains its arrays).
        trees.withUnsafeBufferPointer { trees in
            for index in trees.indices { bias += trees[index].attribute(row, into: &values) }
        }
        return ScoreContributions(bias: bias, values: values)
    }

    /// Total split gain per feature, in schema order: how much each feature reduced the loss.
    public var gainImportance: [Float] {
        var result = [Float](repeating: 0, count: schema.count)
        for tree in trees {
            for node in 0..<tree.nodeCount { result[Int(tree.splitFeature[node])] += tree.gain[node] }
        }
        return result
    }
}

/// One round of training, for progress and the model file.
public struct TrainingRound: Sendable, Codable, Equatable {
    public var round: Int
    /// Mean validation NDCG@cut-off after this round (nil without validation).
    public var validationNDCG: Double?
    public var seconds: Double
}

/// Trains ``BoostedTrees`` on ranking examples: bins the features, then per round computes
/// LambdaRank gradients at the current scores and grows one tree on them.
///
/// Deterministic: there is no random step, and parallel sums are taken in a fixed order, so the
/// same examples and configuration give the same trees on any machine.
public struct BoostedTreesTrainer: Sendable {
    public var configuration: BoostedTreesConfiguration

    public init(_ configuration: BoostedTreesConfiguration = BoostedTreesConfiguration()) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - validation: early stopping watches its NDCG; it must have the training schema.
    ///   - progress: called after every round.
    /// - Returns: the model (the best round's trees when stopping early) and every round.
    public func fit(
        _ training: RankingExamples, validation: RankingExamples? = nil,
        progress: ((TrainingRound) -> Void)? = nil
    ) throws -> (model: BoostedTrees, rounds: [TrainingRound]) {
        try configuration.validate()
        guard training.groupCount > 0 else { throw ModelError.invalidTraining("no training groups") }
        guard training.labels.contains(where: { $0 > 0 }) else { throw ModelError.invalidTraining("no relevant row (label > 0) in the training examples") }
        try training.checkGrades()
        if let validation, validation.schema != training.schema {
            throw ModelError.schemaMismatch(source: "the validation examples", expected: training.schema, found: validation.schema)
        }
        let start = Date()
        let bins = FeatureBins(fitting: training, maximumBins: configuration.maximumBins, sampleSize: configuration.binSampleSize)
        let trainingBins = bins.binned(training)
        let validationBins = validation.map(bins.binned)
        let rows = training.rowCount
        var scores = [Double](repeating: 0, count: rows)
        var validationScores = [Double](repeating: 0, count: validation?.rowCount ?? 0)
        var gradients = [Float](repeating: 0, count: rows), hessians = [Float](repeating: 0, count: rows)
        var orders = [Int32](repeating: 0, count: rows)
        for group in 0..<training.groupCount {
            let range = training.rows(ofGroup: group)
            for row in range { orders[row] = Int32(row - range.lowerBound) }
        }
        let inverseMaximumDCG = configuration.objective.inverseMaximumDCG(training)
        let validationIdeal = validation.map { ValidationNDCG(examples: $0, cutoff: configuration.evaluationCutoff) }
        var trees: [RegressionTree] = [], history: [TrainingRound] = []
        var best = (round: 0, ndcg: -Double.infinity)

        try trainingBins.withUnsafeBufferPointer { binPointer in
            var learner = TreeLearner(bins: binPointer.baseAddress!, rows: rows, bounds: bins, configuration: configuration)
            for round in 1...configuration.rounds {
                try Task.checkCancellation()
                scores.withUnsafeBufferPointer { scores in
                    gradients.withUnsafeMutableBufferPointer { gradients in
                        hessians.withUnsafeMutableBufferPointer { hessians in
                            orders.withUnsafeMutableBufferPointer { orders in
                                configuration.objective.gradients(
                                    scores: scores, examples: training, inverseMaximumDCG: inverseMaximumDCG,
                                    gradients: gradients, hessians: hessians, orders: orders)
                            }
                        }
                    }
                }
                let tree = gradients.withUnsafeBufferPointer { gradients in
                    hessians.withUnsafeBufferPointer { hessians in
                        scores.withUnsafeMutableBufferPointer { scores in
                            learner.grow(gradients: gradients.baseAddress!, hessians: hessians.baseAddress!, scores: scores.baseAddress!)
                        }
                    }
                }
                trees.append(tree)
                var ndcg: Double?
                if let validation, let validationBins, let validationIdeal {
                    Self.add(tree, bins: validationBins, features: validation.featureCount, to: &validationScores)
                    ndcg = validationIdeal.mean(validationScores)
                }
                let record = TrainingRound(round: round, validationNDCG: ndcg, seconds: Date().timeIntervalSince(start))
                history.append(record)
                progress?(record)
                if let ndcg {
                    if ndcg > best.ndcg { best = (round, ndcg) }
                    if let patience = configuration.earlyStoppingRounds, round - best.round >= patience { break }
                }
                if tree.nodeCount == 0 { break }  // nothing left to learn
            }
        }
        if validation != nil, configuration.earlyStoppingRounds != nil { trees.removeLast(trees.count - best.round) }
        return (BoostedTrees(schema: training.schema, bins: bins, trees: trees), history)
    }

    /// Adds `tree`'s output to every binned row's score, on every core.
    static func add(_ tree: RegressionTree, bins: [UInt8], features: Int, to scores: inout [Double]) {
        let rows = scores.count, chunk = 16_384
        bins.withUnsafeBufferPointer { bins in
            let bins = SendablePointer(UnsafeMutablePointer(mutating: bins.baseAddress!))
            scores.withUnsafeMutableBufferPointer { scores in
                let scores = SendablePointer(scores.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: (rows + chunk - 1) / chunk) { index in
                    for row in index * chunk..<min(rows, (index + 1) * chunk) {
                        scores.pointer[row] += Double(tree.leafValue[tree.leaf(bins: bins.pointer + row * features)])
                    }
                }
            }
        }
    }
}

/// Mean NDCG@k of scores over the groups with a relevant row, fast enough to run every round.
struct ValidationNDCG: Sendable {
    let examples: RankingExamples
    let cutoff: Int
    let inverseIdeal: [Double]

    init(examples: RankingExamples, cutoff: Int) {
        self.examples = examples
        self.cutoff = cutoff
        inverseIdeal = (0..<examples.groupCount).map { group in
            let best = examples.labels[examples.rows(ofGroup: group)].sorted(by: >).prefix(cutoff)
            let dcg = best.enumerated().reduce(0.0) { $0 + RankingMetric.gain($1.element) * RankingMetric.discount($1.offset) }
            return dcg > 0 ? 1 / dcg : 0
        }
    }

    func mean(_ scores: [Double]) -> Double {
        let groups = examples.groupCount, chunk = 1_024
        let chunks = (groups + chunk - 1) / chunk
        var sums = [Double](repeating: 0, count: chunks), counts = [Int](repeating: 0, count: chunks)
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                let sums = SendablePointer(sums.baseAddress!), counts = SendablePointer(counts.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: chunks) { index in
                    var order: [Int] = []
                    for group in index * chunk..<min(groups, (index + 1) * chunk) where inverseIdeal[group] > 0 {
                        let range = examples.rows(ofGroup: group)
                        order.removeAll(keepingCapacity: true)
                        order.append(contentsOf: range)
                        order.sort { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
                        var dcg = 0.0
                        for (position, row) in order.prefix(cutoff).enumerated() {
                            dcg += RankingMetric.gain(examples.labels[row]) * RankingMetric.discount(position)
                        }
                        sums.pointer[index] += dcg * inverseIdeal[group]
                        counts.pointer[index] += 1
                    }
                }
            }
        }
        let count = counts.reduce(0, +)
        return count > 0 ? sums.reduce(0, +) / Double(count) : 0
    }
}
