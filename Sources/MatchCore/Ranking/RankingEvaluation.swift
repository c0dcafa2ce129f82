import Foundation

/// The ways of making a list that an evaluation compares, in the same run on the same seekers.
public enum EvaluatedMethod: String, Sendable, CaseIterable, Codable {
    /// Eligible vacancies in a random order (seeded by person and week).
    case random
    /// Eligible vacancies by applications received before the week, most first.
    case popularity
    /// What job boards do today: eligible vacancies of the same 2-digit occupation (a desired,
    /// suggested or last one) in the seeker's province, newest first; lists may be short.
    case ruleFilter = "rule-filter"
    /// Retrieval by the text block of the space alone.
    case textOnly = "text-only"
    /// Retrieval by the whole space, without the model.
    case retrievalOnly = "retrieval-only"
    /// Retrieval, then the model's re-rank: what `jobmatch rank` does.
    case model
}

/// What an evaluation measures and how.
public struct EvaluationOptions: Sendable, Hashable {
    /// Cut-offs of recall@k and NDCG@k.
    public var ks: [Int]
    /// The cut-off of coverage, congestion and the exposure table.
    public var listLength: Int
    /// Retrieval depth of the retrieval and model methods.
    public var candidates: Int
    public var seed: UInt64

    public init(ks: [Int] = [1, 5, 10, 20], listLength: Int = 10, candidates: Int = 200, seed: UInt64 = 1) {
        precondition(!ks.isEmpty && ks.allSatisfy { $0 > 0 } && listLength > 0 && candidates >= (ks.max() ?? 1), "bad evaluation options")
        self.ks = ks.sorted()
        self.listLength = listLength
        self.candidates = candidates
        self.seed = seed
    }
}

/// One method's figures.
public struct MethodReport: Sendable, Codable, Equatable {
    public var method: EvaluatedMethod
    /// Means over the evaluated seeker-weeks, by cut-off.
    public var recall: [Int: Double]
    public var ndcg: [Int: Double]
    public var mrr: Double
    /// Share of the weeks' open vacancies in at least one list's top ``EvaluationOptions/listLength``.
    public var coverage: Double
    /// Gini coefficient of (times listed ÷ open positions) over the open vacancies: 0 when every
    /// position is shown equally often, near 1 when a few vacancies take all the attention.
    public var congestion: Double
    /// Mean list length (the rule filter's lists can be short).
    public var meanListLength: Double
    /// Per seeker group (`age:25-34`, `region:northeast`, `nationality:MM`): seekers, mean
    /// NDCG@listLength and recall@listLength.
    public var groups: [String: GroupFigures]
    /// Per province (DOPA code): open vacancies and those listed at least once.
    public var provinces: [String: ProvinceCoverage]
    /// NDCG@listLength with the simulator's true hire probabilities as gains (the oracle's own
    /// list scores 1): the share of the best possible, when ground truth was given.
    public var oracleShare: Double?
}

public struct GroupFigures: Sendable, Codable, Equatable {
    public var seekers: Int
    public var ndcg: Double
    public var recall: Double
}

public struct ProvinceCoverage: Sendable, Codable, Equatable {
    public var open: Int
    public var listed: Int
}

/// An evaluation's report: the split, what was evaluated, and one ``MethodReport`` per method.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// Days as YYYY-MM-DD.
    public var trainThrough: String
    public var testFrom: String
    public var testThrough: String
    public var ks: [Int]
    public var listLength: Int
    /// Seeker-weeks evaluated: a seeker who applied in a test week to a vacancy open that week.
    public var seekerWeeks: Int
    public var positives: Int
    /// Applications to vacancies a rule keeps from the seeker (never listed by any method).
    public var positivesExcluded: Int
    public var openVacancies: Int
    /// Held-out seekers of the ground truth ranked for the oracle share (0 without truth).
    public var oracleSeekers: Int
    public var methods: [MethodReport]

    public func report(_ method: EvaluatedMethod) -> MethodReport? { methods.first { $0.method == method } }
}

