import Foundation
@testable import MatchCore
import Testing

@Suite("Retrieval recall@K and block weights learnt from outcomes")
struct RetrievalProbeTests {
    /// A probe's recall, from block similarities recombined, against a search done the plain way:
    /// the reweighted space's rows, their inner products, and the positives' places in them.
    @Test(arguments: [
        BlockWeights(),
        BlockWeights(text: 0.05, occupation: 0.6, skills: 0, geography: 0.3, terms: 0.05),
    ])
    func recallAgreesWithSearchingTheReweightedRows(weights: BlockWeights) async throws {
        let fixture = try await learningFixture()
        let split = fixture.split
        let snapshot = try fixture.store.snapshot(from: split.trainFrom, through: split.testThrough)
        let period = split.period(of: .train)
        let probe = try RetrievalProbe(space: fixture.space, snapshot: snapshot, period: period,
                                       labelsThrough: split.trainThrough, groupLimit: 1_000_000)
        #expect(probe.groupCount > 50)

        let space = try fixture.space.reweighted(weights)
        let vacancyRows = space.encode(vacancies: snapshot.vacancies)
        let plan = ExamplePlan(snapshot: snapshot, from: period.lowerBound, through: period.upperBound,
                               cutoff: split.trainThrough, options: ExampleOptions())
        let ks = [1, 3, 10, 30]
        var pessimistic = [Double](repeating: 0, count: ks.count), optimistic = pessimistic
        var groups = 0
        for group in plan.groups {
            let seeker = snapshot.seekers[Int(group.seeker)]
            let candidates = plan.eligibility.openVacancies(during: group.days)
                .filter { Eligibility.admits(seeker: seeker, vacancy: snapshot.vacancies[$0]) }
            let positives = group.rows.filter { $0.label > 0 }.map { Int($0.vacancy) }.filter(candidates.contains)
            guard !positives.isEmpty else { continue }
            groups += 1
            let row = space.encode(seeker)
            let score = Dictionary(uniqueKeysWithValues: candidates.map { item in
                (item, zip(row, vacancyRows.row(item)).reduce(Float(0)) { $0 + $1.0 * $1.1 })
            })
            for (slot, k) in ks.enumerated() {
                var low = 0, high = 0
                for positive in positives {
                    let above = score.values.filter { $0 > score[positive]! + 1e-5 }.count
                    let atLeast = score.values.filter { $0 >= score[positive]! - 1e-5 }.count - 1
                    if atLeast < k { low += 1 }
                    if above < k { high += 1 }
                }
                pessimistic[slot] += Double(low) / Double(positives.count)
                optimistic[slot] += Double(high) / Double(positives.count)
            }
        }
        #expect(groups == probe.groupCount)
        let recall = probe.recall(weights: weights, at: ks)
        for slot in ks.indices {
            let low = pessimistic[slot] / Double(groups), high = optimistic[slot] / Double(groups)
            #expect(recall[slot] >= low - 1e-9 && recall[slot] <= high + 1e-9,
                    "recall@\(ks[slot]) \(recall[slot]) outside \(low)…\(high)")
        }
        // Not every positive is first, and the depth of the list matters.
        #expect(recall[0] < recall[3])
        #expect(zip(recall, recall.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func aLongEnoughListHoldsEveryPositive() async throws {
        let fixture = try await learningFixture()
        let split = fixture.split
        let snapshot = try fixture.store.snapshot(from: split.trainFrom, through: split.testThrough)
        let probe = try RetrievalProbe(space: fixture.space, snapshot: snapshot, period: split.period(of: .valid),
                                       labelsThrough: split.validThrough, groupLimit: 10, seed: 3)
        #expect(probe.groupCount <= 10 && probe.groupCount > 0)
        #expect(probe.recall(weights: BlockWeights(), at: Int(probe.meanCandidates * 3) + 1) == 1)
        // The sample follows the seed.
        let again = try RetrievalProbe(space: fixture.space, snapshot: snapshot, period: split.period(of: .valid),
                                       labelsThrough: split.validThrough, groupLimit: 10, seed: 3)
        #expect(again.similarities == probe.similarities)
    }

    /// Ties are broken at random in expectation: with all 9 candidates tied, a positive is in
    /// the top k with chance k / 9; one candidate above it shifts that by one place.
    @Test func tiesCountByChance() {
        let group = RetrievalProbe.Group(candidates: 9, offset: 0, positives: [4])
        let probe = RetrievalProbe(groups: [group], similarities: [Float](repeating: 0.5, count: 45))
        #expect(probe.recall(weights: BlockWeights(), at: [1, 4, 9, 20]) == [1.0 / 9, 4.0 / 9, 1, 1])
        var similarities = [Float](repeating: 0.5, count: 45)
        similarities[0] = 0.9  // text block of candidate 0
        let shifted = RetrievalProbe(groups: [group], similarities: similarities)
        #expect(shifted.recall(weights: BlockWeights(), at: [1, 2, 9]) == [0, 1.0 / 8, 1])
    }

    /// Only the skills block tells the chosen vacancy apart; the others are noise. Coordinate
    /// ascent must find it and lift recall@1 well above the fitted weights'.
    @Test func theTunerFindsTheInformativeBlock() throws {
        var random = SeededGenerator(seed: 11)
        let candidates = 40
        var groups: [RetrievalProbe.Group] = []
        var similarities: [Float] = []
        for _ in 0..<150 {
            let positive = Int.random(in: 0..<candidates, using: &random)
            groups.append(.init(candidates: candidates, offset: similarities.count, positives: [Int32(positive)]))
            for block in FeatureBlock.allCases {
                for candidate in 0..<candidates {
                    if block == .skills {
                        similarities.append(candidate == positive ? 0.8 : Float.random(in: 0..<0.7, using: &random))
                    } else {
                        similarities.append(Float.random(in: 0..<1, using: &random))
                    }
                }
            }
        }
        let probe = RetrievalProbe(groups: groups, similarities: similarities)
        let result = try BlockWeightTuner(k: 1).tune(from: BlockWeights(), on: probe)
        #expect(result.initialRecall < 0.5)
        #expect(result.recall > 0.9)
        #expect(FeatureBlock.allCases.allSatisfy { $0 == .skills || result.weights[$0] < result.weights.skills })
        #expect(abs(FeatureBlock.allCases.reduce(0) { $0 + result.weights[$1] } - 1) < 1e-5)
        #expect(probe.recall(weights: result.weights, at: 1) == result.recall)
    }

    /// Learnt on training weeks, kept only if validation agrees, reported on every part.
    @Test func tuningReportsEveryPart() async throws {
        let fixture = try await learningFixture()
        let tuning = BlockWeightTuning(split: fixture.split, tuner: BlockWeightTuner(k: 5, passes: 2), groupLimit: 200)
        let report = try await tuning.run(store: fixture.store, space: fixture.space)
        #expect(report.parts.map(\.part) == TimeSplit.Part.allCases)
        #expect(report.ks.contains(5))
        let slot = report.ks.firstIndex(of: 5)!
        let train = report.parts[0], valid = report.parts[1]
        #expect(train.learntRecall[slot] >= train.fittedRecall[slot])
        #expect(report.adopted == (valid.learntRecall[slot] > valid.fittedRecall[slot] + tuning.tuner.minimumGain))
        #expect(report.chosen == (report.adopted ? report.learnt : report.fitted))
        #expect(report.parts.allSatisfy { $0.groups > 0 && $0.positives >= $0.groups })
    }
}
