import Foundation

/// Training, validation and test examples of a ``TimeSplit`` written as LETOR files
/// (`train.txt`, `valid.txt`, `test.txt` in a folder): what `jobmatch examples` runs.
///
/// Each part is built from the snapshot of its own period with its labels cut at its end
/// (``ExampleBuilder``), all with the same fitted space; group ids run on across the parts, so a
/// qid names one group in all three files.
public struct ExampleExport: Sendable {
    /// What one part holds.
    public struct Summary: Sendable, Equatable {
        public var part: TimeSplit.Part
        public var period: ClosedRange<Day>
        public var groups: Int
        public var rows: Int
        /// Rows by label: index 0 (not chosen) to 3 (hired).
        public var labels: [Int]
        /// The file written.
        public var file: String
    }

    public var split: TimeSplit
    public var options: ExampleOptions

    public init(split: TimeSplit, options: ExampleOptions = ExampleOptions()) {
        self.split = split
        self.options = options
    }

    /// The space for a split when none is given: fitted on the snapshot of the training end
    /// day, so features never see the validation or test weeks.
    public static func fitSpace(store: MatchStore, split: TimeSplit, configuration: FeatureConfiguration = FeatureConfiguration()) throws -> FeatureSpace {
        let snapshot = try store.snapshot(asOf: split.trainThrough)
        return try FeatureSpace.fit(seekers: snapshot.seekers, vacancies: snapshot.vacancies, configuration: configuration)
    }

    /// Builds and writes the three parts into `directory` (created if missing), one part in
    /// memory at a time.
    /// - Parameter progress: the part and where its build is.
    /// - Returns: one summary per part, in time order.
    /// - Throws: store, search and file errors; `CancellationError`.
    public func write(
        store: MatchStore, space: FeatureSpace, to directory: String,
        progress: (@Sendable (TimeSplit.Part, ExampleProgress) -> Void)? = nil
    ) async throws -> [Summary] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let builder = ExampleBuilder(space: space, options: options)
        var summaries: [Summary] = []
        var nextGroup: Int64 = 1
        for part in TimeSplit.Part.allCases {
            let period = split.period(of: part)
            let examples = try await builder.examples(
                store: store, from: period.lowerBound, through: period.upperBound, labelsThrough: split.cutoff(of: part),
                firstGroupID: nextGroup) { progress?(part, $0) }
            nextGroup += Int64(examples.groupCount)
            let file = (directory as NSString).appendingPathComponent("\(part.rawValue).txt")
            try LETORFile.write(examples, to: file)
            summaries.append(Summary(part: part, period: period, groups: examples.groupCount, rows: examples.rowCount,
                                     labels: examples.labelCounts, file: file))
        }
        return summaries
    }
}

extension RankingExamples {
    /// Rows by integer label 0 … 3 (a label outside is counted in the nearest end).
    public var labelCounts: [Int] {
        var counts = [0, 0, 0, 0]
        for label in labels { counts[Swift.max(0, Swift.min(3, Int(label.rounded())))] += 1 }
        return counts
    }
}
