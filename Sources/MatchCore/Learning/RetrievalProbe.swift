import Foundation

/// How well retrieval by a space's inner product puts what seekers really chose inside its top K:
/// retrieval recall@K, measured on a sample of outcome groups, for any ``BlockWeights`` without
/// re-encoding.
///
/// A group is a seeker's week of first applications in a period (as in ``ExampleBuilder``); its
/// positives are the vacancies applied to (or further) that week, its candidates every vacancy
/// open during the week that the seeker may see (``Eligibility/admits(seeker:vacancy:)``). The
/// probe keeps, per group and candidate, the five block similarities (the cosines of
/// ``FeatureBlock``, or the shortened block's inner product), so the retrieval score under any
/// weights is their weighted sum, and a positive is in the top K if fewer than K candidates
/// score above it (with ties, the chance that random tie-breaking puts it there).
///
/// Recall@K of a group is the (expected) share of its positives in the top K; the probe's
/// recall is the mean over groups. Nothing is excluded from the candidates (not even vacancies applied to
/// in earlier weeks), so the figure is what a search of the open vacancies returns.
///
/// Memory: about `groups × candidates × 20` bytes (1,000 groups of 10,000 candidates: 200 MB).
///
/// ```swift
/// let probe = try RetrievalProbe(space: space, snapshot: snapshot, period: split.period(of: .test),
///                                labelsThrough: split.testThrough)
/// probe.recall(weights: space.configuration.weights, at: [10, 100])
/// ```
public struct RetrievalProbe: Sendable {
    struct Group: Sendable {
        var candidates: Int
        /// Where the group's similarities start: `blocks` runs of `candidates` values.
        var offset: Int
        /// Positions of the positives among the candidates.
        var positives: [Int32]
    }

    static let blocks = FeatureBlock.allCases

    let groups: [Group]
    /// Per group, block-major: `similarities[offset + block * candidates + candidate]`.
    let similarities: [Float]

    /// Groups sampled (those with at least one positive among their candidates).
    public var groupCount: Int { groups.count }
    /// Positives over all groups.
    public var positiveCount: Int { groups.reduce(0) { $0 + $1.positives.count } }
    /// Candidates per group, on average.
    public var meanCandidates: Double { groups.isEmpty ? 0 : Double(groups.reduce(0) { $0 + $1.candidates }) / Double(groups.count) }
    /// Positives left out because the vacancy was not among the group's candidates (it closed,
    /// filled, or the rules hide it from the seeker).
    public private(set) var positivesOutside = 0

    init(groups: [Group], similarities: [Float], positivesOutside: Int = 0) {
        precondition(groups.allSatisfy { $0.offset + Self.blocks.count * $0.candidates <= similarities.count })
        self.groups = groups
        self.similarities = similarities
        self.positivesOutside = positivesOutside
    }

    /// Samples up to `groupLimit` groups of the period from the snapshot and computes their
    /// candidates' block similarities (one product per block and week through BLAS).
    ///
    /// - Parameters:
    ///   - period: the days whose first applications make the groups.
    ///   - labelsThrough: the last day whose events count (default: the period's end).
    ///   - groupLimit: groups kept, a seeded uniform sample; all when fewer.
    ///   - progress: weeks done and weeks in all.
    /// - Throws: `BLASUnavailableError`; `CancellationError`.
    public init(
        space: FeatureSpace, snapshot: Snapshot, period: ClosedRange<Day>, labelsThrough: Day? = nil,
        groupLimit: Int = 1000, seed: UInt64 = 1, progress: (@Sendable (_ weeks: Int, _ of: Int) -> Void)? = nil
    ) throws {
        try self.init(space: space, snapshot: snapshot, period: period, labelsThrough: labelsThrough, groupLimit: groupLimit,
                      seed: seed, vacancyRows: nil, progress: progress)
    }