/// The simulator's ground truth as an evaluation reads it: on day `asOf`, per person key, the
/// true hire probability of each open vacancy (by vacancy key); a vacancy not listed counts 0.
public struct OracleTruth: Sendable {
    public var asOf: Day
    public var probabilities: [Int64: [Int64: Double]]

    public init(asOf: Day, probabilities: [Int64: [Int64: Double]]) {
        self.asOf = asOf
        self.probabilities = probabilities
    }
}

/// Measures how good the lists are, with a time split: the model learnt from events up to the
/// end of the validation weeks (``TimeSplit``); each test week, the seekers who applied that week
/// are ranked against the vacancies open that week, with the eligibility rules and the
/// applications made before the week, and every method's list is scored against what they
/// applied to (graded: 1 applied, 2 interviewed, 3 hired, by the end of the test weeks).
///
/// ```swift
/// let report = try await RankingEvaluation(split: split).run(store: store, space: space, model: model)
/// report.report(.model)?.ndcg[10]
/// ```
public struct RankingEvaluation: Sendable {
    public var split: TimeSplit
    public var options: EvaluationOptions
    public var rules: EligibilityRules

    public init(split: TimeSplit, options: EvaluationOptions = EvaluationOptions(), rules: EligibilityRules = .standard) {
        self.split = split
        self.options = options
        self.rules = rules
    }

    /// Where a run is, for a progress line.
    public enum Step: Sendable, Equatable {
        case week(Int, of: Int)
        case oracle
    }

    /// Evaluates every method on the test weeks (and on the ground truth's day, when given).
    /// - Throws: store errors, ``RankingError``, `CancellationError`.
    public func run(store: MatchStore, space: FeatureSpace, model: ScoringModel, truth: OracleTruth? = nil,
                    progress: (@Sendable (Step) -> Void)? = nil) async throws -> EvaluationReport {
        let test = split.period(of: .test)
        var weeks: [ClosedRange<Day>] = []
        var start = test.lowerBound
        while start <= test.upperBound {
            weeks.append(start...min(start + 6, test.upperBound))
            start = start + 7
        }
        var tallies = Dictionary(uniqueKeysWithValues: EvaluatedMethod.allCases.map { ($0, Tally(ks: options.ks)) })
        var seekerWeeks = 0, positives = 0, excluded = 0, open = 0
        for (index, week) in weeks.enumerated() {
            try Task.checkCancellation()
            progress?(.week(index + 1, of: weeks.count))
            let full = try store.snapshot(from: week.lowerBound, through: week.upperBound)
            let weekStart = Timestamp(week.lowerBound).secondsSince1970
            let testEnd = SnapshotLoader.endOfDay(test.upperBound)
            // The outcomes: first applications in the week, graded by the end of the test weeks.
            var grades: [Int: [Int: Float]] = [:]
            var appliedInWeek = Set<Int>()
            for event in full.events where event.seekerIndex >= 0 && event.vacancyIndex >= 0 && event.at.secondsSince1970 < testEnd {
                guard let grade = Self.grade(event.kind) else { continue }
                let s = Int(event.seekerIndex), v = Int(event.vacancyIndex)
                if event.kind == .apply && week.contains(event.at.day) { appliedInWeek.insert(s << 32 | v) }
                grades[s, default: [:]][v] = max(grades[s]?[v] ?? 0, grade)
            }
            // The lists are made with what was known at the start of the week.
            var known = full
            known.events = full.events.filter { $0.at.secondsSince1970 < weekStart }
            let table = EligibilityTable(snapshot: known, rules: rules)
            var relevance: [Int: [Int: Float]] = [:]
            for key in appliedInWeek {
                let s = key >> 32, v = key & 0xFFFF_FFFF
                if table.isEligible(seeker: s, vacancy: v) { relevance[s, default: [:]][v] = grades[s]![v]! } else { excluded += 1 }
            }
            let queries = relevance.keys.sorted()
            guard !queries.isEmpty else { continue }
            seekerWeeks += queries.count
            positives += relevance.values.reduce(0) { $0 + $1.count }
            open += known.vacancies.count
            let lists = try await Self.lists(snapshot: known, table: table, queries: queries, space: space, model: model,
                                             options: options, seed: options.seed ^ UInt64(week.lowerBound.daysSince1970))
            for method in EvaluatedMethod.allCases {
                tallies[method]!.add(lists: lists[method]!, queries: queries, relevance: relevance, snapshot: known, options: options)
            }
        }
        var oracleShares: [EvaluatedMethod: Double] = [:], oracleSeekers = 0
        if let truth {
            progress?(.oracle)
            (oracleShares, oracleSeekers) = try await oracle(truth: truth, store: store, space: space, model: model)
        }
        return EvaluationReport(
            trainThrough: "\(split.validThrough)", testFrom: "\(test.lowerBound)", testThrough: "\(test.upperBound)", ks: options.ks,
            listLength: options.listLength, seekerWeeks: seekerWeeks, positives: positives, positivesExcluded: excluded,
            openVacancies: open, oracleSeekers: oracleSeekers,
            methods: EvaluatedMethod.allCases.map { tallies[$0]!.report($0, oracleShare: oracleShares[$0]) })
    }

