import ArgumentParser
import Foundation
import MatchCore

struct FeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Fit a feature space on the central dataset, encode seekers or vacancies with it, tune its block weights.",
        discussion: "Formats and formulas: docs/features.md.",
        subcommands: [FitFeaturesCommand.self, EncodeFeaturesCommand.self, TuneFeaturesCommand.self]
    )
}

/// The snapshot a features command reads.
struct SnapshotOptions: ParsableArguments {
    @OptionGroup var dataset: DatasetOptions

    @Option(help: "The snapshot day (YYYY-MM-DD or DD/MM/YYYY, BE years allowed): active seekers and open vacancies on it.")
    var asOf: String

    func validate() throws {
        guard (try? Day(parsing: asOf)) != nil else { throw ValidationError("--as-of: not a day: use YYYY-MM-DD or DD/MM/YYYY") }
    }

    func load(quiet: Bool) throws -> Snapshot {
        guard FileManager.default.fileExists(atPath: dataset.db) else {
            throw ValidationError("\(dataset.db): no such dataset (create one with jobmatch import)")
        }
        let day = try Day(parsing: asOf)
        let started = ContinuousClock.now
        let snapshot = try MatchStore(path: dataset.db).snapshot(asOf: day)
        if !quiet {
            standardError("snapshot of \(day): \(snapshot.seekers.count) seekers, \(snapshot.vacancies.count) vacancies "
                + "(\(format((ContinuousClock.now - started).seconds, digits: 1)) s)\n")
        }
        return snapshot
    }
}

struct FitFeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a feature space on a snapshot's seekers and vacancies and save it (.jmfs).")

    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "Where to write the fitted space.")
    var out: String

    @Option(help: "Dense dimension of the text block.")
    var textDimension = FeatureConfiguration().textDimension

    @Option(help: "Dense dimension of the occupation block.")
    var occupationDimension = FeatureConfiguration().occupationDimension

    @Option(help: "Dense dimension of the skills block.")
    var skillDimension = FeatureConfiguration().skillDimension

    @Option(help: "Fit on at most this many seekers and vacancies (evenly spaced).")
    var maxFitDocuments = FeatureConfiguration().maximumFitDocuments

    @Option(help: "Seed of the randomized SVD.")
    var seed: UInt64 = 1

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func run() async throws {
        let corpus = try snapshot.load(quiet: quiet)
        var configuration = FeatureConfiguration()
        configuration.textDimension = textDimension
        configuration.occupationDimension = occupationDimension
        configuration.skillDimension = skillDimension
        configuration.maximumFitDocuments = maxFitDocuments
        configuration.seed = seed
        try configuration.validate()
        let started = ContinuousClock.now
        let space = try FeatureSpace.fit(seekers: corpus.seekers, vacancies: corpus.vacancies, configuration: configuration) { step in
            if !quiet { standardError("fitting: \(step)\n") }
        }
        try space.save(to: out)
        if !quiet {
            let summary = space.summary
            standardError("""
                fitted in \(format((ContinuousClock.now - started).seconds, digits: 1)) s on \(summary.documents) documents: \
                dimension \(space.dimension); text vocabulary \(summary.textVocabulary) of \(summary.textTermsSeen) terms seen \
                (projection keeps \(format(100 * summary.textRetainedEnergy, digits: 1))%), skills \(summary.skillVocabulary), \
                occupation groups \(summary.occupationVocabulary)
                wrote \(out)

                """)
        }
    }
}

struct EncodeFeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a snapshot's seekers or vacancies with a fitted space into a float32 .npy matrix.",
        discussion: """
            Row i of --out is the seeker or vacancy whose pseudonymous key is row i of --keys \
            (int64 .npy): person keys for seekers, vacancy keys for vacancies; never an ID number.
            """)

    enum Side: String, ExpressibleByArgument, CaseIterable {
        case seekers, vacancies
    }

    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "The fitted space (.jmfs, from jobmatch features fit).")
    var space: String

    @Option(name: .customLong("for"), help: "What to encode: seekers or vacancies.")
    var side: Side

    @Option(help: "Where to write the rows (.npy, float32).")
    var out: String

    @Option(help: "Where to write the keys of the rows (.npy, int64).")
    var keys: String?

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func run() async throws {
        let fitted = try FeatureSpace.load(from: space)
        let corpus = try snapshot.load(quiet: quiet)
        let count = side == .seekers ? corpus.seekers.count : corpus.vacancies.count
        let progress = quiet ? nil : ProgressLine(label: "encoding \(side.rawValue)", unit: side.rawValue)
        let report: @Sendable (Int) -> Void = { progress?.update($0, of: count) }
        let rows = side == .seekers
            ? fitted.encode(seekers: corpus.seekers, progress: report)
            : fitted.encode(vacancies: corpus.vacancies, progress: report)
        progress?.finish()
        let keyValues = side == .seekers ? corpus.seekers.map(\.person) : corpus.vacancies.map(\.key)
        let outFile = try StagedFile(destination: out)
        try NPY.write(rows, to: outFile)
        var files = [outFile]
        if let keys {
            let keysFile = try StagedFile(destination: keys)
            try NPY.write(DenseMatrix<Int64>(rows: keyValues.count, columns: 1, elements: keyValues), to: keysFile)
            files.append(keysFile)
        }
        try StagedFile.commit(files)
        if !quiet { standardError("wrote \(rows.rows) × \(rows.columns) to \(out)\(keys.map { " and their keys to \($0)" } ?? "")\n") }
    }
}
