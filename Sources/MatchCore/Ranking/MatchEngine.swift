import Foundation
import Synchronization

/// The matching engine as another DOE service embeds it: open a dataset's day and a model once,
/// then rank one seeker (a seeker who just logged in) or one vacancy on demand, and explain any pair.
///
/// ```swift
/// let engine = try MatchEngine(database: "central.sqlite", asOf: today, space: "space.jmfs", model: "model.json")
/// let list = try engine.rank(person: 1_024)          // the seeker's best 10 vacancies, with reasons
/// for match in list.matches { print(match.vacancyID, match.reasons.first?.thai ?? "") }
/// let why = try engine.explain(person: 1_024, vacancy: 77)
/// ```
///
/// A query runs the batch pipeline's steps (``RankingPipeline``) for one list: encode, retrieval
/// under the eligibility rules, the model's re-rank of ``EngineOptions/candidates``, reasons for
/// the best. Retrieval reads an 8-bit copy of the item vectors first (``QuantizedRows``) and
/// orders the best `refine × candidates` of them by the exact inner product, so one query does not
/// wait on reading every Float32 vector; `jobmatch bench engine` measures latency and how often
/// the list equals the exact pipeline's.
///
/// The engine is immutable and thread-safe: queries may run concurrently. It holds the day's
/// snapshot; open a new engine for a new day.
public final class MatchEngine: Sendable {
    public let snapshot: Snapshot
    public let space: FeatureSpace
    public let model: ModelFile
    public let table: EligibilityTable
    public let options: EngineOptions
    let vacancyRows: Matrix
    let quantizedVacancies: QuantizedRows
    let extractor: PairFeatureExtractor
    let scorer: CompiledScorer
    let seekerIndex: [Int64: Int]
    let vacancyIndex: [Int64: Int]
    /// Per class of seekers, the vacancies the rules exclude (a bitmap), made on first use.
    private let vacancyMasks = Mutex<[SeekerTraits: [UInt64]]>([:])
    /// The seekers' vectors, made on the first vacancy query.
    private let seekerSide = Mutex<(rows: Matrix, quantized: QuantizedRows)?>(nil)

    /// Opens the engine on a snapshot: encodes its vacancies (seekers wait for the first vacancy query).
    /// - Throws: ``RankingError/modelSchema(_:)`` for a model of other features; ``RankingError/invalidOptions(_:)``.
    public init(snapshot: Snapshot, space: FeatureSpace, model: ModelFile, rules: EligibilityRules = .standard,
                options: EngineOptions = EngineOptions()) throws(RankingError) {
        try options.validate()
        guard model.schema == PairFeatures.schema else {
            throw .modelSchema("trained on features that are not this jobmatch's pair features; retrain it")
        }
        self.snapshot = snapshot
        self.space = space
        self.model = model
        self.options = options
        table = EligibilityTable(snapshot: snapshot, rules: rules)
        vacancyRows = space.encode(vacancies: snapshot.vacancies)
        quantizedVacancies = QuantizedRows(vacancyRows)
        extractor = PairFeatureExtractor(space: space, seekers: snapshot.seekers, vacancies: snapshot.vacancies)
        scorer = model.model.compiled()
        seekerIndex = Dictionary(uniqueKeysWithValues: snapshot.seekers.enumerated().map { ($1.person, $0) })
        vacancyIndex = Dictionary(uniqueKeysWithValues: snapshot.vacancies.enumerated().map { ($1.key, $0) })
    }

    /// Opens the day `asOf` of a central dataset with a fitted space and a model file.
    /// - Throws: store, space and model file errors, naming the file.
    public convenience init(database: String, asOf: Day, space: String, model: String, rules: EligibilityRules = .standard,
                            options: EngineOptions = EngineOptions()) throws {
        let snapshot = try MatchStore(path: database).snapshot(asOf: asOf)
        try self.init(snapshot: snapshot, space: FeatureSpace.load(from: space), model: ModelFile.load(from: model, expecting: PairFeatures.schema),
                      rules: rules, options: options)
    }

