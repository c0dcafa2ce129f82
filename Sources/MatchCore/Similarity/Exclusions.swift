/// Items a search must not return, applied before selection so that a query still gets `k`
/// results whenever `k` eligible items exist.
///
/// - Global exclusions remove an item for every query (a closed vacancy, a seeker who found work).
/// - Pair exclusions remove one item for one query (a vacancy the seeker already applied to).
///
/// Indices are row numbers of the query and item matrices of the search. Both lists are kept
/// sorted and free of duplicates.
public struct Exclusions: Sendable, Equatable {
    /// Item indices excluded for every query, ascending.
    public private(set) var items: [Int]
    /// (query, item) pairs excluded, ascending by query then item.
    public private(set) var pairs: [Pair]

    /// One excluded (query, item) pair.
    public struct Pair: Sendable, Hashable, Comparable {
        public var query: Int
        public var item: Int
        public init(query: Int, item: Int) {
            self.query = query
            self.item = item
        }
        public static func < (a: Pair, b: Pair) -> Bool { (a.query, a.item) < (b.query, b.item) }
    }

    /// No exclusions.
    public static let none = Exclusions()

    public init(items: some Sequence<Int> = [], pairs: some Sequence<Pair> = []) {
        self.items = Array(Set(items)).sorted()
        self.pairs = Array(Set(pairs)).sorted()
    }

    /// True when nothing is excluded.
    public var isEmpty: Bool { items.isEmpty && pairs.isEmpty }

    /// Checks every index against the shape of a search.
    func validate(queryCount: Int, itemCount: Int) throws(SearchError) {
        if let bad = items.first(where: { $0 < 0 || $0 >= itemCount }) {
            throw .exclusionOutOfRange(what: "excluded item \(bad)", limit: itemCount)
        }
        if let bad = pairs.first(where: { $0.query < 0 || $0.query >= queryCount }) {
            throw .exclusionOutOfRange(what: "excluded pair's query \(bad.query)", limit: queryCount)
        }
        if let bad = pairs.first(where: { $0.item < 0 || $0.item >= itemCount }) {
            throw .exclusionOutOfRange(what: "excluded pair's item \(bad.item)", limit: itemCount)
        }
    }

    /// A bit per item, set for globally excluded items; empty when there are none.
    func itemBitmap(itemCount: Int) -> [UInt64] {
        guard !items.isEmpty else { return [] }
        var bits = [UInt64](repeating: 0, count: (itemCount + 63) / 64)
        for item in items { bits[item >> 6] |= 1 << UInt64(item & 63) }
        return bits
    }

    /// The index of the first pair whose query is at least `query`.
    func firstPair(atOrAfterQuery query: Int) -> Int {
        var low = 0, high = pairs.count
        while low < high {
            let mid = (low + high) / 2
            if pairs[mid].query < query { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// A search that cannot run on its inputs.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Checks the inputs of a top-k search: one dimension, k ≥ 0, ids that fit in Int32,
    /// exclusions inside the matrices.
    static func check(queries: Matrix, items: Matrix, k: Int, exclusions: Exclusions) throws(SearchError) {
        guard queries.columns == items.columns else {
            throw .dimensionMismatch(queries: queries.columns, items: items.columns)
        }
        guard k >= 0 else { throw .negativeK(k) }
        guard items.rows <= Int(Int32.max) else { throw .tooManyItems(items.rows) }
        try exclusions.validate(queryCount: queries.rows, itemCount: items.rows)
    }

    /// Queries and items have different dimensions.
    case dimensionMismatch(queries: Int, items: Int)
    /// `k` is negative.
    case negativeK(Int)
    /// An exclusion names an index outside the matrices.
    case exclusionOutOfRange(what: String, limit: Int)
    /// More items than 32-bit result ids can hold.
    case tooManyItems(Int)

    public var description: String {
        switch self {
        case .dimensionMismatch(let q, let i):
            return "queries have dimension \(q) but items have dimension \(i)"
        case .negativeK(let k):
            return "k must be 0 or more, not \(k)"
        case .exclusionOutOfRange(let what, let limit):
            return "\(what) is outside 0..<\(limit)"
        case .tooManyItems(let n):
            return "\(n) items is more than \(Int32.max), the most a search can index"
        }
    }
}
