import Foundation

/// Top-k between two `.npy` files, written to `.npy` files: what `jobmatch topk` runs.
///
/// Inputs are float32 matrices (queries m × d, items n × d). Optional exclusions are int64
/// files: `excludedItems` a list of item indices (shape (e,) or (e, 1)), `excludedPairs` rows
/// of (query, item) (shape (p, 2)). Outputs are ids (int64, m × k) and optionally scores
/// (float32, m × k). Both outputs are staged and renamed into place together only after the
/// search and both writes have succeeded: a failed run creates no output and leaves files that
/// were already there as they were, never half-written.
public struct TopKFiles: Sendable {
    public var queries: String
    public var items: String
    public var k: Int
    public var idsOutput: String
    public var scoresOutput: String?
    public var excludedItems: String?
    public var excludedPairs: String?
    public var configuration: SearchConfiguration

    public init(
        queries: String, items: String, k: Int, idsOutput: String, scoresOutput: String? = nil,
        excludedItems: String? = nil, excludedPairs: String? = nil, configuration: SearchConfiguration = .default
    ) {
        self.queries = queries
        self.items = items
        self.k = k
        self.idsOutput = idsOutput
        self.scoresOutput = scoresOutput
        self.excludedItems = excludedItems
        self.excludedPairs = excludedPairs
        self.configuration = configuration
    }

    /// What a run did and how long each part took.
    public struct Report: Sendable {
        public var queryCount: Int
        public var itemCount: Int
        public var dimension: Int
        public var k: Int
        public var excludedItemCount: Int
        public var excludedPairCount: Int
        public var readSeconds: Double
        public var searchSeconds: Double
        public var writeSeconds: Double

        /// Multiply-add work of the search: 2·m·n·d floating-point operations per second.
        public var gigaflopsPerSecond: Double {
            searchSeconds > 0 ? 2 * Double(queryCount) * Double(itemCount) * Double(dimension) / searchSeconds / 1e9 : 0
        }
        public var queriesPerSecond: Double { searchSeconds > 0 ? Double(queryCount) / searchSeconds : 0 }
    }

    /// Reads, searches and writes.
    /// - Throws: ``NPYError`` or ``TopKFilesError`` naming the file at fault, ``SearchError``,
    ///   `CancellationError`, `BLASUnavailableError`.
    public func run(progress: (@Sendable (_ queriesDone: Int, _ queryCount: Int) -> Void)? = nil) async throws -> Report {
        guard k >= 0 else { throw SearchError.negativeK(k) }
        if let scoresOutput, Self.sameFile(idsOutput, scoresOutput) {
            throw TopKFilesError.sameOutput(ids: idsOutput, scores: scoresOutput)
        }
        let clock = ContinuousClock()
        let readStart = clock.now
        let queryMatrix = try NPY.readMatrix(at: queries)
        let itemMatrix = try NPY.readMatrix(at: items)
        guard queryMatrix.columns == itemMatrix.columns else {
            throw TopKFilesError.dimensionMismatch(
                queries: queries, queryDimension: queryMatrix.columns, items: items, itemDimension: itemMatrix.columns)
        }
        let exclusions = try readExclusions(queryCount: queryMatrix.rows, itemCount: itemMatrix.rows)
        let searchStart = clock.now

        let total = queryMatrix.rows
        var searchProgress: (@Sendable (Int) -> Void)?
        if let progress { searchProgress = { done in progress(done, total) } }
        let result = try await BlockedSearch(configuration: configuration).search(
            queries: queryMatrix, items: itemMatrix, k: k, exclusions: exclusions, progress: searchProgress)
        let writeStart = clock.now

        let idsFile = try StagedFile(destination: idsOutput)
        try NPY.write(result.ids, to: idsFile)
        var scoresFile: StagedFile?
        if let scoresOutput {
            scoresFile = try StagedFile(destination: scoresOutput)
            try NPY.write(result.scores, to: scoresFile!)
        }
        try StagedFile.commit([idsFile] + (scoresFile.map { [$0] } ?? []))
        let end = clock.now

        return Report(
            queryCount: queryMatrix.rows, itemCount: itemMatrix.rows, dimension: queryMatrix.columns, k: k,
            excludedItemCount: exclusions.items.count, excludedPairCount: exclusions.pairs.count,
            readSeconds: (searchStart - readStart).seconds, searchSeconds: (writeStart - searchStart).seconds,
            writeSeconds: (end - writeStart).seconds)
    }

    /// True when two paths name one file (after `.`, `..` and symbolic links are resolved).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return resolved(a) == resolved(b)
    }

    private func readExclusions(queryCount: Int, itemCount: Int) throws -> Exclusions {
        var excluded: [Int] = []
        if let excludedItems {
            let list = try NPY.readInt64(at: excludedItems)
            guard list.columns == 1 else {
                throw TopKFilesError.wrongShape(file: excludedItems, shape: [list.rows, list.columns], expected: "(e,) or (e, 1)")
            }
            excluded.reserveCapacity(list.rows)
            for row in 0..<list.rows {
                let item = list[row, 0]
                guard item >= 0 && item < itemCount else {
                    throw TopKFilesError.indexOutOfRange(file: excludedItems, row: row, field: "item", value: item, limit: itemCount)
                }
                excluded.append(Int(item))
            }
        }
        var pairs: [Exclusions.Pair] = []
        if let excludedPairs {
            let table = try NPY.readInt64(at: excludedPairs)
            guard table.columns == 2 else {
                throw TopKFilesError.wrongShape(file: excludedPairs, shape: [table.rows, table.columns], expected: "(p, 2)")
            }
            pairs.reserveCapacity(table.rows)
            for row in 0..<table.rows {
                let query = table[row, 0], item = table[row, 1]
                guard query >= 0 && query < queryCount else {
                    throw TopKFilesError.indexOutOfRange(file: excludedPairs, row: row, field: "query", value: query, limit: queryCount)
                }
                guard item >= 0 && item < itemCount else {
                    throw TopKFilesError.indexOutOfRange(file: excludedPairs, row: row, field: "item", value: item, limit: itemCount)
                }
                pairs.append(.init(query: Int(query), item: Int(item)))
            }
        }
        return Exclusions(items: excluded, pairs: pairs)
    }
}

/// Input files of ``TopKFiles`` that do not fit together, naming the file, row and field.
public enum TopKFilesError: Error, Sendable, Equatable, CustomStringConvertible {
    case dimensionMismatch(queries: String, queryDimension: Int, items: String, itemDimension: Int)
    case wrongShape(file: String, shape: [Int], expected: String)
    case indexOutOfRange(file: String, row: Int, field: String, value: Int64, limit: Int)
    case sameOutput(ids: String, scores: String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let queries, let qd, let items, let id):
            return "dimension mismatch: \(queries) has \(qd) columns but \(items) has \(id)"
        case .wrongShape(let file, let shape, let expected):
            return "\(file): shape \(shape) where \(expected) is needed"
        case .indexOutOfRange(let file, let row, let field, let value, let limit):
            return "\(file): row \(row): \(field) \(value) is outside 0..<\(limit)"
        case .sameOutput(let ids, let scores):
            return "the ids output \(ids) and the scores output \(scores) are the same file"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
