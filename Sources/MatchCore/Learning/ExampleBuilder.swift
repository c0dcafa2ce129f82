import Foundation

/// How many negatives of each kind a group gets, and the seed that samples them.
public struct ExampleOptions: Sendable, Hashable, Codable {
    /// Vacancies the seeker viewed in the week but did not apply to (real exposure).
    public var viewed: Int
    /// Vacancies sampled from the retrieval top ``topK`` (what the engine itself would show).
    public var hard: Int
    /// Vacancies sampled uniformly among the eligible ones.
    public var random: Int
    /// How deep the retrieval list that hard negatives come from goes.
    public var topK: Int
    /// The seed of every sampling choice: the same seed gives the same examples.
    public var seed: UInt64

    public init(viewed: Int = 10, hard: Int = 10, random: Int = 5, topK: Int = 100, seed: UInt64 = 1) {
        self.viewed = viewed
        self.hard = hard
        self.random = random
        self.topK = topK
        self.seed = seed
    }

    /// Checks the counts.
    /// - Throws: ``ExampleOptionsError`` naming the bad option.
    public func validate() throws(ExampleOptionsError) {
        for (name, value) in [("viewed", viewed), ("hard", hard), ("random", random)] where value < 0 {
            throw ExampleOptionsError(message: "\(name): a negative count \(value)")
        }
        guard topK >= hard, topK > 0 else { throw ExampleOptionsError(message: "top-k \(topK) must be positive and at least hard (\(hard))") }
        guard viewed + hard + random > 0 else { throw ExampleOptionsError(message: "no negatives asked for") }
    }
}

/// Sampling options that cannot work.
public struct ExampleOptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Where a build is, for a progress line.
public enum ExampleProgress: Sendable, Equatable {
    case encoding(rows: Int, of: Int)
    case retrieving(weeks: Int, of: Int)
    case extracting(groups: Int, of: Int)
}

/// Builds training examples from the central dataset's events: one group per seeker and
/// calendar week in which the seeker applied, graded positives, and negatives among the
/// vacancies eligible for that seeker on the day (see `docs/scorer.md`, "Training examples").
///
/// ```swift
/// let builder = ExampleBuilder(space: space, options: ExampleOptions(seed: 7))
/// let train = try await builder.examples(store: store, from: split.trainFrom, through: split.trainThrough)
/// ```
///
/// - Groups: a seeker × a Monday-start week (Bangkok days, clipped to the period) holding the
///   seeker's first application to at least one vacancy; ids run in time order from
///   `firstGroupID`.
/// - Labels: the furthest stage the pair reached by the cut-off: hire 3, interview 2, apply 1
///   (a withdrawal or a rejection after it keeps the stage reached).
/// - Negatives, label 0, distinct, eligible (``Eligibility``) on the day of the seeker's first
///   application of the week and never applied to by the seeker before the cut-off: up to
///   ``ExampleOptions/viewed`` viewed in the week, ``ExampleOptions/hard`` sampled from the
///   retrieval top ``ExampleOptions/topK`` by the space's inner product, and
///   ``ExampleOptions/random`` uniform. A group with no negative is left out.
/// - Rows of a group are in a seeded random order (not positives first, which would reward a
///   model that ties its scores).
public struct ExampleBuilder: Sendable {
    public let space: FeatureSpace
    public var options: ExampleOptions
    /// Blocks and threads of the retrieval search.
    public var search = SearchConfiguration.default

    public init(space: FeatureSpace, options: ExampleOptions = ExampleOptions()) {
        self.space = space
        self.options = options
    }

    /// The examples of the period `from` through `through`, labels cut at `labelsThrough`
    /// (default: `through`), from the store's snapshot of that period.
    /// - Throws: store errors; `CancellationError`.
    public func examples(
        store: MatchStore, from: Day, through: Day, labelsThrough: Day? = nil, firstGroupID: Int64 = 1,
        progress: (@Sendable (ExampleProgress) -> Void)? = nil
    ) async throws -> RankingExamples {
        let cutoff = labelsThrough ?? through
        precondition(from <= through && through <= cutoff, "the period must end by the label cut-off")
        let snapshot = try store.snapshot(from: from, through: cutoff)
        return try await examples(snapshot: snapshot, from: from, through: through, labelsThrough: cutoff,
                                  firstGroupID: firstGroupID, progress: progress)
    }

