import Foundation

/// What a ranking run makes: lists of `k` per query, re-ranked from `candidates` retrieved.
public struct RankingOptions: Sendable, Hashable, Codable {
    public var direction: RankingDirection
    /// Retrieval depth: the candidates per query that the eligibility rules let through and the
    /// scorer re-ranks.
    public var candidates: Int
    /// Matches kept per query.
    public var k: Int
    public var shard: Shard
    /// Queries encoded, searched and re-ranked together: memory is bounded by the block, never
    /// by queries × items.
    public var blockSize: Int
    /// Reasons kept per match (the most favourable first); 0 skips explanations.
    public var reasons: Int
    /// Retrieval in two passes: an 8-bit pass keeps `refine × candidates` per query, ordered
    /// by their exact inner products (``Int8Items``); 0: one exact Float32 pass (BLAS).
    public var refine: Int

    public init(direction: RankingDirection = .seekers, candidates: Int = 200, k: Int = 10, shard: Shard = .all,
                blockSize: Int = 2_048, reasons: Int = 3, refine: Int = RankingOptions.defaultRefine) {
        self.direction = direction
        self.candidates = candidates
        self.k = k
        self.shard = shard
        self.blockSize = blockSize
        self.reasons = reasons
        self.refine = refine
    }

    /// 2 where the processor has AVX-512 VNNI (the 8-bit pass is about four times BLAS there),
    /// 0 elsewhere (the portable 8-bit kernel is slower than BLAS).
    public static var defaultRefine: Int { Int8Items.usesVNNI ? 2 : 0 }

    /// - Throws: ``RankingError/invalidOptions`` naming the option.
    public func validate() throws(RankingError) {
        guard k >= 1 else { throw .invalidOptions("k must be at least 1, not \(k)") }
        guard candidates >= k else { throw .invalidOptions("candidates (\(candidates)) must be at least k (\(k))") }
        guard blockSize >= 1 else { throw .invalidOptions("the block size must be at least 1, not \(blockSize)") }
        guard reasons >= 0 else { throw .invalidOptions("reasons must be 0 or more, not \(reasons)") }
        guard refine >= 0 else { throw .invalidOptions("refine must be 0 (exact retrieval) or more, not \(refine)") }
    }
}

/// One match of a list: the pair by pseudonymous keys, its place, and why.
public struct RankedMatch: Sendable, Equatable {
    public var person: Int64
    public var vacancy: Int64
    /// The vacancy's posting ID (not personal).
    public var vacancyID: String
    /// 1 = best.
    public var rank: Int
    /// The model's score (the retrieval score when ranking without a model).
    public var score: Float
    /// The inner product of the two feature vectors.
    public var retrieval: Float
    /// The most favourable reasons, with their part of the score.
    public var reasons: [MatchReason]

    public init(person: Int64, vacancy: Int64, vacancyID: String, rank: Int, score: Float, retrieval: Float, reasons: [MatchReason]) {
        self.person = person
        self.vacancy = vacancy
        self.vacancyID = vacancyID
        self.rank = rank
        self.score = score
        self.retrieval = retrieval
        self.reasons = reasons
    }
}

/// One query's list: a seeker's vacancies, or a vacancy's seekers.
public struct RankedList: Sendable, Equatable {
    /// The query's key: a person key (`.seekers`) or a vacancy key (`.vacancies`).
    public var key: Int64
    public var matches: [RankedMatch]
}

/// A run's figures: how many lists, what the rules removed, and where the time went.
public struct RankingSummary: Sendable, Codable, Equatable {
    public var direction: RankingDirection
    public var shard: Shard
    /// Queries in the shard, and those left with no eligible item (an empty list).
    public var queries: Int
    public var emptyLists: Int
    public var items: Int
    public var matches: Int
    /// Pairs of the shard's queries × all items excluded by each rule.
    public var eligibility: EligibilityCounts
    /// Seconds per stage: `encode-items`, `encode-queries`, `retrieve`, `rerank`, `write`.
    public var seconds: [String: Double]
}

/// A ranking that cannot run.
public enum RankingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidOptions(String)
    case modelSchema(String)
    case spaceMismatch(String)

    public var description: String {
        switch self {
        case .invalidOptions(let text): "ranking options: \(text)"
        case .modelSchema(let text): "model: \(text)"
        case .spaceMismatch(let text): "feature space: \(text)"
        }
    }
}

/// Where a run is, for a progress line.
public enum RankingProgress: Sendable, Equatable {
    case encodingItems(done: Int, of: Int)
    case ranking(queries: Int, of: Int)
}

/// The batch pipeline: snapshot → encode → retrieval top-K under the eligibility masks →
/// scorer re-rank → top-k with reasons, block by block of queries, each block handed to a
/// sink (the results table, CSV, JSON Lines) before the next is made.
///
/// ```swift
/// let pipeline = try RankingPipeline(snapshot: snapshot, space: space, model: model.model)
/// let summary = try await pipeline.run { lists in try writer.write(lists) }
/// ```
///
/// Both directions run the same steps with the sides swapped; pair features and scores are
/// always of (seeker, vacancy). Lists are in key order within each block, blocks in key order.
public struct RankingPipeline: Sendable {
    public let snapshot: Snapshot
    public let space: FeatureSpace
    /// nil: rank by the retrieval score alone (no reasons).
    public let model: ScoringModel?
    public let table: EligibilityTable
    public let options: RankingOptions
    public var search: SearchConfiguration

