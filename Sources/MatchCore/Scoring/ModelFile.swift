import Foundation

/// Which kind of model a file holds, and the model.
public enum ScoringModel: RankingModel, Codable, Equatable {
    case boostedTrees(BoostedTrees)
    case linear(LinearRanker)

    public var kind: String {
        switch self {
        case .boostedTrees: "boosted-trees"
        case .linear: "linear"
        }
    }

    var model: any RankingModel {
        switch self {
        case let .boostedTrees(model): model
        case let .linear(model): model
        }
    }

    public var schema: [String] { model.schema }

    public func score(_ row: UnsafePointer<Float>) -> Float {
        switch self {
        case let .boostedTrees(model): model.score(row)
        case let .linear(model): model.score(row)
        }
    }

    public func contributions(_ row: UnsafePointer<Float>) -> ScoreContributions {
        switch self {
        case let .boostedTrees(model): model.contributions(row)
        case let .linear(model): model.contributions(row)
        }
    }

    /// The model laid out for scoring many rows (``CompiledForest`` for trees): the same scores.
    public func compiled() -> CompiledScorer {
        switch self {
        case let .boostedTrees(model): CompiledScorer(kind: .forest(CompiledForest(model)), schema: model.schema)
        case let .linear(model): CompiledScorer(kind: .linear(model), schema: model.schema)
        }
    }
}

/// A ``ScoringModel`` ready to score and explain many rows: build once per run
/// (``ScoringModel/compiled()``). Same scores and contributions as the model.
public struct CompiledScorer: RankingModel {
    enum Kind: Sendable {
        case forest(CompiledForest)
        case linear(LinearRanker)
    }

    let kind: Kind
    public let schema: [String]

    init(kind: Kind, schema: [String]) {
        self.kind = kind
        self.schema = schema
    }

    public func contributions(_ row: UnsafePointer<Float>) -> ScoreContributions {
        switch kind {
        case let .forest(forest): forest.contributions(row)
        case let .linear(model): model.contributions(row)
        }
    }

    /// The model's score of one row.
    @inline(__always)
    public func score(_ row: UnsafePointer<Float>) -> Float {
        switch kind {
        case let .forest(forest): forest.score(row)
        case let .linear(model): model.score(row)
        }
    }

}

/// What a model was trained on, kept in its file.
public struct TrainingSummary: Sendable, Codable, Equatable {
    /// Where the examples came from: LETOR file names or the dataset's period.
    public var source: String
    public var rows: Int
    public var groups: Int
    /// Rows by label ("0", "1", ...).
    public var labels: [String: Int]
    public var validationRows: Int?
    public var validationGroups: Int?

    public init(source: String, training: RankingExamples, validation: RankingExamples?) {
        self.source = source
        rows = training.rowCount
        groups = training.groupCount
        labels = Dictionary(training.labels.map { (String(Int($0)), 1) }, uniquingKeysWith: +)
        validationRows = validation?.rowCount
        validationGroups = validation?.groupCount
    }
}

/// A trained model as a file: versioned JSON carrying the feature schema it expects, what it was
/// trained on, how, and how well it did.
///
/// ```json
/// {"format": "jobmatch-model", "version": 1, "kind": "boosted-trees", "schema": ["retrieval", ...],
///  "training": {...}, "metrics": {"validation": {...}}, "rounds": [...], "model": {...}}
/// ```
/// Trees keep thresholds as the exact `Float` bin bounds they were trained on, so a loaded model
/// gives bit-identical scores.
public struct ModelFile: Sendable, Codable, Equatable {
    public static let format = "jobmatch-model"
    public static let currentVersion = 1

    public var format = ModelFile.format
    public var version = ModelFile.currentVersion
    public var kind: String
    public var schema: [String]
    public var createdAt: String
    public var codeVersion: String
    public var training: TrainingSummary
    /// Named reports, e.g. "validation", "test".
    public var metrics: [String: RankingReport]
    /// The trainer's settings, as JSON text.
    public var settings: String
    public var rounds: [TrainingRound]
    public var model: ScoringModel

