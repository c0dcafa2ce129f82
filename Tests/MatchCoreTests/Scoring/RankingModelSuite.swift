import Foundation
import Testing
@testable import MatchCore

/// The one test suite every model kind passes: it learns, explains every score exactly, saves
/// and loads bit for bit, is deterministic, and refuses other features.
@Suite struct RankingModelSuite {
    enum Kind: String, CaseIterable, Sendable { case boostedTrees, linear }

    static let training = syntheticRanking(groups: 400, seed: 11)
    static let validation = syntheticRanking(groups: 100, seed: 12)
    static let test = syntheticRanking(groups: 200, seed: 13)

    func train(_ kind: Kind) throws -> ScoringModel {
        switch kind {
        case .boostedTrees:
            return .boostedTrees(try BoostedTreesTrainer().fit(Self.training, validation: Self.validation).model)
        case .linear:
            return .linear(try LinearRankerTrainer().fit(Self.training, validation: Self.validation).model)
        }
    }

    @Test(arguments: Kind.allCases)
    func learnsBeyondRandomOnHeldOutGroups(kind: Kind) throws {
        let model = try train(kind)
        let report = RankingReport(scores: try model.scores(Self.test), examples: Self.test)
        let random = randomNDCG(Self.test)
        #expect(report.ndcg[10]! > random + 0.15, "\(kind): \(report) vs random \(random)")
        // The feature that carries nothing matters least.
        let contributions = (0..<Self.test.rowCount).map { model.contributions(Array(Self.test.row($0))).values.map(abs) }
        let mean = (0..<4).map { feature in contributions.reduce(Float(0)) { $0 + $1[feature] } }
        #expect(mean[3] < mean[0] && mean[3] < mean[1], "\(kind): \(mean)")
    }

    @Test(arguments: Kind.allCases)
    func contributionsAddUpToTheScore(kind: Kind) throws {
        let model = try train(kind)
        let scores = try model.scores(Self.test)
        for row in 0..<Self.test.rowCount {
            let parts = model.contributions(Array(Self.test.row(row)))
            #expect(parts.values.count == 4)
            #expect(isClose(parts.score, scores[row], relative: 1e-4), "\(kind) row \(row): \(parts.score) vs \(scores[row])")
        }
    }

    @Test(arguments: Kind.allCases)
    func saveAndLoadGiveIdenticalScores(kind: Kind) throws {
        let model = try train(kind)
        try withTemporaryFile("model.json") { path in
            let file = ModelFile(model: model, training: TrainingSummary(source: "synthetic", training: Self.training, validation: Self.validation),
                                 metrics: ["test": RankingReport(scores: try model.scores(Self.test), examples: Self.test)], settings: "{}", rounds: [])
            try file.save(to: path)
            let loaded = try ModelFile.load(from: path, expecting: Self.training.schema)
            #expect(loaded == file)
            #expect(try loaded.model.scores(Self.test) == (try model.scores(Self.test)))
            #expect(loaded.kind == model.kind && loaded.training.rows == Self.training.rowCount)
        }
    }

    @Test(arguments: Kind.allCases)
    func trainingIsDeterministic(kind: Kind) throws {
        #expect(try train(kind) == (try train(kind)))
    }

    @Test(arguments: Kind.allCases)
    func anotherSchemaIsRefused(kind: Kind) throws {
        let model = try train(kind)
        try withTemporaryFile("model.json") { path in
            try ModelFile(model: model, training: TrainingSummary(source: "synthetic", training: Self.training, validation: nil),
                          metrics: [:], settings: "{}", rounds: []).save(to: path)
            let other = ["skill", "near", "distance_km", "noise"]
            #expect(throws: ModelError.schemaMismatch(source: "the features offered to model.json", expected: Self.training.schema, found: other)) {
                try ModelFile.load(from: path, expecting: other)
            }
            let message = "\(ModelError.schemaMismatch(source: "x", expected: Self.training.schema, found: other))"
            #expect(message.contains("missing gap") && message.contains("unknown distance_km"))
            var renamed = RankingExamples(schema: other)
            renamed.appendGroup(id: 0, labels: [1], values: [0, 0, 0, 0])
            #expect(throws: ModelError.self) { try model.scores(renamed) }
        }
    }

    @Test func damagedOrForeignFilesAreRefused() throws {
        let model = try train(.boostedTrees)
        try withTemporaryFile("model.json") { path in
            let file = ModelFile(model: model, training: TrainingSummary(source: "s", training: Self.training, validation: nil), metrics: [:], settings: "{}", rounds: [])
            try file.save(to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            func refused(_ content: String) -> Bool {
                try? content.write(toFile: path, atomically: true, encoding: .utf8)
                do { _ = try ModelFile.load(from: path); return false } catch let error as ModelError {
                    if case .unreadable(let name, _) = error { return name == "model.json" }
                    return false
                } catch { return false }
            }
            let notJSON = refused("not json")
            let newer = refused(text.replacingOccurrences(of: "\"version\":1", with: "\"version\":2"))
            let truncated = refused(String(text.prefix(text.count / 2)))
            // A child index pointing back up the tree would loop forever.
            let start = text.range(of: "\"left\":[")!.upperBound
            let end = text[start...].firstIndex(of: ",")!
            let cycle = refused(text.replacingCharacters(in: start..<end, with: "0"))
            #expect(notJSON && newer && truncated && cycle)
        }
    }
}
