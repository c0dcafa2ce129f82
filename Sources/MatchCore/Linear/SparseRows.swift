import Dispatch

/// A sparse matrix stored by rows (compressed sparse rows): row r holds the entries
/// `columns[rowStart[r]..<rowStart[r + 1]]` with `values` at the same positions.
///
/// Used for the feature space's fit: documents × terms, IDF-weighted, before projection.
public struct SparseRows: Sendable, Equatable {
    public private(set) var rowStart: [Int]
    public private(set) var columns: [Int32]
    public private(set) var values: [Float]
    public let columnCount: Int

    /// An empty matrix of `columnCount` columns; add rows with ``append(row:)``.
    public init(columnCount: Int) {
        self.columnCount = columnCount
        rowStart = [0]
        columns = []
        values = []
    }

    public var rowCount: Int { rowStart.count - 1 }
    public var entryCount: Int { columns.count }

    /// Appends a row of (column, value) entries; columns must be in `0..<columnCount`.
    public mutating func append(row entries: some Sequence<(Int32, Float)>) {
        for (column, value) in entries {
            precondition(column >= 0 && Int(column) < columnCount, "column \(column) outside 0..<\(columnCount)")
            columns.append(column)
            values.append(value)
        }
        rowStart.append(columns.count)
    }

    /// The transpose, also by rows (so that Xᵀ·Y is a row-parallel product too).
    public func transposed() -> SparseRows {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for column in columns { counts[Int(column) + 1] += 1 }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        var result = SparseRows(columnCount: rowCount)
        result.rowStart = counts
        result.columns = [Int32](repeating: 0, count: columns.count)
        result.values = [Float](repeating: 0, count: columns.count)
        var next = counts
        for row in 0..<rowCount {
            for entry in rowStart[row]..<rowStart[row + 1] {
                let column = Int(columns[entry])
                result.columns[next[column]] = Int32(row)
                result.values[next[column]] = values[entry]
                next[column] += 1
            }
        }
        return result
    }

    /// self · `dense` (rowCount × dense.columns), rows computed in parallel. Each output row
    /// is summed in entry order by one thread, so the result does not depend on the number of
    /// threads.
    ///
    /// - Precondition: `dense.rows == columnCount`.
    public func multiply(_ dense: Matrix) -> Matrix {
        precondition(dense.rows == columnCount, "\(rowCount)×\(columnCount) times \(dense.rows)×\(dense.columns)")
        let width = dense.columns
        var output = Matrix(rows: rowCount, columns: width)
        let rows = rowCount
        guard rows > 0, width > 0 else { return output }
        output.withUnsafeMutableBufferPointer { out in
            let outBase = SharedPointer(out.baseAddress!)
            dense.withUnsafeBufferPointer { dense in
                let denseBase = SharedPointer(UnsafeMutablePointer(mutating: dense.baseAddress!))
                let chunk = 256
                DispatchQueue.concurrentPerform(iterations: (rows + chunk - 1) / chunk) { index in
                    multiplyRows(index * chunk..<min(rows, (index + 1) * chunk), dense: denseBase.base,
                                 width: width, into: outBase.base)
                }
            }
        }
        return output
    }

    /// Adds rows `range` of self · dense into `output` (row-major, `width` columns).
    private func multiplyRows(
        _ range: Range<Int>, dense: UnsafePointer<Float>, width: Int, into output: UnsafeMutablePointer<Float>
    ) {
        rowStart.withUnsafeBufferPointer { starts in
            columns.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                    for row in range {
                        let target = output + row * width
                        for entry in starts[row]..<starts[row + 1] {
                            let source = dense + Int(columns[entry]) * width
                            let value = values[entry]
                            addScaled(value, source, to: target, count: width)
                        }
                    }
                }
            }
        }
    }
}

/// y += a·x over `count` floats, eight at a time (the compiler does not vectorise the plain loop,
/// not knowing that x and y never overlap).
@inline(__always)
func addScaled(_ a: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
    let scale = SIMD8<Float>(repeating: a)
    var j = 0
    while j + 8 <= count {
        let source = UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self)
        let target = UnsafeMutableRawPointer(y + j)
        target.storeBytes(of: target.loadUnaligned(as: SIMD8<Float>.self) + scale * source, as: SIMD8<Float>.self)
        j += 8
    }
    while j < count {
        y[j] += a * x[j]
        j += 1
    }
}
