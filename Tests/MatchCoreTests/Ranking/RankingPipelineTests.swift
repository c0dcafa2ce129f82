import Foundation
@testable import MatchCore
import Testing

/// A small boosted-trees model trained on the Fixtures' training examples, and the test-period
/// snapshot: built once.
struct RankingFixture: Sendable {
    var learning: LearningFixture
    var snapshot: Snapshot
    var model: ScoringModel
}

private let rankingFixtureTask = Task<RankingFixture, any Error> {
    let learning = try await learningFixture()
    var configuration = BoostedTreesConfiguration()
    configuration.rounds = 30
    let trees = try BoostedTreesTrainer(configuration).fit(learning.train, validation: nil).model
    let snapshot = try learning.store.snapshot(asOf: learning.split.testThrough - 14)
    return RankingFixture(learning: learning, snapshot: snapshot, model: .boostedTrees(trees))
}

func rankingFixture() async throws -> RankingFixture { try await rankingFixtureTask.value }

/// Every list of a run, in order.
func rankAll(_ pipeline: RankingPipeline) async throws -> (lists: [RankedList], summary: RankingSummary) {
    var lists: [RankedList] = []
    let summary = try await pipeline.run { lists += $0 }
    return (lists, summary)
}

@Suite("The ranking pipeline on the Fixtures")
struct RankingPipelineTests {
    /// The 8-bit first pass with refinement against one exact pass: the re-ranked lists agree
    /// (the model sees the same candidates whenever the 8-bit pass keeps the exact top 50).
    @Test func eightBitRetrievalGivesTheExactPassLists() async throws {
        let fixture = try await rankingFixture()
        func lists(refine: Int) async throws -> [RankedList] {
            let pipeline = try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                               options: RankingOptions(candidates: 50, k: 10, reasons: 0, refine: refine))
            return try await rankAll(pipeline).lists
        }
        let exact = try await lists(refine: 0), quantized = try await lists(refine: 2)
        #expect(exact.map(\.key) == quantized.map(\.key))
        let same = zip(exact, quantized).filter { $0.matches.map(\.vacancy) == $1.matches.map(\.vacancy) }.count
        #expect(Double(same) >= 0.98 * Double(exact.count), "\(same) of \(exact.count) lists identical")
        #expect(exact.count > 100)
    }

    @Test func listsHoldOnlyEligiblePairsBestFirstWithReasons() async throws {
        let fixture = try await rankingFixture()
        let snapshot = fixture.snapshot
        let pipeline = try RankingPipeline(snapshot: snapshot, space: fixture.learning.space, model: fixture.model,
                                           options: RankingOptions(k: 10, blockSize: 300))
        let (lists, summary) = try await rankAll(pipeline)
        #expect(lists.map(\.key) == snapshot.seekers.map(\.person))
        #expect(summary.queries == snapshot.seekers.count && summary.items == snapshot.vacancies.count)
        #expect(summary.matches == lists.reduce(0) { $0 + $1.matches.count })
        let seekerIndex = Dictionary(uniqueKeysWithValues: snapshot.seekers.enumerated().map { ($1.person, $0) })
        let vacancyIndex = Dictionary(uniqueKeysWithValues: snapshot.vacancies.enumerated().map { ($1.key, $0) })
        var eligibleCounts = 0
        for list in lists {
            let s = seekerIndex[list.key]!
            let eligible = snapshot.vacancies.indices.filter { pipeline.table.isEligible(seeker: s, vacancy: $0) }.count
            eligibleCounts += eligible
            #expect(list.matches.count == min(10, eligible))
            #expect(list.matches.map(\.rank) == Array(1...list.matches.count))
            #expect(zip(list.matches, list.matches.dropFirst()).allSatisfy { $0.score >= $1.score })
            for match in list.matches {
                #expect(match.person == list.key)
                #expect(pipeline.table.isEligible(seeker: s, vacancy: vacancyIndex[match.vacancy]!))
                #expect(!match.reasons.isEmpty && match.reasons.count <= 3)
            }
        }
        #expect(summary.eligibility.eligible == eligibleCounts)
        #expect(summary.emptyLists == lists.filter(\.matches.isEmpty).count)
    }

    @Test func theScoreIsTheModelsScoreOfThePairFeatures() async throws {
        let fixture = try await rankingFixture()
        let snapshot = fixture.snapshot, space = fixture.learning.space
        let pipeline = try RankingPipeline(snapshot: snapshot, space: space, model: fixture.model,
                                           options: RankingOptions(k: 5, shard: try Shard(index: 1, count: 20)))
        let (lists, _) = try await rankAll(pipeline)
        let extractor = PairFeatureExtractor(space: space, seekers: snapshot.seekers, vacancies: snapshot.vacancies)
        for list in lists.prefix(30) {
            let s = snapshot.seekers.firstIndex { $0.person == list.key }!
            for match in list.matches {
                let v = snapshot.vacancies.firstIndex { $0.key == match.vacancy }!
                let features = extractor.features(seeker: s, vacancy: v, seekerRow: space.encode(snapshot.seekers[s]),
                                                  vacancyRow: space.encode(snapshot.vacancies[v]))
                #expect(abs(fixture.model.score(features.values) - match.score) < 1e-4)
                #expect(abs(features[.retrieval] - match.retrieval) < 1e-4)
            }
        }
    }

    @Test func aLimitedExplanationKeepsTheFullOnesFirstReasons() async throws {
        let fixture = try await rankingFixture()
        let snapshot = fixture.snapshot, space = fixture.learning.space
        let extractor = PairFeatureExtractor(space: space, seekers: snapshot.seekers, vacancies: snapshot.vacancies)
        for s in stride(from: 0, to: snapshot.seekers.count, by: 97) {
            for v in stride(from: 0, to: snapshot.vacancies.count, by: 13) {
                let features = extractor.features(seeker: s, vacancy: v, seekerRow: space.encode(snapshot.seekers[s]),
                                                  vacancyRow: space.encode(snapshot.vacancies[v]))
                let full = MatchExplanation(features: features, seeker: snapshot.seekers[s], vacancy: snapshot.vacancies[v], model: fixture.model)
                let short = MatchExplanation(features: features, seeker: snapshot.seekers[s], vacancy: snapshot.vacancies[v],
                                             model: fixture.model, reasonLimit: 3)
                #expect(short.reasons == Array(full.reasons.prefix(3)))
                #expect(short.score == full.score && short.contributions.map(\.contribution) == full.contributions.map(\.contribution))
            }
        }
    }

    @Test func shardsTogetherGiveTheUnshardedRunExactlyOnce() async throws {
        let fixture = try await rankingFixture()
        let whole = try await rankAll(RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                                      options: RankingOptions(k: 5, blockSize: 500)))
        var parts: [RankedList] = []
        var queries = 0
        for index in 1...3 {
            let shard = try Shard(index: index, count: 3)
            let run = try await rankAll(RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                                        options: RankingOptions(k: 5, shard: shard, blockSize: 97)))
            #expect(run.lists.allSatisfy { shard.contains(key: $0.key) })
            parts += run.lists
            queries += run.summary.queries
        }
        #expect(queries == whole.summary.queries)
        #expect(parts.sorted { $0.key < $1.key } == whole.lists)
    }

    @Test func vacanciesGetEligibleSeekers() async throws {
        let fixture = try await rankingFixture()
        let snapshot = fixture.snapshot
        let pipeline = try RankingPipeline(snapshot: snapshot, space: fixture.learning.space, model: fixture.model,
                                           options: RankingOptions(direction: .vacancies, candidates: 50, k: 8))
        let (lists, summary) = try await rankAll(pipeline)
        #expect(lists.map(\.key) == snapshot.vacancies.map(\.key))
        #expect(summary.eligibility.pairs == snapshot.seekers.count * snapshot.vacancies.count)
        let seekerIndex = Dictionary(uniqueKeysWithValues: snapshot.seekers.enumerated().map { ($1.person, $0) })
        for (v, list) in lists.enumerated() {
            #expect(list.matches.allSatisfy { $0.vacancy == list.key && pipeline.table.isEligible(seeker: seekerIndex[$0.person]!, vacancy: v) })
            #expect(Set(list.matches.map(\.person)).count == list.matches.count)
        }
        // Foreign-worker vacancies aside, a vacancy's list is full.
        #expect(lists.filter { $0.matches.count == 8 }.count > lists.count / 2)
    }

    /// A vacancy shard counts its own vacancies' pairs: the shards' counts add up to the whole run's.
    @Test func vacancyShardsCountTheirOwnPairs() async throws {
        let fixture = try await rankingFixture()
        let whole = try await rankAll(RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: nil,
                                                      options: RankingOptions(direction: .vacancies, candidates: 20, k: 4)))
        var vacancies = 0, eligible = 0, excluded = [Int](repeating: 0, count: EligibilityRule.allCases.count)
        for index in 1...3 {
            let summary = try await rankAll(RankingPipeline(
                snapshot: fixture.snapshot, space: fixture.learning.space, model: nil,
                options: RankingOptions(direction: .vacancies, candidates: 20, k: 4, shard: Shard(index: index, count: 3)))).summary
            #expect(summary.eligibility.vacancies == summary.queries && summary.eligibility.seekers == fixture.snapshot.seekers.count)
            #expect(summary.eligibility.vacancies < fixture.snapshot.vacancies.count)
            vacancies += summary.eligibility.vacancies
            eligible += summary.eligibility.eligible
            excluded = zip(excluded, summary.eligibility.excluded).map { $0 + $1 }
        }
        #expect(vacancies == whole.summary.eligibility.vacancies && eligible == whole.summary.eligibility.eligible)
        #expect(excluded == whole.summary.eligibility.excluded)
    }

    @Test func withoutAModelTheRetrievalScoreRanks() async throws {
        let fixture = try await rankingFixture()
        let pipeline = try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: nil,
                                           options: RankingOptions(candidates: 10, k: 10))
        let (lists, _) = try await rankAll(pipeline)
        for list in lists {
            #expect(list.matches.allSatisfy { $0.score == $0.retrieval && $0.reasons.isEmpty })
            #expect(zip(list.matches, list.matches.dropFirst()).allSatisfy { $0.retrieval >= $1.retrieval })
        }
    }

    @Test func badOptionsAndForeignModelsAreRefused() async throws {
        let fixture = try await rankingFixture()
        for options in [RankingOptions(k: 0), RankingOptions(candidates: 5, k: 10), RankingOptions(blockSize: 0), RankingOptions(reasons: -1)] {
            #expect(throws: RankingError.self) {
                try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: nil, options: options)
            }
        }
        let other = ScoringModel.linear(LinearRanker(schema: ["a", "b"], means: [0, 0], scales: [1, 1], weights: [1, 2], missingWeights: [0, 0]))
        #expect(throws: RankingError.self) {
            try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: other)
        }
    }
}