    static func grade(_ kind: EventKind) -> Float? {
        switch kind {
        case .apply: 1
        case .interview: 2
        case .hire: 3
        case .view, .reject, .withdraw: nil
        }
    }

    /// Every method's list (vacancy indices, best first, up to the largest cut-off) for each query.
    static func lists(snapshot: Snapshot, table: EligibilityTable, queries: [Int], space: FeatureSpace, model: ScoringModel,
                      options: EvaluationOptions, seed: UInt64) async throws -> [EvaluatedMethod: [[Int]]] {
        let depth = max(options.ks.max()!, options.listLength)
        var lists: [EvaluatedMethod: [[Int]]] = [:]
        let vacancyIndex = Dictionary(uniqueKeysWithValues: snapshot.vacancies.enumerated().map { ($1.key, $0) })
        func pipelineLists(_ space: FeatureSpace, _ model: ScoringModel?) async throws -> [[Int]] {
            let pipeline = try RankingPipeline(table: table, snapshot: snapshot, space: space, model: model,
                                               options: RankingOptions(candidates: max(options.candidates, depth), k: depth, reasons: 0))
            var result: [[Int]] = []
            _ = try await pipeline.run(queries: queries) { blocks in
                result += blocks.map { $0.matches.map { vacancyIndex[$0.vacancy]! } }
            }
            return result
        }
        lists[.model] = try await pipelineLists(space, model)
        lists[.retrievalOnly] = try await pipelineLists(space, nil)
        let textOnly = try space.reweighted(BlockWeights(text: 1, occupation: 0, skills: 0, geography: 0, terms: 0))
        lists[.textOnly] = try await pipelineLists(textOnly, nil)

        var applications = [Int](repeating: 0, count: snapshot.vacancies.count)
        for event in snapshot.events where event.vacancyIndex >= 0 && grade(event.kind) != nil { applications[Int(event.vacancyIndex)] += 1 }
        let newestFirst = snapshot.vacancies.indices.sorted {
            (snapshot.vacancies[$0].opensOn, -$0) > (snapshot.vacancies[$1].opensOn, -$1)
        }
        let popular = snapshot.vacancies.indices.sorted {
            (applications[$0], snapshot.vacancies[$0].opensOn, -$0) > (applications[$1], snapshot.vacancies[$1].opensOn, -$1)
        }
        var random: [[Int]] = [], popularity: [[Int]] = [], rule: [[Int]] = []
        for query in queries {
            let eligible = snapshot.vacancies.indices.filter { table.isEligible(seeker: query, vacancy: $0) }
            var generator = SeededGenerator(seed: SeededGenerator.mix(seed ^ UInt64(bitPattern: snapshot.seekers[query].person)))
            random.append(Array(eligible.shuffled(using: &generator).prefix(depth)))
            let allowed = Set(eligible)
            popularity.append(Array(popular.lazy.filter { allowed.contains($0) }.prefix(depth)))
            let profile = snapshot.seekers[query]
            let wanted = Set((profile.desiredOccupations + [profile.suggestedOccupation, profile.lastOccupation].compactMap { $0 })
                .map { Int($0.value) / 100 })
            rule.append(Array(newestFirst.lazy.filter { vacancy in
                let posting = snapshot.vacancies[vacancy]
                return allowed.contains(vacancy) && wanted.contains(Int(posting.occupation.value) / 100)
                    && profile.province != nil && posting.province == profile.province
            }.prefix(depth)))
        }
        lists[.random] = random
        lists[.popularity] = popularity
        lists[.ruleFilter] = rule
        return lists
    }

