import Foundation

/// The baseline: a linear score over standardised features, trained on the same LambdaRank
/// gradients as the trees.
///
///     score = Σ_f  x_f is NaN ? missing_f : w_f · clamp((x_f − mean_f) / scale_f, −5, 5)
///
/// Each term is that feature's contribution, 0 for an average value; there is no bias (a
/// constant does not change a ranking).
public struct LinearRanker: RankingModel, Codable, Equatable {
    public let schema: [String]
    public let means: [Float]
    public let scales: [Float]
    public let weights: [Float]
    /// The term of a missing value, per feature.
    public let missingWeights: [Float]

    static let clamp: Float = 5

    public init(schema: [String], means: [Float], scales: [Float], weights: [Float], missingWeights: [Float]) {
        precondition([means.count, scales.count, weights.count, missingWeights.count].allSatisfy { $0 == schema.count }, "one value a feature")
        self.schema = schema
        self.means = means
        self.scales = scales
        self.weights = weights
        self.missingWeights = missingWeights
    }

    @inline(__always)
    func term(_ value: Float, _ feature: Int) -> Float {
        value.isNaN ? missingWeights[feature] : weights[feature] * standardized(value, feature)
    }

    @inline(__always)
    func standardized(_ value: Float, _ feature: Int) -> Float {
        min(Self.clamp, max(-Self.clamp, (value - means[feature]) / scales[feature]))
    }

    public func score(_ row: UnsafePointer<Float>) -> Float {
        var sum: Float = 0
        for feature in 0..<schema.count { sum += term(row[feature], feature) }
        return sum
    }

    public func contributions(_ row: UnsafePointer<Float>) -> ScoreContributions {
        ScoreContributions(bias: 0, values: (0..<schema.count).map { term(row[$0], $0) })
    }
}

/// Settings of ``LinearRankerTrainer``.
public struct LinearRankerConfiguration: Sendable, Codable, Equatable {
    /// Full passes over the training examples, at most.
    public var epochs = 200
    /// Adam's step size.
    public var learningRate = 0.05
    /// L2 penalty on the weights.
    public var l2 = 1e-4
    public var earlyStoppingRounds: Int? = 20
    public var evaluationCutoff = 10
    public var objective = LambdaRankObjective()

    public init() {}
}

/// Trains a ``LinearRanker`` by full-batch Adam on LambdaRank gradients. Deterministic: weights
/// start at 0 and sums are taken in a fixed order.
public struct LinearRankerTrainer: Sendable {
    public var configuration: LinearRankerConfiguration

    public init(_ configuration: LinearRankerConfiguration = LinearRankerConfiguration()) {
        self.configuration = configuration
    }

    public func fit(
        _ training: RankingExamples, validation: RankingExamples? = nil, progress: ((TrainingRound) -> Void)? = nil
    ) throws -> (model: LinearRanker, rounds: [TrainingRound]) {
        guard training.groupCount > 0, training.labels.contains(where: { $0 > 0 }) else {
            throw ModelError.invalidTraining("no training group with a relevant row")
        }
        try training.checkGrades()
        guard configuration.epochs >= 1, configuration.learningRate > 0 else { throw ModelError.invalidTraining("epochs and learning rate must be positive") }
        if let validation { try validation.checkSchema(training.schema) }
        let start = Date()
        let features = training.featureCount, rows = training.rowCount
        // Means and spreads of the known values.
        var means = [Float](repeating: 0, count: features), scales = [Float](repeating: 1, count: features)
        for feature in 0..<features {
            var sum = 0.0, squares = 0.0, count = 0.0
            for row in 0..<rows {
                let value = Double(training.values[row * features + feature])
                if value.isNaN { continue }
                sum += value
                squares += value * value
                count += 1
            }
            guard count > 0 else { continue }
            let mean = sum / count
            means[feature] = Float(mean)
            let spread = (max(0, squares / count - mean * mean)).squareRoot()
            scales[feature] = spread > 1e-9 ? Float(spread) : 1
        }
        var model = LinearRanker(schema: training.schema, means: means, scales: scales, weights: Array(repeating: 0, count: features), missingWeights: Array(repeating: 0, count: features))
        // Standardised values, with NaN kept to mark missing.
        var inputs = [Float](repeating: 0, count: rows * features)
        for index in 0..<rows * features {
            let value = training.values[index]
            inputs[index] = value.isNaN ? .nan : model.standardized(value, index % features)
        }
        let parameters = 2 * features
        var theta = [Double](repeating: 0, count: parameters), first = theta, second = theta
        var scores = [Double](repeating: 0, count: rows)
        var gradients = [Float](repeating: 0, count: rows), hessians = gradients
        let inverseMaximumDCG = configuration.objective.inverseMaximumDCG(training)
        let validationIdeal = validation.map { ValidationNDCG(examples: $0, cutoff: configuration.evaluationCutoff) }
        var history: [TrainingRound] = [], best = (epoch: 0, ndcg: -Double.infinity, model: model)
        let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)

