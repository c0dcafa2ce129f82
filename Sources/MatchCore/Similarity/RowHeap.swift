import QuantizedKernels

/// The `k` best (score, item) pairs seen so far for one query, kept as a bounded min-heap in
/// that query's own output row, so selection needs no memory beyond the result.
///
/// The root is the worst pair kept: the lowest score, and among equal scores the highest item
/// index. Items must be offered in ascending index order; then a new item with a score equal to
/// the worst kept one loses, which is the rule "ties go to the lower item index".
struct RowHeap {
    let scores: UnsafeMutablePointer<Float>
    let ids: UnsafeMutablePointer<Int32>
    let capacity: Int
    private(set) var count = 0

    init(scores: UnsafeMutablePointer<Float>, ids: UnsafeMutablePointer<Int32>, capacity: Int) {
        self.scores = scores
        self.ids = ids
        self.capacity = capacity
    }

    /// The score an item must beat to be kept (−∞ until the heap is full).
    @inline(__always)
    var threshold: Float { count < capacity ? -.infinity : scores[0] }

    /// Offers every score of one block row, whose first column is item `firstItem`.
    ///
    /// Scores of −∞ are never kept (that is how per-query exclusions arrive); items whose bit is
    /// set in `excluded` are skipped. One vector pass in C (`jm_positions_above`: a compare and a
    /// compress store per 16 scores with AVX-512) lists the few scores above the worst kept one
    /// into `positions` (room for `width`), and only those reach the heap: a threshold that rises
    /// during the row only makes some of them lose their compare here.
    ///
    /// With `clear`, the row is left all zeros: the caller's next `sgemm` accumulates into it
    /// (β = 1), which spares BLAS a separate pass to clear it, while the row is still in cache.
    @inline(__always)
    mutating func offer(
        row: UnsafeMutablePointer<Float>, count width: Int, firstItem: Int, excluded: UnsafePointer<UInt64>?,
        positions: UnsafeMutablePointer<Int32>, clear: Bool
    ) {
        if capacity > 0 {
            var worst = threshold
            let found = jm_positions_above(row, width, worst, positions)
            for slot in 0..<found {
                let column = Int(positions[slot])
                let score = row[column]
                if score > worst { consider(score, item: firstItem + column, excluded: excluded, worst: &worst) }
            }
        }
        if clear { row.update(repeating: 0, count: width) }
    }

    @inline(__always)
    private mutating func consider(_ score: Float, item: Int, excluded: UnsafePointer<UInt64>?, worst: inout Float) {
        if let excluded, excluded[item >> 6] & (1 << UInt64(item & 63)) != 0 { return }
        if count < capacity {
            push(score, Int32(truncatingIfNeeded: item))
        } else {
            replaceRoot(score, Int32(truncatingIfNeeded: item))
        }
        worst = threshold
    }

    @inline(__always)
    private func isWorse(_ a: Int, than b: Int) -> Bool {
        scores[a] < scores[b] || (scores[a] == scores[b] && ids[a] > ids[b])
    }

    @inline(__always)
    private func swapAt(_ a: Int, _ b: Int) {
        swap(&scores[a], &scores[b])
        swap(&ids[a], &ids[b])
    }

    private mutating func push(_ score: Float, _ id: Int32) {
        var child = count
        scores[child] = score
        ids[child] = id
        count += 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard isWorse(child, than: parent) else { break }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func replaceRoot(_ score: Float, _ id: Int32) {
        scores[0] = score
        ids[0] = id
        siftDown(from: 0, size: count)
    }

    private func siftDown(from start: Int, size: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < size else { return }
            var worse = left
            if left + 1 < size && isWorse(left + 1, than: left) { worse = left + 1 }
            guard isWorse(worse, than: parent) else { return }
            swapAt(worse, parent)
            parent = worse
        }
    }

    /// Sorts the kept pairs best first (heap sort in place) and pads the rest of the row with
    /// id −1 and score −∞.
    mutating func finish() {
        var size = count
        while size > 1 {
            swapAt(0, size - 1)  // the worst left goes to the back
            size -= 1
            siftDown(from: 0, size: size)
        }
        for column in count..<capacity {
            scores[column] = -.infinity
            ids[column] = -1
        }
    }
}

/// The `capacity` best (score, item) pairs of one query as a min-heap of packed 64-bit keys:
/// the 8-bit first pass's candidates, kept in a row of its worker.
///
/// A key is the score's bits made to order as unsigned integers, then the item index inverted
/// (`UInt32.max − item`): keys order as (score, lower item first), so one integer compare and one
/// 8-byte move per level replace ``RowHeap``'s two-array compare and swap. One difference from
/// Float comparison: −0 orders below +0 (the 8-bit kernel never writes −0). Items must be
/// offered in ascending index order, as for ``RowHeap``.
struct KeyHeap {
    let keys: UnsafeMutablePointer<UInt64>
    let capacity: Int
    private(set) var count = 0

    init(keys: UnsafeMutablePointer<UInt64>, capacity: Int) {
        self.keys = keys
        self.capacity = capacity
    }

    @inline(__always)
    static func key(score: Float, item: Int) -> UInt64 {
        let bits = score.bitPattern
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(ordered) << 32 | UInt64(UInt32.max - UInt32(truncatingIfNeeded: item))
    }

    @inline(__always)
    static func score(_ key: UInt64) -> Float {
        let ordered = UInt32(truncatingIfNeeded: key >> 32)
        return Float(bitPattern: ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered)
    }

    @inline(__always)
    static func item(_ key: UInt64) -> Int { Int(UInt32.max - UInt32(truncatingIfNeeded: key)) }

    /// The score an item must beat to be kept (−∞ until the heap is full).
    @inline(__always)
    var threshold: Float { count < capacity ? -.infinity : Self.score(keys[0]) }

    /// Offers every score of one block row (as ``RowHeap/offer(row:count:firstItem:excluded:positions:clear:)``,
    /// without clearing).
    @inline(__always)
    mutating func offer(row: UnsafeMutablePointer<Float>, count width: Int, firstItem: Int, excluded: UnsafePointer<UInt64>?,
                        positions: UnsafeMutablePointer<Int32>) {
        guard capacity > 0 else { return }
        let found = jm_positions_above(row, width, threshold, positions)
        for slot in 0..<found {
            let column = Int(positions[slot]), item = firstItem + column
            if let excluded, excluded[item >> 6] & (1 << UInt64(item & 63)) != 0 { continue }
            let key = Self.key(score: row[column], item: item)
            if count < capacity {
                push(key)
            } else if key > keys[0] {
                replaceRoot(key)
            }
        }
    }

    private mutating func push(_ key: UInt64) {
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard key < keys[parent] else { break }
            keys[child] = keys[parent]
            child = parent
        }
        keys[child] = key
    }

    private func replaceRoot(_ key: UInt64) {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var smaller = left
            if left + 1 < count && keys[left + 1] < keys[left] { smaller = left + 1 }
            guard keys[smaller] < key else { break }
            keys[parent] = keys[smaller]
            parent = smaller
        }
        keys[parent] = key
    }
}