    /// `vacancyRows`: the snapshot's vacancies encoded by ``uniformSpace(_:)``, when already done.
    init(
        space: FeatureSpace, snapshot: Snapshot, period: ClosedRange<Day>, labelsThrough: Day?,
        groupLimit: Int, seed: UInt64, vacancyRows: Matrix?, progress: (@Sendable (_ weeks: Int, _ of: Int) -> Void)?
    ) throws {
        precondition(groupLimit > 0, "a probe of no groups")
        let cutoff = labelsThrough ?? period.upperBound
        precondition(snapshot.from <= period.lowerBound && cutoff <= snapshot.asOf, "the snapshot does not span the period")
        let plan = ExamplePlan(snapshot: snapshot, from: period.lowerBound, through: period.upperBound, cutoff: cutoff,
                               options: ExampleOptions())
        var chosen = Array(plan.groups.indices)
        var random = SeededGenerator(seed: seed)
        chosen.shuffle(using: &random)
        chosen = Array(chosen.prefix(groupLimit)).sorted()

        let uniform = Self.uniformSpace(space)
        let blockScale = Float(Self.blocks.count)
        let vacancyRows = vacancyRows ?? uniform.encode(vacancies: snapshot.vacancies)
        precondition(vacancyRows.rows == snapshot.vacancies.count && vacancyRows.columns == uniform.dimension, "rows of other vacancies")
        let ranges = Self.blocks.map { uniform.layout.range(of: $0) }
        func slice(_ rows: Matrix, _ indices: [Int], _ range: Range<Int>) -> Matrix {
            var elements: [Float] = []
            elements.reserveCapacity(indices.count * range.count)
            rows.withUnsafeBufferPointer { buffer in
                for index in indices { elements.append(contentsOf: buffer[index * rows.columns + range.lowerBound..<index * rows.columns + range.upperBound]) }
            }
            return Matrix(rows: indices.count, columns: range.count, elements: elements)
        }

        var weeks: [Day: [Int]] = [:]
        for index in chosen { weeks[plan.groups[index].week, default: []].append(index) }
        let order = weeks.keys.sorted()
        var groups: [Group] = []
        var similarities: [Float] = []
        var outside = 0
        for (done, week) in order.enumerated() {
            try Task.checkCancellation()
            let members = weeks[week]!
            let days = plan.groups[members[0]].days.lowerBound...members.map { plan.groups[$0].days.upperBound }.max()!
            let pool = plan.eligibility.openVacancies(during: days)
            let profiles = members.map { snapshot.seekers[Int(plan.groups[$0].seeker)] }
            let seekerRows = uniform.encode(seekers: profiles)
            let products = try ranges.map { range in
                try BLAS.multiply(slice(seekerRows, Array(profiles.indices), range), transposing: slice(vacancyRows, pool, range))
            }
            for (query, member) in members.enumerated() {
                let profile = profiles[query]
                let admitted = pool.indices.filter { Eligibility.admits(seeker: profile, vacancy: snapshot.vacancies[pool[$0]]) }
                var position = [Int32: Int32](minimumCapacity: admitted.count)
                for (at, item) in admitted.enumerated() { position[Int32(pool[item])] = Int32(at) }
                var positives: [Int32] = []
                for row in plan.groups[member].rows where row.label > 0 {
                    if let at = position[row.vacancy] { positives.append(at) } else { outside += 1 }
                }
                guard !positives.isEmpty else { continue }
                groups.append(Group(candidates: admitted.count, offset: similarities.count, positives: positives))
                for product in products {
                    product.withUnsafeBufferPointer { buffer in
                        let base = query * product.columns
                        for item in admitted { similarities.append(buffer[base + item] * blockScale) }
                    }
                }
            }
            progress?(done + 1, order.count)
        }
        self.init(groups: groups, similarities: similarities, positivesOutside: outside)
    }

    /// The space with equal block weights: each block's inner product is its similarity over
    /// the block count.
    static func uniformSpace(_ space: FeatureSpace) -> FeatureSpace {
        try! space.reweighted(BlockWeights(text: 1, occupation: 1, skills: 1, geography: 1, terms: 1))  // valid weights
    }

