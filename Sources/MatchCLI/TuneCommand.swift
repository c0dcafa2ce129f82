import ArgumentParser
import Foundation
import MatchCore

struct TuneFeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Learn a space's block weights from outcomes so that what seekers chose lands in the retrieved top K; report retrieval recall@K.",
        discussion: """
            Samples groups (a seeker's week of applications) in the training, validation and test weeks, \
            learns the weights on training by coordinate ascent on recall@K, and writes the space with \
            them to --out only if they also raise recall@K on validation (else with the fitted ones). \
            Prints recall@K for both on every part; the test line is the honest figure. Split: as in \
            jobmatch examples. Method and its limits: docs/scorer.md.
            """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: "The fitted space (.jmfs).")
    var space: String

    @Option(help: "Where to write the space with the chosen weights (.jmfs).")
    var out: String

    @OptionGroup var days: SplitOptions

    @Option(help: "The K of the recall raised: the depth of the candidate list the scorer re-ranks.")
    var k = BlockWeightTuner().k

    @Option(help: "Groups sampled per part (memory: about groups × open vacancies × 20 bytes).")
    var groups = 1000

    @Option(help: "Passes of coordinate ascent at most.")
    var passes = BlockWeightTuner().passes

    @Option(help: "Seed of the group sample.")
    var seed: UInt64 = 1

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be positive") }
        guard groups > 0 else { throw ValidationError("--groups must be positive") }
        guard passes > 0 else { throw ValidationError("--passes must be positive") }
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: dataset.db) else {
            throw ValidationError("\(dataset.db): no such dataset (create one with jobmatch import)")
        }
        let started = ContinuousClock.now
        let fitted = try FeatureSpace.load(from: space)
        let store = try MatchStore(path: dataset.db)
        let split = try days.split(store: store, path: dataset.db)
        if !quiet { standardError("split: \(split)\n") }
        let tuning = BlockWeightTuning(split: split, tuner: BlockWeightTuner(k: k, passes: passes), groupLimit: groups, seed: seed)
        let lines = quiet ? nil : Dictionary(uniqueKeysWithValues: TimeSplit.Part.allCases.map { part in
            (part, ProgressLine(label: "probing \(part.rawValue)", unit: "weeks"))
        })
        let report = try await tuning.run(store: store, space: fitted) { step in
            switch step {
            case .probing(let part, let weeks, let total): lines?[part]?.update(weeks, of: total)
            case .tuning(let pass, let recall):
                if pass == 1 { for part in TimeSplit.Part.allCases { lines?[part]?.finish() } }
                if !quiet { standardError("tuning: pass \(pass), recall@\(k) on training \(format(recall, digits: 4))\n") }
            }
        }
        try fitted.reweighted(report.chosen).save(to: out)

        let blocks = FeatureBlock.allCases
        func weights(_ name: String, _ weights: BlockWeights) -> String {
            name.padding(toLength: 9, withPad: " ", startingAt: 0) + blocks.map { format(Double(weights[$0]), digits: 3).leftPadded(to: 11) }.joined()
        }
        print("block weights")
        print("".padding(toLength: 9, withPad: " ", startingAt: 0) + blocks.map { $0.rawValue.leftPadded(to: 11) }.joined())
        print(weights("fitted", report.fitted))
        print(weights("learnt", report.learnt))
        print("")
        print("retrieval recall@K (share of a group's chosen vacancies in its top K, mean over groups)")
        print("part".padding(toLength: 16, withPad: " ", startingAt: 0) + report.ks.map { "@\($0)".leftPadded(to: 8) }.joined()
            + "   groups  positives  candidates")
        for part in report.parts {
            for (name, recall) in [("fitted", part.fittedRecall), ("learnt", part.learntRecall)] {
                print("\(part.part.rawValue) \(name)".padding(toLength: 16, withPad: " ", startingAt: 0)
                    + recall.map { format($0, digits: 3).leftPadded(to: 8) }.joined()
                    + "\(part.groups)".leftPadded(to: 9) + "\(part.positives)".leftPadded(to: 11)
                    + format(part.meanCandidates, digits: 0).leftPadded(to: 12))
            }
        }
        let valid = report.parts.first { $0.part == .valid }!
        let slot = report.ks.firstIndex(of: report.k)!
        print("")
        print(report.adopted
            ? "adopted the learnt weights: validation recall@\(report.k) \(format(valid.fittedRecall[slot], digits: 3)) → \(format(valid.learntRecall[slot], digits: 3))"
            : "kept the fitted weights: the learnt ones do not raise validation recall@\(report.k) (\(format(valid.fittedRecall[slot], digits: 3)) → \(format(valid.learntRecall[slot], digits: 3)))")
        if !quiet {
            let outside = report.parts.reduce(0) { $0 + $1.positivesOutside }
            standardError("wrote \(out) (\(report.evaluations) weightings tried; \(outside) chosen vacancies were not open to their seeker that week and are left out) "
                + "in \(format((ContinuousClock.now - started).seconds, digits: 1)) s\n")
        }
    }
}

extension String {
    /// Right-aligned in `width` columns (never cut).
    func leftPadded(to width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