    /// NDCG@listLength of every method against the true probabilities, for the held-out seekers
    /// active on the truth's day.
    func oracle(truth: OracleTruth, store: MatchStore, space: FeatureSpace, model: ScoringModel) async throws -> ([EvaluatedMethod: Double], Int) {
        let snapshot = try store.snapshot(asOf: truth.asOf)
        let table = EligibilityTable(snapshot: snapshot, rules: rules)
        let queries = snapshot.seekers.indices.filter { (truth.probabilities[snapshot.seekers[$0].person]?.isEmpty == false) }
        guard !queries.isEmpty else { return ([:], 0) }
        let lists = try await Self.lists(snapshot: snapshot, table: table, queries: queries, space: space, model: model,
                                         options: options, seed: options.seed)
        var shares: [EvaluatedMethod: Double] = [:]
        for method in EvaluatedMethod.allCases {
            var total = 0.0, counted = 0
            for (row, query) in queries.enumerated() {
                let truthRow = truth.probabilities[snapshot.seekers[query].person]!
                let gains = lists[method]![row].prefix(options.listLength).map { truthRow[snapshot.vacancies[$0].key] ?? 0 }
                let ideal = truthRow.values.sorted(by: >).prefix(options.listLength)
                let best = ideal.enumerated().reduce(0.0) { $0 + $1.element * RankingMetric.discount($1.offset) }
                guard best > 0 else { continue }
                total += gains.enumerated().reduce(0.0) { $0 + $1.element * RankingMetric.discount($1.offset) } / best
                counted += 1
            }
            if counted > 0 { shares[method] = total / Double(counted) }
        }
        return (shares, queries.count)
    }
}

/// Sums of one method's figures over the weeks.
struct Tally {
    let ks: [Int]
    var recall: [Double]
    var ndcg: [Double]
    var mrr = 0.0
    var lists = 0
    var listed = 0
    var openVacancies = 0
    var coveredVacancies = 0
    var congestionSum = 0.0
    var weeks = 0
    var groups: [String: (seekers: Int, ndcg: Double, recall: Double)] = [:]
    var provinces: [String: ProvinceCoverage] = [:]

    init(ks: [Int]) {
        self.ks = ks
        recall = ks.map { _ in 0 }
        ndcg = ks.map { _ in 0 }
    }

