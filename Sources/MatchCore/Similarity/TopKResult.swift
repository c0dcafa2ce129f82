/// The `k` best items of every query, best first.
///
/// Row `q` of `ids` and `scores` belongs to query `q`. Scores are inner products, descending;
/// equal scores are ordered by the lower item index. When fewer than `k` items are eligible for
/// a query, its row ends with id `-1` and score `-infinity`.
public struct TopKResult: Sendable, Equatable {
    /// Item indices, queries × k.
    public var ids: DenseMatrix<Int32>
    /// Inner products, queries × k.
    public var scores: Matrix

    public init(ids: DenseMatrix<Int32>, scores: Matrix) {
        precondition(ids.rows == scores.rows && ids.columns == scores.columns, "ids and scores differ in shape")
        self.ids = ids
        self.scores = scores
    }

    /// Number of queries.
    public var queryCount: Int { ids.rows }
    /// Results kept per query.
    public var k: Int { ids.columns }

    /// The results of one query, best first, without padding.
    public func neighbors(ofQuery query: Int) -> [(item: Int, score: Float)] {
        (0..<k).compactMap { column in
            let id = ids[query, column]
            return id < 0 ? nil : (Int(id), scores[query, column])
        }
    }
}