    /// Recall@K for each of `ks` under `weights` (normalised to sum to 1; the ranking does not
    /// depend on their scale), groups spread over the cores.
    public func recall(weights: BlockWeights, at ks: [Int]) -> [Double] {
        guard !groups.isEmpty else { return ks.map { _ in 0 } }
        let normalized = (try? weights.normalized()) ?? weights
        let w = Self.blocks.map { normalized[$0] }
        // Per group and K, the share of positives in the top K; summed in group order afterwards.
        var shares = [Double](repeating: 0, count: groups.count * ks.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groups.count / 16))
        shares.withUnsafeMutableBufferPointer { output in
            let out = SharedPointer(output.baseAddress!)
            similarities.withUnsafeBufferPointer { buffer in
                let sims = SharedPointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var scores = [Float]()
                    var index = worker
                    while index < groups.count {
                        let group = groups[index]
                        Self.scores(group: group, similarities: UnsafePointer(sims.base), weights: w, into: &scores)
                        let places = group.positives.map { Self.place(of: Int($0), in: scores) }
                        for (slot, k) in ks.enumerated() {
                            var hits = 0.0
                            for place in places { hits += place.chanceInTop(k) }
                            (out.base + index * ks.count + slot).pointee = hits / Double(group.positives.count)
                        }
                        index += workers
                    }
                }
            }
        }
        return ks.indices.map { slot in
            var total = 0.0
            for index in groups.indices { total += shares[index * ks.count + slot] }
            return total / Double(groups.count)
        }
    }

    /// Recall@K under `weights`.
    public func recall(weights: BlockWeights, at k: Int) -> Double { recall(weights: weights, at: [k])[0] }

    static func scores(group: Group, similarities: UnsafePointer<Float>, weights: [Float], into scores: inout [Float]) {
        let count = group.candidates
        scores.removeAll(keepingCapacity: true)
        scores.append(contentsOf: repeatElement(0, count: count))
        scores.withUnsafeMutableBufferPointer { out in
            for (block, weight) in weights.enumerated() where weight != 0 {
                let base = group.offset + block * count
                for candidate in 0..<count { out[candidate] += weight * similarities[base + candidate] }
            }
        }
    }

    /// Where a candidate stands: how many score above it, and how many (itself included) tie.
    struct Place {
        var above: Int
        var tied: Int

        /// The chance that the candidate is in the top `k` when ties are broken at random: its
        /// place is uniform over `above ..< above + tied`.
        func chanceInTop(_ k: Int) -> Double { min(1, max(0, Double(k - above) / Double(tied))) }
    }

    static func place(of candidate: Int, in scores: [Float]) -> Place {
        let score = scores[candidate]
        var above = 0, tied = 0
        for value in scores {
            if value > score { above += 1 } else if value == score { tied += 1 }
        }
        return Place(above: above, tied: tied)
    }
}

/// Learns ``BlockWeights`` so that true outcomes land inside the retrieved top K: coordinate
/// ascent on a ``RetrievalProbe``'s recall@K (Metzler and Croft's method for linear rankers).
///
/// Each pass tries, block by block, the block's weight times each of ``factors`` (the others
/// kept, all renormalised) and keeps the best; a change must raise recall by more than
/// ``minimumGain``. It stops after ``passes`` passes or a pass without change. Recall on the
/// probe never falls; check the result on a later period (``BlockWeightTuning`` does).
public struct BlockWeightTuner: Sendable {
    /// The K of the recall being raised: the depth of the candidate list the scorer re-ranks.
    public var k: Int
    public var passes: Int
    /// Multipliers tried for a weight (a weight at 0 tries these times 0.1 of the mean weight).
    public var factors: [Float]
    public var minimumGain: Double

    public init(k: Int = 100, passes: Int = 4, factors: [Float] = [0, 0.25, 0.5, 0.75, 1.5, 2, 3, 5], minimumGain: Double = 1e-4) {
        precondition(k > 0 && passes > 0 && !factors.isEmpty, "k and passes must be positive, with factors to try")
        self.k = k
        self.passes = passes
        self.factors = factors
        self.minimumGain = minimumGain
    }

    public struct Result: Sendable {
        /// The weights learnt, normalised.
        public var weights: BlockWeights
        /// Recall@K on the probe before and after.
        public var initialRecall: Double
        public var recall: Double
        /// Weight vectors evaluated.
        public var evaluations: Int
    }

    /// - Parameter progress: the pass and the best recall so far.
    public func tune(from start: BlockWeights, on probe: RetrievalProbe,
                     progress: ((_ pass: Int, _ recall: Double) -> Void)? = nil) throws(FeatureSpaceError) -> Result {
        var best = try start.normalized()
        var bestRecall = probe.recall(weights: best, at: k)
        let initial = bestRecall
        var evaluations = 1
        for pass in 1...passes {
            var changed = false
            for block in FeatureBlock.allCases {
                let base = best, current = best[block]
                let mean = 1 / Float(FeatureBlock.allCases.count)
                var tried = Set<Float>([current])
                for factor in factors {
                    var candidate = base
                    candidate[block] = current > 0 ? current * factor : mean * 0.1 * factor
                    guard tried.insert(candidate[block]).inserted, let normalized = try? candidate.normalized() else { continue }
                    let recall = probe.recall(weights: normalized, at: k)
                    evaluations += 1
                    if recall > bestRecall + minimumGain {
                        best = normalized
                        bestRecall = recall
                        changed = true
                    }
                }
            }
            progress?(pass, bestRecall)
            if !changed { break }
        }
        return Result(weights: best, initialRecall: initial, recall: bestRecall, evaluations: evaluations)
    }
}