    /// The best vacancies for the active seeker `person` (a person key), applications excluded.
    /// - Throws: ``MatchEngineError/unknownSeeker(_:)`` when the person is not an active seeker on the day.
    public func rank(person: Int64, k: Int? = nil) throws(MatchEngineError) -> RankedList {
        guard let index = seekerIndex[person] else { throw .unknownSeeker(person) }
        return rank(profile: snapshot.seekers[index], index: index, k: k ?? options.k)
    }

    /// The best vacancies for any profile, one the snapshot does not hold included (a seeker who
    /// registered today); when its person key is in the snapshot, that seeker's applications are excluded.
    public func rank(seeker profile: SeekerProfile, k: Int? = nil) -> RankedList {
        rank(profile: profile, index: seekerIndex[profile.person], k: k ?? options.k)
    }

    /// The best seekers for the open vacancy `vacancy` (a vacancy key).
    /// - Throws: ``MatchEngineError/unknownVacancy(_:)`` when it is not open on the day.
    public func rank(vacancy key: Int64, k: Int? = nil) throws(MatchEngineError) -> RankedList {
        guard let index = vacancyIndex[key] else { throw .unknownVacancy(key) }
        let k = k ?? options.k
        let posting = snapshot.vacancies[index]
        let side = seekerVectors()
        let excluded = table.seekerBitmap(excludedFor: VacancyTraits(posting, rules: table.rules))
        let applied = Set(table.appliedSeekers(ofVacancy: index))
        let row = vacancyRows.row(index)
        let candidates = retrieve(row, rows: side.rows, quantized: side.quantized) { seeker in
            excluded[seeker >> 6] & (1 << UInt64(seeker & 63)) != 0 || applied.contains(seeker)
        }
        return list(ListRanker(extractor: extractor, scorer: scorer, direction: .vacancies, k: k, reasons: options.reasons),
                    query: index, row: row, candidates: candidates, items: side.rows)
    }

    /// Why the model scores seeker `person` and vacancy `vacancy` (keys) as it does, and whether
    /// a rule keeps the pair apart.
    public func explain(person: Int64, vacancy: Int64) throws(MatchEngineError) -> PairExplanation {
        guard let s = seekerIndex[person] else { throw .unknownSeeker(person) }
        guard let v = vacancyIndex[vacancy] else { throw .unknownVacancy(vacancy) }
        let profile = snapshot.seekers[s], posting = snapshot.vacancies[v]
        let features = extractor.features(seeker: s, vacancy: v, seekerRow: space.encode(profile), vacancyRow: vacancyRows.row(v))
        return PairExplanation(excludedBy: table.rule(excluding: s, v), features: features,
                               explanation: MatchExplanation(features: features, seeker: profile, vacancy: posting, model: model.model))
    }

    private func rank(profile: SeekerProfile, index: Int?, k: Int) -> RankedList {
        let row = space.encode(profile)
        let traits = SeekerTraits(profile, licences: table.relevantLicences)
        let excluded = vacancyMasks.withLock { masks in
            if let known = masks[traits] { return known }
            let bits = table.vacancyBitmap(excludedFor: traits)
            masks[traits] = bits
            return bits
        }
        let applied = Set(index.map { table.appliedVacancies(ofSeeker: $0) } ?? [])
        let candidates = retrieve(row, rows: vacancyRows, quantized: quantizedVacancies) { vacancy in
            excluded[vacancy >> 6] & (1 << UInt64(vacancy & 63)) != 0 || applied.contains(vacancy)
        }
        // A seeker the snapshot does not hold is the only seeker of a one-profile extractor.
        let ranker = ListRanker(extractor: index == nil ? extractor.replacingSeekers(with: profile) : extractor, scorer: scorer,
                                direction: .seekers, k: k, reasons: options.reasons)
        return list(ranker, query: index ?? 0, row: row, candidates: candidates, items: vacancyRows)
    }