    /// - Throws: ``RankingError`` for bad options or a model trained on other features.
    public init(snapshot: Snapshot, space: FeatureSpace, model: ScoringModel?, rules: EligibilityRules = .standard,
                options: RankingOptions = RankingOptions(), search: SearchConfiguration = .default) throws(RankingError) {
        try options.validate()
        if let model, model.schema != PairFeatures.schema {
            throw .modelSchema("trained on \(model.schema.count) features that are not this jobmatch's pair features (\(PairFeatures.schema.count)); retrain it")
        }
        try self.init(table: EligibilityTable(snapshot: snapshot, rules: rules), snapshot: snapshot, space: space, model: model,
                  options: options, search: search)
    }

    /// With the rules already applied to the snapshot (several pipelines over one table).
    init(table: EligibilityTable, snapshot: Snapshot, space: FeatureSpace, model: ScoringModel?, options: RankingOptions,
         search: SearchConfiguration = .default) throws(RankingError) {
        try options.validate()
        if let model, model.schema != PairFeatures.schema {
            throw .modelSchema("trained on \(model.schema.count) features that are not this jobmatch's pair features (\(PairFeatures.schema.count)); retrain it")
        }
        self.snapshot = snapshot
        self.space = space
        self.model = model
        self.table = table
        self.options = options
        self.search = search
    }

    /// The query indices of the shard, in key order (the snapshot's order).
    public var queryIndices: [Int] {
        switch options.direction {
        case .seekers: snapshot.seekers.indices.filter { options.shard.contains(key: snapshot.seekers[$0].person) }
        case .vacancies: snapshot.vacancies.indices.filter { options.shard.contains(key: snapshot.vacancies[$0].key) }
        }
    }

    /// Ranks every query of the shard, handing each block's lists to `sink` in order.
    /// - Throws: what `sink` throws; `CancellationError`; `BLASUnavailableError`.
    /// - Parameter queries: the query indices to rank (seekers for `.seekers`), in this order;
    ///   nil: the shard's (``queryIndices``).
    public func run(queries chosen: [Int]? = nil, progress: (@Sendable (RankingProgress) -> Void)? = nil,
                    sink: ([RankedList]) throws -> Void) async throws -> RankingSummary {
        var seconds: [String: Double] = [:]
        func timed<T>(_ stage: String, _ work: () async throws -> T) async rethrows -> T {
            let start = ContinuousClock.now
            defer { seconds[stage, default: 0] += (ContinuousClock.now - start).seconds }
            return try await work()
        }
        let seekersAsQueries = options.direction == .seekers
        let itemCount = seekersAsQueries ? snapshot.vacancies.count : snapshot.seekers.count
        let items = await timed("encode-items") {
            seekersAsQueries
                ? space.encode(vacancies: snapshot.vacancies) { progress?(.encodingItems(done: $0, of: itemCount)) }
                : space.encode(seekers: snapshot.seekers) { progress?(.encodingItems(done: $0, of: itemCount)) }
        }
        let firstPass = options.refine > 0 ? await timed("encode-items") { Int8Items(items) } : nil
        let masks = table.masks(for: options.direction)
        let queries = chosen ?? queryIndices
        let extractor = PairFeatureExtractor(space: space, seekers: snapshot.seekers, vacancies: snapshot.vacancies)
        let searcher = BlockedSearch(configuration: search)
        var done = 0, emptyLists = 0, matches = 0
        progress?(.ranking(queries: 0, of: queries.count))
        for blockStart in stride(from: 0, to: queries.count, by: options.blockSize) {
            try Task.checkCancellation()
            let block = Array(queries[blockStart..<min(queries.count, blockStart + options.blockSize)])
            let rows = await timed("encode-queries") {
                seekersAsQueries ? space.encode(seekers: block.map { snapshot.seekers[$0] })
                    : space.encode(vacancies: block.map { snapshot.vacancies[$0] })
            }
            let found = try await timed("retrieve") {
                try await searcher.search(queries: rows, items: items, k: min(options.candidates, itemCount),
                                          exclusions: masks.exclusions(queries: block), firstPass: firstPass,
                                          refine: max(1, options.refine))
            }
            let lists = await timed("rerank") {
                rerank(block: block, queryRows: rows, items: items, found: found, extractor: extractor)
            }
            try await timed("write") { try sink(lists) }
            for list in lists {
                if list.matches.isEmpty { emptyLists += 1 }
                matches += list.matches.count
            }
            done += block.count
            progress?(.ranking(queries: done, of: queries.count))
        }
        let eligibility = seekersAsQueries ? table.counts(seekers: queries) : table.counts(vacancies: queries)
        return RankingSummary(direction: options.direction, shard: options.shard, queries: queries.count, emptyLists: emptyLists,
                              items: itemCount, matches: matches, eligibility: eligibility, seconds: seconds)
    }

