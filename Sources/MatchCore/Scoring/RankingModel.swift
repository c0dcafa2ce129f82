import Foundation

/// A model that scores seeker–vacancy pairs from their features (one row in ``schema`` order)
/// and explains each score as named contributions that add up to it.
///
/// Every model kind (``BoostedTrees``, ``LinearRanker``) passes the same test suite
/// (`Tests/MatchCoreTests/Scoring/RankingModelSuite.swift`).
public protocol RankingModel: Sendable {
    /// The feature names the model reads, in column order.
    var schema: [String] { get }
    /// The score of one row of `schema.count` values (`NaN` = unknown).
    func score(_ row: UnsafePointer<Float>) -> Float
    /// The score of one row as a bias plus one contribution per feature.
    func contributions(_ row: UnsafePointer<Float>) -> ScoreContributions
}

/// A score split into parts: `score == bias + Σ values` (up to rounding, about 1e-5 relative).
public struct ScoreContributions: Sendable, Equatable {
    /// The model's expected score, the same for every pair.
    public var bias: Float
    /// One per feature of the model's schema.
    public var values: [Float]

    public var score: Float { values.reduce(bias, +) }
}

extension RankingModel {
    public func score(_ row: [Float]) -> Float {
        precondition(row.count == schema.count, "a row of \(row.count) values for a schema of \(schema.count)")
        return row.withUnsafeBufferPointer { score($0.baseAddress!) }
    }

    public func contributions(_ row: [Float]) -> ScoreContributions {
        precondition(row.count == schema.count, "a row of \(row.count) values for a schema of \(schema.count)")
        return row.withUnsafeBufferPointer { contributions($0.baseAddress!) }
    }

    /// The score of every row of `examples`, on every core.
    /// - Throws: ``ModelError/schemaMismatch`` when the examples have other features.
    public func scores(_ examples: RankingExamples) throws -> [Float] {
        try checkSchema(examples.schema, source: "the examples")
        let rows = examples.rowCount, width = examples.featureCount
        var result = [Float](repeating: 0, count: rows)
        let chunk = 8_192
        examples.values.withUnsafeBufferPointer { values in
            let values = SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress ?? UnsafePointer(bitPattern: 8)!))
            result.withUnsafeMutableBufferPointer { output in
                let output = SendablePointer(output.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                DispatchQueue.concurrentPerform(iterations: (rows + chunk - 1) / chunk) { index in
                    for row in index * chunk..<min(rows, (index + 1) * chunk) {
                        output.pointer[row] = score(values.pointer + row * width)
                    }
                }
            }
        }
        return result
    }

    /// Throws unless `names` is exactly this model's schema.
    public func checkSchema(_ names: [String], source: String) throws {
        guard names == schema else { throw ModelError.schemaMismatch(source: source, expected: schema, found: names) }
    }
}

/// Why a model could not be trained, saved, loaded or applied. Messages name files and
/// features, never a person.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The features offered are not those the model was trained on.
    case schemaMismatch(source: String, expected: [String], found: [String])
    /// A model file that is not one, or of another format version.
    case unreadable(file: String, reason: String)
    /// Training input that cannot train a model (no groups, no relevant rows, bad settings).
    case invalidTraining(String)

    public var description: String {
        switch self {
        case let .schemaMismatch(source, expected, found):
            let missing = expected.filter { !found.contains($0) }, extra = found.filter { !expected.contains($0) }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("unknown \(extra.joined(separator: ", "))") }
            if parts.isEmpty { parts.append("the same names in another order") }
            return "\(source) has features the model was not trained on: \(expected.count) expected, \(found.count) found (\(parts.joined(separator: "; ")))"
        case let .unreadable(file, reason): return "\(file): not a jobmatch model file: \(reason)"
        case let .invalidTraining(reason): return "cannot train: \(reason)"
        }
    }
}