@Suite("Ranking results: the results table and the files")
struct RankingResultsTests {
    @Test func listsRoundTripThroughTheResultsTable() async throws {
        let fixture = try await rankingFixture()
        let pipeline = try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                           options: RankingOptions(direction: .vacancies, candidates: 20, k: 4))
        try await withTemporaryDirectory { folder in
            let store = try MatchStore(path: folder.path("results.sqlite"))
            let run = try store.beginRun(modelVersion: "test", parameters: ["k": "4"], asOf: fixture.snapshot.asOf,
                                         direction: .vacancies, shard: try Shard(index: 2, count: 5))
            #expect(try store.runs().first?.finishedAt == nil)
            let summary = try await pipeline.run { try store.appendLists($0, run: run, direction: .vacancies) }
            try store.finishRun(run, summary: "{\"matches\":\(summary.matches)}")
            let stored = try store.runs().first!
            #expect(stored.direction == .vacancies && stored.shard.description == "2/5" && stored.finishedAt != nil)
            #expect(stored.asOf == fixture.snapshot.asOf)
            let rows = try store.matches(run: run)
            #expect(rows.count == summary.matches)
            let (lists, _) = try await rankAll(pipeline)
            let first = lists.first { !$0.matches.isEmpty }!
            let back = try store.matches(run: run, list: first.key)
            #expect(back.map(\.person) == first.matches.map(\.person))
            #expect(back.map(\.rank) == first.matches.map(\.rank))
            #expect(zip(back, first.matches).allSatisfy { abs($0.score - Double($1.score)) < 1e-6 && $0.retrieval != nil })
            let reasons = try JSONSerialization.jsonObject(with: Data(back[0].reasons.utf8)) as! [[String: Any]]
            #expect(reasons.count == first.matches[0].reasons.count)
            #expect(reasons.first?["th"] as? String == first.matches[0].reasons.first?.thai)
        }
    }

    @Test(arguments: RankingFormat.allCases)
    func filesHoldEveryMatchAndAppearOnlyWhenCommitted(format: RankingFormat) async throws {
        let fixture = try await rankingFixture()
        let pipeline = try RankingPipeline(snapshot: fixture.snapshot, space: fixture.learning.space, model: fixture.model,
                                           options: RankingOptions(k: 3, shard: try Shard(index: 1, count: 4)))
        try await withTemporaryDirectory { folder in
            let path = folder.path("ranked.\(format.rawValue)")
            let writer = try RankingFileWriter(path: path, format: format)
            var lists: [RankedList] = []
            _ = try await pipeline.run { try writer.write($0); lists += $0 }
            #expect(!fileExists(path))
            try writer.commit()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let matches = lists.flatMap { list in list.matches.map { (list.key, $0) } }
            switch format {
            case .csv:
                let records = CSVText.records(text)
                #expect(records.first?.joined(separator: ",") == RankingFileWriter.csvHeader)
                #expect(records.count == matches.count + 1)
                for (record, (key, match)) in zip(records.dropFirst(), matches) {
                    #expect(record[0] == String(key) && record[2] == String(match.person) && record[4] == match.vacancyID)
                    #expect(record[8] == match.reasons.map(\.thai).joined(separator: "; "))
                }
            case .jsonl:
                let lines = text.split(separator: "\n")
                #expect(lines.count == matches.count)
                for (line, (key, match)) in zip(lines, matches) {
                    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                    #expect(object["list"] as? Int64 == key && object["rank"] as? Int == match.rank)
                    #expect(object["vacancy_id"] as? String == match.vacancyID)
                    #expect(abs((object["score"] as! Double) - Double(match.score)) < 1e-4)
                    #expect((object["reasons"] as? [[String: Any]])?.count == match.reasons.count)
                }
            }
        }
    }
}