    /// The query's list by the shared re-rank (``ListRanker``), the candidates' rows read in place.
    private func list(_ ranker: ListRanker, query: Int, row: [Float], candidates: [(item: Int, score: Float)], items: Matrix) -> RankedList {
        row.withUnsafeBufferPointer { queryRow in
            items.withUnsafeBufferPointer { itemRows in
                ranker.rank(query: query, queryRow: queryRow, candidates: candidates) { item in
                    UnsafeBufferPointer(rebasing: itemRows[item * items.columns..<(item + 1) * items.columns])
                }
            }
        }
    }

    /// The best ``EngineOptions/candidates`` items for a query row: by the 8-bit first pass and
    /// refinement, or (refine 0) by exact inner products with every row.
    private func retrieve(_ row: [Float], rows: Matrix, quantized: QuantizedRows, excluded: (Int) -> Bool) -> [(item: Int, score: Float)] {
        guard options.refine == 0 else {
            return quantized.search(query: row, rows: rows, k: options.candidates, refine: options.refine, workers: options.workers,
                                    excluded: excluded)
        }
        guard let scores = try? BLAS.multiply(Matrix(rows: 1, columns: row.count, elements: row), transposing: rows) else {
            // Without BLAS, the first pass with every row kept is exact too.
            return quantized.search(query: row, rows: rows, k: options.candidates, refine: max(1, rows.rows / max(options.candidates, 1) + 1),
                                    workers: options.workers, excluded: excluded)
        }
        var heap = SmallHeap(capacity: min(options.candidates, rows.rows))
        scores.withUnsafeBufferPointer { buffer in
            for (item, score) in buffer.enumerated() where score > heap.threshold && !excluded(item) { heap.insert(score: score, item: item) }
        }
        return zip(heap.items, heap.scores).map { (item: $0, score: $1) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
    }

    private func seekerVectors() -> (rows: Matrix, quantized: QuantizedRows) {
        seekerSide.withLock { side in
            if let side { return side }
            let rows = space.encode(seekers: snapshot.seekers)
            let made = (rows, QuantizedRows(rows))
            side = made
            return made
        }
    }
}

/// How an engine answers one query.
public struct EngineOptions: Sendable, Hashable {
    /// Matches per list.
    public var k: Int
    /// Candidates re-ranked by the model.
    public var candidates: Int
    /// Candidates kept by the 8-bit first pass, as a multiple of `candidates`; 0 retrieves by
    /// the exact Float32 inner product with every item (one BLAS pass, as the batch pipeline
    /// does): slower for one query, the reference the first pass is measured against.
    public var refine: Int
    /// Reasons per match.
    public var reasons: Int
    /// Threads of the first pass.
    public var workers: Int

    public init(k: Int = 10, candidates: Int = 200, refine: Int = 4, reasons: Int = 3,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.k = k
        self.candidates = candidates
        self.refine = refine
        self.reasons = reasons
        self.workers = workers
    }

    /// - Throws: ``RankingError/invalidOptions(_:)`` naming the option.
    public func validate() throws(RankingError) {
        guard k >= 1, candidates >= k else { throw .invalidOptions("k (\(k)) must be at least 1 and at most candidates (\(candidates))") }
        guard refine >= 0 else { throw .invalidOptions("refine must be 0 (exact) or more, not \(refine)") }
        guard reasons >= 0, workers >= 1 else { throw .invalidOptions("reasons must be 0 or more and workers at least 1") }
    }
}

/// A pair explained: the rule that keeps it apart (if any), its features and the model's reasons.
public struct PairExplanation: Sendable {
    /// nil when the pair is eligible.
    public var excludedBy: EligibilityRule?
    public var features: PairFeatures
    public var explanation: MatchExplanation
}

/// A query about a seeker or vacancy the engine's day does not hold.
public enum MatchEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownSeeker(Int64)
    case unknownVacancy(Int64)

    public var description: String {
        switch self {
        case .unknownSeeker(let key): "person \(key) is not an active seeker on the engine's day"
        case .unknownVacancy(let key): "vacancy \(key) is not open on the engine's day"
        }
    }
}