    /// What a results table records as the model version: the kind and when it was trained.
    public var identity: String { "\(kind) \(createdAt)" }

    public init(model: ScoringModel, training: TrainingSummary, metrics: [String: RankingReport], settings: String, rounds: [TrainingRound]) {
        self.model = model
        kind = model.kind
        schema = model.schema
        createdAt = ISO8601DateFormatter().string(from: Date())
        codeVersion = JobMatchVersion.current
        self.training = training
        self.metrics = metrics
        self.settings = settings
        self.rounds = rounds
    }

    /// Writes the file atomically.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(self)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a model file.
    /// - Parameter schema: when given, the features the caller will offer; a model trained on
    ///   others is refused.
    /// - Throws: ``ModelError/unreadable`` for a file that is not a model of this version,
    ///   ``ModelError/schemaMismatch`` for another schema.
    public static func load(from path: String, expecting schema: [String]? = nil) throws -> ModelFile {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ModelError.unreadable(file: name, reason: "cannot be read (\((error as NSError).localizedDescription))")
        }
        struct Header: Decodable { var format: String?, version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == format else {
            throw ModelError.unreadable(file: name, reason: "no \"format\": \"\(format)\" header")
        }
        guard header.version == currentVersion else {
            throw ModelError.unreadable(file: name, reason: "format version \(header.version.map(String.init) ?? "none"), this jobmatch reads \(currentVersion)")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let file: ModelFile
        do { file = try decoder.decode(ModelFile.self, from: data) } catch {
            throw ModelError.unreadable(file: name, reason: "damaged (\(Self.describe(error)))")
        }
        guard file.schema == file.model.schema, file.kind == file.model.kind else {
            throw ModelError.unreadable(file: name, reason: "its header and model disagree")
        }
        try file.model.validate(file: name)
        if let schema { try file.model.checkSchema(schema, source: "the features offered to \(name)") }
        return file
    }

    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case let .keyNotFound(key, context): return "missing \(context.codingPath.map(\.stringValue).joined(separator: ".")).\(key.stringValue)"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "bad \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "undecodable"
        }
    }
}

extension ScoringModel {
    /// Checks that every array has the size the model needs, so a damaged file cannot crash
    /// scoring.
    func validate(file: String) throws {
        func fail(_ reason: String) -> ModelError { .unreadable(file: file, reason: reason) }
        switch self {
        case let .linear(model):
            let count = model.schema.count
            guard [model.means.count, model.scales.count, model.weights.count, model.missingWeights.count].allSatisfy({ $0 == count }),
                  model.scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw fail("linear weights do not match the schema") }
        case let .boostedTrees(model):
            guard model.bins.upperBounds.count == model.schema.count else { throw fail("bins do not match the schema") }
            for (index, tree) in model.trees.enumerated() {
                guard tree.isWellFormed(features: model.schema.count)
                else { throw fail("tree \(index) is malformed") }
            }
        }
    }
}

extension RegressionTree {
    /// Every array sized to the node and leaf counts, split features within `features`, and each
    /// child after its parent (so a walk ends).
    func isWellFormed(features: Int) -> Bool {
        let nodes = nodeCount, leaves = leafCount
        let sizes = [threshold.count, thresholdBin.count, missingLeft.count, left.count, right.count, gain.count, nodeValue.count, nodeCover.count]
        guard sizes.allSatisfy({ $0 == nodes }), leaves == nodes + 1, leafCover.count == leaves else { return false }
        guard splitFeature.allSatisfy({ $0 >= 0 && Int($0) < features }) else { return false }
        for node in 0..<nodes {
            for child in [left[node], right[node]] {
                if child >= 0 {
                    guard Int(child) > node, Int(child) < nodes else { return false }
                } else {
                    guard Int(~child) < leaves else { return false }
                }
            }
        }
        return true
    }
}
