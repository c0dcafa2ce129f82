import ArgumentParser
import Foundation
import MatchCore

struct ExamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "Write training, validation and test examples (LETOR files) from the central dataset's events, split by time.",
        discussion: """
            Writes OUT/train.txt, OUT/valid.txt and OUT/test.txt (label qid:N 1:v 2:v ... # person=K vacancy=K) \
            with OUT/*.txt.features.json, the feature names. Without --train-through, --valid-through and \
            --test-through: test is the last 4 weeks up to the last event, validation the 4 weeks before, \
            training everything before. Without --space, a space is fitted on the snapshot of the training \
            end day and saved as OUT/space.jmfs. Groups, labels and negatives: docs/scorer.md.
            """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: "The fitted space (.jmfs); by default one is fitted on the training end day and saved as OUT/space.jmfs.")
    var space: String?

    @Option(help: "The folder to write the files into (created if missing).")
    var out: String?

    @Option(help: "Instead of writing examples: read this LETOR file, check it and print its groups, rows and labels.")
    var read: String?

    @Option(help: "With --read: also write the rows as NumPy files PREFIX.x.npy (float32, rows × features, NaN = unknown), PREFIX.y.npy (labels) and PREFIX.groups.npy (group sizes, int64), for tools that cannot read qid (LightGBM's own parser).")
    var npy: String?

    @OptionGroup var days: SplitOptions

    @Option(help: "Negatives per group the seeker viewed in the week but did not apply to (at most).")
    var viewed = ExampleOptions().viewed

    @Option(help: "Negatives per group sampled from the retrieval top-k.")
    var hard = ExampleOptions().hard

    @Option(help: "Negatives per group sampled uniformly among the eligible vacancies.")
    var random = ExampleOptions().random

    @Option(help: "Depth of the retrieval list the hard negatives come from.")
    var topK = ExampleOptions().topK

    @Option(help: "Seed of the sampling.")
    var seed: UInt64 = ExampleOptions().seed

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    var options: ExampleOptions { ExampleOptions(viewed: viewed, hard: hard, random: random, topK: topK, seed: seed) }

    func validate() throws {
        if npy != nil, read == nil { throw ValidationError("--npy goes with --read") }
        guard (out == nil) != (read == nil) else { throw ValidationError("give --out to write examples, or --read to check a file") }
        do { try options.validate() } catch { throw ValidationError(error.message) }
    }

    func run() async throws {
        if let read {
            let started = ContinuousClock.now
            let examples = try LETORFile.read(from: read)
            let seconds = (ContinuousClock.now - started).seconds
            let labels = examples.labelCounts
            print("\(read): \(examples.groupCount) groups, \(examples.rowCount) rows × \(examples.featureCount) features "
                + "(hire \(labels[3]), interview \(labels[2]), apply \(labels[1]), negative \(labels[0])), "
                + "keys \(examples.keys.isEmpty ? "no" : "yes"); read in \(format(seconds, digits: 2)) s")
            if let npy {
                try NPY.write(Matrix(rows: examples.rowCount, columns: examples.featureCount, elements: examples.values), to: npy + ".x.npy")
                try NPY.write(Matrix(rows: examples.rowCount, columns: 1, elements: examples.labels), to: npy + ".y.npy")
                let sizes = (0..<examples.groupCount).map { Int64(examples.rows(ofGroup: $0).count) }
                try NPY.write(DenseMatrix<Int64>(rows: sizes.count, columns: 1, elements: sizes), to: npy + ".groups.npy")
            }
            return
        }
        guard let out else { return }
        guard FileManager.default.fileExists(atPath: dataset.db) else {
            throw ValidationError("\(dataset.db): no such dataset (create one with jobmatch import)")
        }
        let started = ContinuousClock.now
        let store = try MatchStore(path: dataset.db)
        let split = try days.split(store: store, path: dataset.db)
        if !quiet { standardError("split: \(split)\n") }

        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let fitted: FeatureSpace
        if let space {
            fitted = try FeatureSpace.load(from: space)
        } else {
            fitted = try ExampleExport.fitSpace(store: store, split: split)
            let path = (out as NSString).appendingPathComponent("space.jmfs")
            try fitted.save(to: path)
            if !quiet { standardError("fitted a space on the snapshot of \(split.trainThrough): dimension \(fitted.dimension); wrote \(path)\n") }
        }

        let lines = quiet ? nil : Dictionary(uniqueKeysWithValues: TimeSplit.Part.allCases.map { part in
            (part, ProgressLine(label: "\(part.rawValue) examples", unit: "groups"))
        })
        let summaries = try await ExampleExport(split: split, options: options).write(store: store, space: fitted, to: out) { part, step in
            if case .extracting(let groups, let total) = step { lines?[part]?.update(groups, of: total) }
        }
        for part in TimeSplit.Part.allCases { lines?[part]?.finish() }
        if !quiet {
            for summary in summaries {
                let labels = summary.labels
                standardError("""
                    \(summary.part.rawValue): \(summary.period.lowerBound)…\(summary.period.upperBound): \(summary.groups) groups, \
                    \(summary.rows) rows (hire \(labels[3]), interview \(labels[2]), apply \(labels[1]), negative \(labels[0])) \
                    → \(summary.file)

                    """)
            }
            standardError("done in \(format((ContinuousClock.now - started).seconds, digits: 1)) s\n")
        }
    }
}

/// The days of a ``TimeSplit``: all three, or none for the default split of the stored events.
struct SplitOptions: ParsableArguments {
    @Option(help: "The last day of training (YYYY-MM-DD).")
    var trainThrough: String?

    @Option(help: "The last day of validation.")
    var validThrough: String?

    @Option(help: "The last day of the test period.")
    var testThrough: String?

    func validate() throws {
        let days = [trainThrough, validThrough, testThrough]
        guard days.allSatisfy({ $0 == nil }) || days.allSatisfy({ $0 != nil }) else {
            throw ValidationError("give all three of --train-through, --valid-through and --test-through, or none")
        }
        for (name, day) in [("--train-through", trainThrough), ("--valid-through", validThrough), ("--test-through", testThrough)] {
            if let day, (try? Day(parsing: day)) == nil { throw ValidationError("\(name): not a day: use YYYY-MM-DD or DD/MM/YYYY") }
        }
    }

    /// The split given, or by default: test = the last 4 weeks up to the last event, validation
    /// the 4 weeks before, training everything before.
    func split(store: MatchStore, path: String) throws -> TimeSplit {
        guard let events = try store.eventDays() else { throw ValidationError("\(path): no events") }
        if let trainThrough, let validThrough, let testThrough {
            let train = try Day(parsing: trainThrough)
            return try TimeSplit(trainFrom: min(events.lowerBound, train), trainThrough: train,
                                 validThrough: try Day(parsing: validThrough), testThrough: try Day(parsing: testThrough))
        }
        return try TimeSplit.default(firstDay: events.lowerBound, lastDay: events.upperBound)
    }
}