        for epoch in 1...configuration.epochs {
            try Task.checkCancellation()
            for row in 0..<rows {
                var sum = 0.0
                for feature in 0..<features {
                    let z = inputs[row * features + feature]
                    sum += z.isNaN ? theta[features + feature] : theta[feature] * Double(z)
                }
                scores[row] = sum
            }
            scores.withUnsafeBufferPointer { scores in
                gradients.withUnsafeMutableBufferPointer { gradients in
                    hessians.withUnsafeMutableBufferPointer { hessians in
                        configuration.objective.gradients(scores: scores, examples: training, inverseMaximumDCG: inverseMaximumDCG, gradients: gradients, hessians: hessians)
                    }
                }
            }
            var gradient = [Double](repeating: 0, count: parameters)
            for row in 0..<rows where gradients[row] != 0 {
                let lambda = Double(gradients[row])
                for feature in 0..<features {
                    let z = inputs[row * features + feature]
                    if z.isNaN { gradient[features + feature] += lambda } else { gradient[feature] += lambda * Double(z) }
                }
            }
            let groups = Double(training.groupCount)
            for index in 0..<parameters {
                let g = gradient[index] / groups + configuration.l2 * theta[index]
                first[index] = beta1 * first[index] + (1 - beta1) * g
                second[index] = beta2 * second[index] + (1 - beta2) * g * g
                let correctedFirst = first[index] / (1 - pow(beta1, Double(epoch)))
                let correctedSecond = second[index] / (1 - pow(beta2, Double(epoch)))
                theta[index] -= configuration.learningRate * correctedFirst / (correctedSecond.squareRoot() + epsilon)
            }
            model = LinearRanker(schema: training.schema, means: means, scales: scales, weights: theta[0..<features].map(Float.init),
                                 missingWeights: theta[features...].map(Float.init))
            var ndcg: Double?
            if let validation, let validationIdeal {
                ndcg = validationIdeal.mean(try model.scores(validation).map(Double.init))
            }
            let record = TrainingRound(round: epoch, validationNDCG: ndcg, seconds: Date().timeIntervalSince(start))
            history.append(record)
            progress?(record)
            if let ndcg {
                if ndcg > best.ndcg { best = (epoch, ndcg, model) }
                if let patience = configuration.earlyStoppingRounds, epoch - best.epoch >= patience { break }
            }
        }
        return (validation != nil && configuration.earlyStoppingRounds != nil ? best.model : model, history)
    }
}

extension RankingExamples {
    /// Throws unless every label is a whole grade 0–30 (the gains 2^label − 1 are tabulated).
    func checkGrades() throws {
        guard labels.allSatisfy({ $0 >= 0 && $0 <= 30 && $0 == $0.rounded() }) else {
            throw ModelError.invalidTraining("labels must be whole grades 0–30")
        }
    }

    /// Throws unless `schema` is this one's.
    func checkSchema(_ expected: [String]) throws {
        guard schema == expected else { throw ModelError.schemaMismatch(source: "the validation examples", expected: expected, found: schema) }
    }
}