    mutating func add(lists methodLists: [[Int]], queries: [Int], relevance: [Int: [Int: Float]], snapshot: Snapshot,
                      options: EvaluationOptions) {
        var shown = [Int](repeating: 0, count: snapshot.vacancies.count)
        let year = snapshot.asOf.year
        for (row, query) in queries.enumerated() {
            let list = methodLists[row], relevant = relevance[query]!
            let labels = list.map { relevant[$0] ?? 0 }
            for (slot, k) in ks.enumerated() {
                recall[slot] += Double(labels.prefix(k).filter { $0 > 0 }.count) / Double(relevant.count)
                ndcg[slot] += Self.ndcg(labels, ideal: relevant.values, k: k)
            }
            if let first = labels.firstIndex(where: { $0 > 0 }) { mrr += 1 / Double(first + 1) }
            for vacancy in list.prefix(options.listLength) { shown[vacancy] += 1 }
            listed += min(list.count, options.listLength)
            lists += 1
            let listNDCG = Self.ndcg(labels, ideal: relevant.values, k: options.listLength)
            let listRecall = Double(labels.prefix(options.listLength).filter { $0 > 0 }.count) / Double(relevant.count)
            for group in Self.groups(of: snapshot.seekers[query], year: year) {
                let old = groups[group] ?? (0, 0, 0)
                groups[group] = (old.seekers + 1, old.ndcg + listNDCG, old.recall + listRecall)
            }
        }
        openVacancies += snapshot.vacancies.count
        coveredVacancies += shown.filter { $0 > 0 }.count
        congestionSum += Self.gini(zip(shown, snapshot.vacancies).map { Double($0) / Double(max(1, $1.openPositions)) })
        weeks += 1
        for (vacancy, posting) in snapshot.vacancies.enumerated() {
            let key = posting.province.map { String($0.code) } ?? (posting.country.map { "abroad:\($0)" } ?? "unknown")
            var entry = provinces[key] ?? ProvinceCoverage(open: 0, listed: 0)
            entry.open += 1
            if shown[vacancy] > 0 { entry.listed += 1 }
            provinces[key] = entry
        }
    }

    static func ndcg(_ labels: [Float], ideal: Dictionary<Int, Float>.Values, k: Int) -> Double {
        let best = ideal.sorted(by: >).prefix(k).enumerated().reduce(0.0) { $0 + RankingMetric.gain($1.element) * RankingMetric.discount($1.offset) }
        guard best > 0 else { return 0 }
        return labels.prefix(k).enumerated().reduce(0.0) { $0 + RankingMetric.gain($1.element) * RankingMetric.discount($1.offset) } / best
    }

    /// Gini coefficient of non-negative values (0: all equal).
    static func gini(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let total = sorted.reduce(0, +)
        guard sorted.count > 1, total > 0 else { return 0 }
        var weighted = 0.0
        for (index, value) in sorted.enumerated() { weighted += Double(index + 1) * value }
        let n = Double(sorted.count)
        return (2 * weighted) / (n * total) - (n + 1) / n
    }

    /// The groups a seeker's figures count in: age band, region, nationality.
    static func groups(of seeker: SeekerProfile, year: Int) -> [String] {
        var result = ["nationality:\(seeker.nationality)"]
        if let born = seeker.birthYear {
            let age = year - born
            let band = age < 25 ? "15-24" : age < 35 ? "25-34" : age < 45 ? "35-44" : age < 55 ? "45-54" : "55+"
            result.append("age:\(band)")
        } else {
            result.append("age:unknown")
        }
        result.append("region:\(seeker.province.map { "\($0.region)" } ?? "unknown")")
        return result
    }

    func report(_ method: EvaluatedMethod, oracleShare: Double?) -> MethodReport {
        let n = Double(max(lists, 1))
        return MethodReport(
            method: method,
            recall: Dictionary(uniqueKeysWithValues: zip(ks, recall.map { $0 / n })),
            ndcg: Dictionary(uniqueKeysWithValues: zip(ks, ndcg.map { $0 / n })),
            mrr: mrr / n,
            coverage: openVacancies > 0 ? Double(coveredVacancies) / Double(openVacancies) : 0,
            congestion: weeks > 0 ? congestionSum / Double(weeks) : 0,
            meanListLength: Double(listed) / n,
            groups: groups.mapValues { GroupFigures(seekers: $0.seekers, ndcg: $0.ndcg / Double($0.seekers), recall: $0.recall / Double($0.seekers)) },
            provinces: provinces, oracleShare: oracleShare)
    }
}
