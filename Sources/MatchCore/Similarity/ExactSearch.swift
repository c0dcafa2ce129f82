/// Brute-force top-k: the oracle that ``BlockedSearch`` is tested against.
///
/// Every score is a Float64 dot product; every eligible item is sorted. Slow (no BLAS, no
/// blocking, O(n log n) per query) and obviously right.
public enum ExactSearch {
    /// Same contract as ``BlockedSearch/search(queries:items:k:exclusions:progress:)``.
    public static func search(
        queries: Matrix, items: Matrix, k: Int, exclusions: Exclusions = .none
    ) throws(SearchError) -> TopKResult {
        try SearchError.check(queries: queries, items: items, k: k, exclusions: exclusions)
        let closed = Set(exclusions.items)
        let applied = Set(exclusions.pairs)
        var ids = DenseMatrix<Int32>(rows: queries.rows, columns: k, repeating: -1)
        var scores = Matrix(rows: queries.rows, columns: k, repeating: -.infinity)
        for query in 0..<queries.rows {
            let q = queries.row(query)
            var ranked: [(score: Double, item: Int)] = []
            for item in 0..<items.rows where !closed.contains(item)
                && !applied.contains(.init(query: query, item: item)) && !(exclusions.masks?.excludes(query: query, item: item) ?? false) {
                let x = items.row(item)
                var dot: Double = 0
                for l in 0..<q.count { dot += Double(q[l]) * Double(x[l]) }
                ranked.append((dot, item))
            }
            ranked.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
            for (column, entry) in ranked.prefix(k).enumerated() {
                ids[query, column] = Int32(entry.item)
                scores[query, column] = Float(entry.score)
            }
        }
        return TopKResult(ids: ids, scores: scores)
    }
}