/// Block weights learnt on the training weeks of a ``TimeSplit``, adopted only when they also
/// raise recall@K on the validation weeks, and reported on the test weeks: what
/// `jobmatch features tune` runs.
public struct BlockWeightTuning: Sendable {
    public var split: TimeSplit
    public var tuner: BlockWeightTuner
    /// Groups sampled per part (``RetrievalProbe``).
    public var groupLimit: Int
    public var seed: UInt64
    /// The K of the recall report.
    public var reportedKs: [Int]

    public init(split: TimeSplit, tuner: BlockWeightTuner = BlockWeightTuner(), groupLimit: Int = 1000, seed: UInt64 = 1,
                reportedKs: [Int] = [10, 20, 50, 100, 200, 500]) {
        self.split = split
        self.tuner = tuner
        self.groupLimit = groupLimit
        self.seed = seed
        self.reportedKs = reportedKs
    }

    public struct Report: Sendable {
        /// The space's weights and those learnt on the training weeks (normalised).
        public var fitted: BlockWeights
        public var learnt: BlockWeights
        /// True when the learnt weights beat the fitted ones on the validation weeks' recall@K by
        /// more than the tuner's ``BlockWeightTuner/minimumGain``.
        public var adopted: Bool
        /// ``learnt`` when adopted, else ``fitted``.
        public var chosen: BlockWeights { adopted ? learnt : fitted }
        public var k: Int
        public var ks: [Int]
        /// Per part: groups, positives, mean candidates, then recall at each of `ks` with the
        /// fitted and with the learnt weights.
        public var parts: [Part]
        public var evaluations: Int

        public struct Part: Sendable {
            public var part: TimeSplit.Part
            public var groups: Int
            public var positives: Int
            public var positivesOutside: Int
            public var meanCandidates: Double
            public var fittedRecall: [Double]
            public var learntRecall: [Double]
        }
    }

    /// What a run is doing, for a progress line.
    public enum Step: Sendable {
        case probing(TimeSplit.Part, weeks: Int, of: Int)
        case tuning(pass: Int, recall: Double)
    }

    /// Probes the three parts from one snapshot of the whole split, tunes on the training part.
    /// - Throws: store errors; `BLASUnavailableError`; `CancellationError`.
    public func run(store: MatchStore, space: FeatureSpace, progress: (@Sendable (Step) -> Void)? = nil) async throws -> Report {
        let snapshot = try store.snapshot(from: split.trainFrom, through: split.testThrough)
        let vacancyRows = RetrievalProbe.uniformSpace(space).encode(vacancies: snapshot.vacancies)
        var probes: [TimeSplit.Part: RetrievalProbe] = [:]
        for part in TimeSplit.Part.allCases {
            probes[part] = try RetrievalProbe(space: space, snapshot: snapshot, period: split.period(of: part),
                                              labelsThrough: split.cutoff(of: part), groupLimit: groupLimit, seed: seed,
                                              vacancyRows: vacancyRows) { done, total in
                progress?(.probing(part, weeks: done, of: total))
            }
        }
        let fitted = try space.configuration.weights.normalized()
        let result = try tuner.tune(from: fitted, on: probes[.train]!) { pass, recall in progress?(.tuning(pass: pass, recall: recall)) }
        let ks = Array(Set(reportedKs + [tuner.k])).sorted()
        let parts = TimeSplit.Part.allCases.map { part in
            let probe = probes[part]!
            return Report.Part(part: part, groups: probe.groupCount, positives: probe.positiveCount,
                               positivesOutside: probe.positivesOutside, meanCandidates: probe.meanCandidates,
                               fittedRecall: probe.recall(weights: fitted, at: ks), learntRecall: probe.recall(weights: result.weights, at: ks))
        }
        let slot = ks.firstIndex(of: tuner.k)!
        let valid = parts.first { $0.part == .valid }!
        return Report(fitted: fitted, learnt: result.weights,
                      adopted: valid.learntRecall[slot] > valid.fittedRecall[slot] + tuner.minimumGain,
                      k: tuner.k, ks: ks, parts: parts, evaluations: result.evaluations)
    }
}