    /// The examples of the period `from` through `through` from a snapshot that spans it and
    /// reaches `labelsThrough` (``MatchStore/snapshot(from:through:)``); events after the end of
    /// `labelsThrough` are not seen.
    /// - Throws: `CancellationError`; search errors.
    public func examples(
        snapshot: Snapshot, from: Day, through: Day, labelsThrough: Day? = nil, firstGroupID: Int64 = 1,
        progress: (@Sendable (ExampleProgress) -> Void)? = nil
    ) async throws -> RankingExamples {
        let cutoff = labelsThrough ?? through
        precondition(from <= through && through <= cutoff, "the period must end by the label cut-off")
        precondition(snapshot.from <= from && cutoff <= snapshot.asOf, "the snapshot does not span the period")
        var plan = ExamplePlan(snapshot: snapshot, from: from, through: through, cutoff: cutoff, options: options)
        guard !plan.groups.isEmpty else { return RankingExamples(schema: PairFeatures.schema) }

        // Rows of the space, once per seeker and vacancy.
        let seekers = plan.groups.map(\.seeker)
        let uniqueSeekers = Array(Set(seekers)).sorted()
        let seekerRow = Dictionary(uniqueKeysWithValues: uniqueSeekers.enumerated().map { ($1, $0) })
        let profiles = uniqueSeekers.map { snapshot.seekers[Int($0)] }
        let total = profiles.count + snapshot.vacancies.count
        let seekerRows = space.encode(seekers: profiles) { progress?(.encoding(rows: $0, of: total)) }
        let vacancyRows = space.encode(vacancies: snapshot.vacancies) { progress?(.encoding(rows: profiles.count + $0, of: total)) }

        try await plan.retrieve(seekerRows: seekerRows, seekerRow: seekerRow, vacancyRows: vacancyRows, search: search, progress: progress)
        plan.sampleNegatives()
        try Task.checkCancellation()
        return extract(plan: plan, snapshot: snapshot, profiles: profiles, seekerRow: seekerRow,
                       seekerRows: seekerRows, vacancyRows: vacancyRows, firstGroupID: firstGroupID, progress: progress)
    }

    /// Pair features of every planned row, groups spread over all cores.
    private func extract(
        plan: ExamplePlan, snapshot: Snapshot, profiles: [SeekerProfile], seekerRow: [Int32: Int],
        seekerRows: Matrix, vacancyRows: Matrix, firstGroupID: Int64, progress: (@Sendable (ExampleProgress) -> Void)?
    ) -> RankingExamples {
        let groups = plan.groups.filter { !$0.rows.isEmpty && $0.rows.contains { $0.label == 0 } }
        var offsets = [0]
        offsets.reserveCapacity(groups.count + 1)
        for group in groups { offsets.append(offsets.last! + group.rows.count) }
        let rowCount = offsets.last!
        let rowOffsets = offsets
        let width = PairFeatures.schema.count
        let extractor = PairFeatureExtractor(space: space, seekers: profiles, vacancies: snapshot.vacancies)
        var values = [Float](repeating: 0, count: rowCount * width)
        var labels = [Float](repeating: 0, count: rowCount)
        var keys = [PairKey](repeating: PairKey(person: 0, vacancy: 0), count: rowCount)
        let chunk = 256
        let chunks = (groups.count + chunk - 1) / chunk
        let next = ProgressCounter(), done = ProgressCounter()
        values.withUnsafeMutableBufferPointer { valueBuffer in
            labels.withUnsafeMutableBufferPointer { labelBuffer in
                keys.withUnsafeMutableBufferPointer { keyBuffer in
                    let valuePointer = SharedPointer(valueBuffer.baseAddress!)
                    let labelPointer = SharedPointer(labelBuffer.baseAddress!)
                    let keyPointer = SharedPointer(keyBuffer.baseAddress!)
                    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, chunks))
                    DispatchQueue.concurrentPerform(iterations: workers) { _ in
                        while true {
                            let index = next.add(1) - 1
                            guard index < chunks else { break }
                            let range = index * chunk..<min(groups.count, (index + 1) * chunk)
                            for groupIndex in range {
                                let group = groups[groupIndex]
                                let seeker = seekerRow[group.seeker]!
                                let seekerVector = seekerRows.row(seeker)
                                let person = snapshot.seekers[Int(group.seeker)].person
                                for (position, row) in group.rows.enumerated() {
                                    let at = rowOffsets[groupIndex] + position
                                    let features = extractor.features(
                                        seeker: seeker, vacancy: Int(row.vacancy),
                                        seekerRow: seekerVector, vacancyRow: vacancyRows.row(Int(row.vacancy)))
                                    for column in 0..<width { (valuePointer.base + at * width + column).pointee = features.values[column] }
                                    (labelPointer.base + at).pointee = row.label
                                    (keyPointer.base + at).pointee = PairKey(person: person, vacancy: snapshot.vacancies[Int(row.vacancy)].key)
                                }
                            }
                            progress?(.extracting(groups: done.add(range.count), of: groups.count))
                        }
                    }
                }
            }
        }
        let ids = (0..<Int64(groups.count)).map { firstGroupID + $0 }
        return RankingExamples.flat(schema: PairFeatures.schema, values: values, labels: labels,
                                    groupOffsets: offsets, groupIDs: ids, keys: keys)
    }
}

extension Day {
    /// The Monday of this day's week (weeks start on Monday).
    public var weekStart: Day {
        // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays.
        let weekday = ((Int(daysSince1970) + 3) % 7 + 7) % 7
        return self - weekday
    }
}
