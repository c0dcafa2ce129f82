/// Items a search must not return, applied before selection so that a query still gets `k`
/// results whenever `k` eligible items exist.
///
/// - Global exclusions remove an item for every query (a closed vacancy, a seeker who found work).
/// - Pair exclusions remove one item for one query (a vacancy the seeker already applied to).
///
/// - Masks remove a set of items for a class of queries (the vacancies a foreign worker may not
///   be shown, say): each query names at most one mask, and a mask is a bitmap over the items.
///
/// Indices are row numbers of the query and item matrices of the search. Both lists are kept
/// sorted and free of duplicates.
public struct Exclusions: Sendable, Equatable {
    /// Item indices excluded for every query, ascending.
    public private(set) var items: [Int]
    /// (query, item) pairs excluded, ascending by query then item.
    public private(set) var pairs: [Pair]
    /// Item sets excluded for classes of queries, if any.
    public private(set) var masks: ItemMasks?

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

    public init(items: some Sequence<Int> = [], pairs: some Sequence<Pair> = [], masks: ItemMasks? = nil) {
        self.items = Array(Set(items)).sorted()
        self.pairs = Array(Set(pairs)).sorted()
        self.masks = masks
    }

    /// Pairs already sorted by query then item and free of duplicates (checked).
    init(sortedPairs: [Pair], masks: ItemMasks?) {
        precondition(zip(sortedPairs, sortedPairs.dropFirst()).allSatisfy { $0 < $1 }, "pairs out of order")
        items = []
        pairs = sortedPairs
        self.masks = masks
    }

    /// True when nothing is excluded.
    public var isEmpty: Bool { items.isEmpty && pairs.isEmpty && masks == nil }

    /// True when `item` is excluded for `query`.
    public func excludes(query: Int, item: Int) -> Bool {
        if let masks, masks.excludes(query: query, item: item) { return true }
        if items.binarySearch(item) { return true }
        return pairs.binarySearch(Pair(query: query, item: item))
    }

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
        if let masks {
            guard masks.maskOfQuery.count == queryCount else {
                throw .exclusionOutOfRange(what: "masks for \(masks.maskOfQuery.count) queries", limit: queryCount)
            }
            guard masks.itemCount == itemCount else {
                throw .exclusionOutOfRange(what: "masks over \(masks.itemCount) items", limit: itemCount)
            }
        }
    }

    /// Per mask, the mask's bitmap or'ed with the globally excluded items (`words` words each),
    /// so that a query's row needs one bitmap; empty without masks.
    func mergedMasks(globalBitmap: [UInt64]) -> [UInt64] {
        guard var merged = masks?.bits else { return [] }
        guard !globalBitmap.isEmpty else { return merged }
        let words = globalBitmap.count
        for mask in 0..<masks!.count {
            for word in 0..<words { merged[mask * words + word] |= globalBitmap[word] }
        }
        return merged
    }

    /// A bit per item, set for globally excluded items; empty when there are none.
    func itemBitmap(itemCount: Int) -> [UInt64] {
        guard !items.isEmpty else { return [] }
        var bits = [UInt64](repeating: 0, count: (itemCount + 63) / 64)
        for item in items { bits[item >> 6] |= 1 << UInt64(item & 63) }
        return bits
    }

    /// The index of the first pair whose query is at least `query`.
    func firstPair(atOrAfterQuery query: Int) -> Int { pairs.firstIndex(atOrAfterQuery: query) }
}

extension [Exclusions.Pair] {
    /// In pairs sorted by query: the index of the first pair of `query` or a later query (a
    /// binary search).
    func firstIndex(atOrAfterQuery query: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].query < query { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// In pairs sorted by query: the pairs of `query`.
    func pairs(ofQuery query: Int) -> ArraySlice<Exclusions.Pair> {
        let start = firstIndex(atOrAfterQuery: query)
        var end = start
        while end < count && self[end].query == query { end += 1 }
        return self[start..<end]
    }
}

/// Item sets that classes of queries must not get: bitmaps over the items (a set bit excludes
/// the item), and for each query the mask it takes (−1: none).
///
/// Made for rules that depend on a few traits of each side (``EligibilityTable`` builds them):
/// a mask per class of queries costs `items / 8` bytes however many queries share it.
public struct ItemMasks: Sendable, Equatable {
    /// Items the bitmaps cover.
    public let itemCount: Int
    /// Bitmaps, `words` words each, one after the other.
    let bits: [UInt64]
    /// Per query, its mask, or −1.
    public let maskOfQuery: [Int32]

    /// Words of one bitmap.
    var words: Int { (itemCount + 63) / 64 }
    /// Masks held.
    public var count: Int { words == 0 ? 0 : bits.count / words }

    /// - Parameters:
    ///   - excluded: per mask, the items it excludes.
    ///   - maskOfQuery: per query, an index into `excluded` or −1.
    public init(itemCount: Int, excluded: [[Int]], maskOfQuery: [Int32]) {
        let words = (itemCount + 63) / 64
        var bits = [UInt64](repeating: 0, count: words * excluded.count)
        for (mask, items) in excluded.enumerated() {
            for item in items {
                precondition(item >= 0 && item < itemCount, "item \(item) outside 0..<\(itemCount)")
                bits[mask * words + item >> 6] |= 1 << UInt64(item & 63)
            }
        }
        self.init(itemCount: itemCount, bits: bits, maskOfQuery: maskOfQuery)
    }

    /// From bitmaps already built (`(itemCount + 63) / 64` words each).
    init(itemCount: Int, bits: [UInt64], maskOfQuery: [Int32]) {
        let words = (itemCount + 63) / 64
        precondition(words == 0 ? bits.isEmpty : bits.count % words == 0, "bitmaps of another length")
        let count = words == 0 ? 0 : bits.count / words
        precondition(maskOfQuery.allSatisfy { $0 == -1 || (0..<Int32(count)).contains($0) }, "a query names a mask that does not exist")
        self.itemCount = itemCount
        self.bits = bits
        self.maskOfQuery = maskOfQuery
    }

    /// True when `query`'s mask excludes `item`.
    public func excludes(query: Int, item: Int) -> Bool {
        let mask = Int(maskOfQuery[query])
        guard mask >= 0 else { return false }
        return bits[mask * words + item >> 6] & (1 << UInt64(item & 63)) != 0
    }
}

extension Array where Element: Comparable {
    /// True when the sorted array holds `value`.
    func binarySearch(_ value: Element) -> Bool {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value
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
