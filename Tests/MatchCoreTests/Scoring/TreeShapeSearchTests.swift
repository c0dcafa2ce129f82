import Testing
@testable import MatchCore

@Suite("Choosing the tree shape on validation examples")
struct TreeShapeSearchTests {
    /// On the Fixtures' weeks: every shape is tried simplest first, the one kept has the highest
    /// validation NDCG@10 (the first of equals), and it is the model training that shape alone gives.
    @Test func keepsTheBestShapeByValidationNDCG() async throws {
        let fixture = try await learningFixture()
        let validation = try await ExampleBuilder(space: fixture.space)
            .examples(store: fixture.store, from: fixture.split.trainThrough + 1, through: fixture.split.validThrough)
        #expect(validation.groupCount > 5)
        var base = BoostedTreesConfiguration()
        base.rounds = 30
        base.earlyStoppingRounds = 10
        let search = TreeShapeSearch(leaves: [16, 4], minimumLeafRows: [20, 50])
        var reported: [TreeShapeSearch.Trial] = []
        let result = try search.run(base: base, training: fixture.train, validation: validation) { reported.append($0) }
        #expect(result.trials == reported)
        #expect(result.trials.map { [$0.leaves, $0.minimumLeafRows] } == [[4, 50], [4, 20], [16, 50], [16, 20]])
        let best = result.trials.firstIndex { $0.validationNDCG == result.trials.map(\.validationNDCG).max()! }!
        #expect(result.configuration.leaves == result.trials[best].leaves)
        #expect(result.configuration.minimumLeafRows == result.trials[best].minimumLeafRows)
        let alone = try BoostedTreesTrainer(result.configuration).fit(fixture.train, validation: validation).model
        #expect(try ScoringModel.boostedTrees(alone).scores(validation) == ScoringModel.boostedTrees(result.model).scores(validation))
        // The shapes differ: a search whose trials all tie would not be choosing anything.
        #expect(Set(result.trials.map(\.validationNDCG)).count > 1)
    }

    @Test func anEmptyGridIsAnError() async throws {
        let fixture = try await learningFixture()
        #expect(throws: ModelError.self) {
            try TreeShapeSearch(leaves: [], minimumLeafRows: [20]).run(base: BoostedTreesConfiguration(), training: fixture.train,
                                                                       validation: fixture.train)
        }
    }
}
