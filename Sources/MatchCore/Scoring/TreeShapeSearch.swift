/// Chooses the shape of the trees (leaves a tree, fewest training rows a leaf) on the validation
/// examples: one model per shape of a small grid, each stopped early on the validation NDCG,
/// and the best kept.
///
/// The defaults (31 leaves, 20 rows a leaf, LightGBM's) suit hundreds of thousands of rows; on a
/// few thousand (the Fixtures: 1,700 training rows in 100 groups) they learn the training weeks'
/// noise and rank below the retrieval score alone. Smaller trees, or larger leaves, generalise
/// there; which is best is a question for held-out data, and the validation weeks are that.
///
/// Shapes are tried simplest first (fewer leaves, then more rows a leaf); a later shape replaces
/// the best only when its validation NDCG is higher, so ties keep the simpler model. The test
/// weeks are never looked at.
public struct TreeShapeSearch: Sendable {
    /// One shape tried: its validation NDCG at the configuration's cut-off (best round) and rounds kept.
    public struct Trial: Sendable, Codable, Equatable {
        public var leaves: Int
        public var minimumLeafRows: Int
        public var validationNDCG: Double
        public var rounds: Int
    }

    public var leaves: [Int]
    public var minimumLeafRows: [Int]

    public init(leaves: [Int] = [4, 8, 16, 31], minimumLeafRows: [Int] = [50, 20]) {
        self.leaves = leaves
        self.minimumLeafRows = minimumLeafRows
    }

    /// The shapes in the order they are tried: fewer leaves first, then more rows a leaf.
    public var shapes: [(leaves: Int, minimumLeafRows: Int)] {
        leaves.sorted().flatMap { leaves in minimumLeafRows.sorted(by: >).map { (leaves, $0) } }
    }

    /// Trains one model per shape with `base`'s other settings.
    /// - Parameter progress: called after each shape.
    /// - Returns: the best shape's configuration, model and rounds, and every trial in order.
    /// - Throws: ``ModelError/invalidTraining(_:)`` for an empty grid; the trainer's errors.
    public func run(
        base: BoostedTreesConfiguration, training: RankingExamples, validation: RankingExamples,
        progress: ((Trial) -> Void)? = nil
    ) throws -> (configuration: BoostedTreesConfiguration, model: BoostedTrees, rounds: [TrainingRound], trials: [Trial]) {
        guard !shapes.isEmpty else { throw ModelError.invalidTraining("no tree shape to try") }
        var best: (configuration: BoostedTreesConfiguration, model: BoostedTrees, rounds: [TrainingRound], ndcg: Double)?
        var trials: [Trial] = []
        for shape in shapes {
            var configuration = base
            configuration.leaves = shape.leaves
            configuration.minimumLeafRows = shape.minimumLeafRows
            let result = try BoostedTreesTrainer(configuration).fit(training, validation: validation)
            let ndcg = RankingReport(scores: try ScoringModel.boostedTrees(result.model).scores(validation), examples: validation,
                                     cutoffs: [configuration.evaluationCutoff]).ndcg[configuration.evaluationCutoff] ?? 0
            let trial = Trial(leaves: shape.leaves, minimumLeafRows: shape.minimumLeafRows, validationNDCG: ndcg,
                              rounds: result.model.trees.count)
            trials.append(trial)
            progress?(trial)
            if best == nil || ndcg > best!.ndcg { best = (configuration, result.model, result.rounds, ndcg) }
        }
        return (best!.configuration, best!.model, best!.rounds, trials)
    }
}