    /// Scores each query's candidates and keeps the best `k`, with reasons; queries spread over
    /// the cores.
    func rerank(block: [Int], queryRows: Matrix, items: Matrix, found: TopKResult, extractor: PairFeatureExtractor) -> [RankedList] {
        var lists = [RankedList?](repeating: nil, count: block.count)
        let workers = max(1, min(search.workers, block.count))
        let ranker = ListRanker(extractor: extractor, scorer: model?.compiled(), direction: options.direction, k: options.k,
                                reasons: options.reasons)
        let dimension = queryRows.columns
        lists.withUnsafeMutableBufferPointer { output in
            let output = SharedPointer(output.baseAddress!)
            queryRows.withUnsafeBufferPointer { queryBuffer in
                items.withUnsafeBufferPointer { itemBuffer in
                    let queryBase = SharedPointer(UnsafeMutablePointer(mutating: queryBuffer.baseAddress ?? UnsafePointer(bitPattern: 8)!))
                    let itemBase = SharedPointer(UnsafeMutablePointer(mutating: itemBuffer.baseAddress ?? UnsafePointer(bitPattern: 8)!))
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        var row = worker
                        while row < block.count {
                            let query = UnsafeBufferPointer(start: UnsafePointer(queryBase.base) + row * dimension, count: dimension)
                            let list = ranker.rank(query: block[row], queryRow: query, candidates: found.neighbors(ofQuery: row)) { item in
                                UnsafeBufferPointer(start: UnsafePointer(itemBase.base) + item * dimension, count: dimension)
                            }
                            (output.base + row).initialize(to: list)
                            row += workers
                        }
                    }
                }
            }
        }
        return lists.map { $0! }
    }
}

/// One query's list from its retrieved candidates, for the pipeline and the engine alike: each
/// pair's features written into one buffer and scored, the best first (ties to the better
/// retrieval score, then the lower index), `k` kept, and only those named and explained.
struct ListRanker: Sendable {
    /// Holds the query's and the candidates' sides (a one-profile extractor for a seeker the
    /// snapshot does not hold).
    let extractor: PairFeatureExtractor
    /// nil: the retrieval order, without reasons.
    let scorer: CompiledScorer?
    let direction: RankingDirection
    let k: Int
    let reasons: Int

    /// - Parameters:
    ///   - query: the query's index: a seeker's for `.seekers`, a vacancy's for `.vacancies`.
    ///   - candidates: items of the other side with their exact retrieval scores.
    ///   - itemRow: an item's row in the feature space.
    func rank(query: Int, queryRow: UnsafeBufferPointer<Float>, candidates: [(item: Int, score: Float)],
              itemRow: (Int) -> UnsafeBufferPointer<Float>) -> RankedList {
        let seekersAsQueries = direction == .seekers
        func pair(_ item: Int) -> (seeker: Int, vacancy: Int) { seekersAsQueries ? (query, item) : (item, query) }
        func rows(_ item: Int) -> (seeker: UnsafeBufferPointer<Float>, vacancy: UnsafeBufferPointer<Float>) {
            seekersAsQueries ? (queryRow, itemRow(item)) : (itemRow(item), queryRow)
        }
        struct Scored {
            var item: Int
            var score: Float
            var retrieval: Float
        }
        var scored: [Scored] = withUnsafeTemporaryAllocation(of: Float.self, capacity: PairFeature.allCases.count) { buffer in
            candidates.map { candidate in
                guard let scorer else { return Scored(item: candidate.item, score: candidate.score, retrieval: candidate.score) }
                let (seeker, vacancy) = pair(candidate.item), (seekerRow, vacancyRow) = rows(candidate.item)
                extractor.write(seeker: seeker, vacancy: vacancy, seekerRow: seekerRow, vacancyRow: vacancyRow, into: buffer.baseAddress!)
                return Scored(item: candidate.item, score: scorer.score(buffer.baseAddress!), retrieval: candidate.score)
            }
        }
        scored.sort { ($0.score, $0.retrieval, -$0.item) > ($1.score, $1.retrieval, -$1.item) }
        let matches = scored.prefix(k).enumerated().map { place, entry in
            let (seeker, vacancy) = pair(entry.item)
            let profile = extractor.seekers[seeker], posting = extractor.vacancies[vacancy]
            var reasons: [MatchReason] = []
            if self.reasons > 0, let scorer {
                let (seekerRow, vacancyRow) = rows(entry.item)
                let features = extractor.features(seeker: seeker, vacancy: vacancy, seekerRow: seekerRow, vacancyRow: vacancyRow, naming: true)
                reasons = MatchExplanation(features: features, seeker: profile, vacancy: posting, model: scorer,
                                           reasonLimit: self.reasons).reasons
            }
            return RankedMatch(person: profile.person, vacancy: posting.key, vacancyID: posting.externalID, rank: place + 1,
                               score: entry.score, retrieval: entry.retrieval, reasons: reasons)
        }
        let key = seekersAsQueries ? extractor.seekers[query].person : extractor.vacancies[query].key
        return RankedList(key: key, matches: matches)
    }
}
