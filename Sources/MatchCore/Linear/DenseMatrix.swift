/// A dense row-major matrix (rows × columns) of plain values, with value semantics.
///
/// Ownership: the elements live in one heap allocation owned by a reference-counted storage
/// object. Copies of a matrix and row-range views made by ``rows(_:)`` share that allocation
/// without copying; the first mutation through a copy that is not the only owner copies the
/// rows it covers (copy-on-write), so a change is never seen through another value. The storage
/// is freed when the last matrix or view that uses it goes away. Pointers handed to the
/// `withUnsafe…` closures are valid only inside the closure.
///
/// `Matrix` (Float32) holds feature vectors, one row per seeker or vacancy; `DenseMatrix<Int32>`
/// holds top-k item indices.
public struct DenseMatrix<Element: BitwiseCopyable & Sendable>: Sendable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns (the dimension of each row vector).
    public let columns: Int
    private var storage: Storage
    /// Index of this matrix's first element inside `storage`.
    private var offset: Int

    /// A matrix of `rows × columns` copies of `value`.
    public init(rows: Int, columns: Int, repeating value: Element) {
        self.init(rows: rows, columns: columns) { buffer in buffer.initialize(repeating: value) }
    }

    /// A matrix whose elements are `elements`, row after row.
    public init(rows: Int, columns: Int, elements: some Collection<Element>) {
        precondition(elements.count == rows * columns,
                     "\(elements.count) elements do not fill \(rows) × \(columns)")
        self.init(rows: rows, columns: columns) { buffer in _ = buffer.initialize(from: elements) }
    }

    /// A matrix whose elements are written by `initializer`, which must initialise all
    /// `rows × columns` of them (row after row). Nothing is copied afterwards, so this is how
    /// large inputs are read straight into place.
    public init<E: Error>(
        rows: Int, columns: Int,
        initializingWith initializer: (UnsafeMutableBufferPointer<Element>) throws(E) -> Void
    ) throws(E) {
        precondition(rows >= 0 && columns >= 0, "negative shape \(rows) × \(columns)")
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        precondition(!overflow, "shape \(rows) × \(columns) overflows")
        let storage = Storage(count: count)
        try initializer(UnsafeMutableBufferPointer(start: storage.base, count: count))
        self.rows = rows
        self.columns = columns
        self.storage = storage
        self.offset = 0
    }

    /// Number of elements, `rows × columns`.
    public var count: Int { rows * columns }

    /// The element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Element {
        get {
            checkIndex(row, column)
            return storage.base[offset + row * columns + column]
        }
        set {
            checkIndex(row, column)
            makeUnique()
            storage.base[offset + row * columns + column] = newValue
        }
    }

    /// A copy of one row's elements.
    public func row(_ row: Int) -> [Element] {
        precondition(row >= 0 && row < rows, "row \(row) out of 0..<\(rows)")
        let start = storage.base + offset + row * columns
        return Array(UnsafeBufferPointer(start: start, count: columns))
    }

    /// The rows in `range` as a matrix that shares this one's storage (no copy).
    ///
    /// - Complexity: O(1).
    public func rows(_ range: Range<Int>) -> DenseMatrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows,
                     "rows \(range) out of 0..<\(rows)")
        var view = self
        view.offset = offset + range.lowerBound * columns
        view.rows = range.count
        return view
    }

    /// Calls `body` with the elements, row after row (`rows × columns` of them).
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: storage.base + offset, count: count))
        }
    }

    /// Calls `body` with the elements for writing, copying them first if they are shared.
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        makeUnique()
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeMutableBufferPointer(start: storage.base + offset, count: count))
        }
    }

    /// The elements as an array, row after row.
    public var elements: [Element] { withUnsafeBufferPointer { Array($0) } }

    /// The writable elements of this matrix for MatchCore's parallel kernels, which write
    /// disjoint rows from several tasks. The caller keeps `self` alive, and neither copies nor
    /// reads it through another value, until the writes are done.
    mutating func unsafeMutableBaseAddress() -> UnsafeMutablePointer<Element> {
        makeUnique()
        return storage.base + offset
    }

    private func checkIndex(_ row: Int, _ column: Int) {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                     "index (\(row), \(column)) out of \(rows) × \(columns)")
    }

    private mutating func makeUnique() {
        if isKnownUniquelyReferenced(&storage) { return }
        let fresh = Storage(count: count)
        fresh.base.initialize(from: storage.base + offset, count: count)
        storage = fresh
        offset = 0
    }

    /// The allocation. Immutable while shared; written only through a uniquely held reference.
    private final class Storage: @unchecked Sendable {
        let base: UnsafeMutablePointer<Element>
        let count: Int

        init(count: Int) {
            self.count = count
            base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        }

        deinit { base.deallocate() }
    }
}

extension DenseMatrix where Element: Numeric {
    /// A `rows × columns` matrix of zeros.
    public init(rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, repeating: .zero)
    }
}

extension DenseMatrix: Equatable where Element: Equatable {
    public static func == (lhs: DenseMatrix, rhs: DenseMatrix) -> Bool {
        guard lhs.rows == rhs.rows, lhs.columns == rhs.columns else { return false }
        return lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    }
}

extension DenseMatrix: CustomStringConvertible {
    public var description: String { "DenseMatrix<\(Element.self)>(\(rows) × \(columns))" }
}

/// Float32 feature vectors, row-major (count × dimension).
public typealias Matrix = DenseMatrix<Float>
