/// One record of a feed file, as ``FeedReader/forEachRow(_:)`` hands it over: its position
/// and its fields by schema column number.
///
/// The fields point into the reader's buffers, which the next record reuses: a row and the
/// buffers it gives are valid only inside the callback that receives it. Copy out what must
/// be kept (the value parsers make their own values from the bytes).
public struct FeedRow {
    /// The 1-based number of the data record in the file (the CSV header and blank lines
    /// are not counted; a record with a ``problem`` is).
    public var row: Int
    /// The 1-based physical line where the record starts (every line counts: header, blank
    /// lines and lines inside quoted CSV fields).
    public var line: Int
    /// A structural problem that makes the whole record unusable, or nil when the record is
    /// well formed. When it is set every ``field(_:)`` is nil.
    public var problem: RecordProblem?

    @usableFromInline let fields: FieldTable

    init(row: Int, line: Int, problem: RecordProblem?, fields: FieldTable) {
        self.row = row
        self.line = line
        self.problem = problem
        self.fields = fields
    }

    /// The number of schema columns: valid arguments of ``field(_:)`` are `0..<columnCount`.
    public var columnCount: Int { fields.count }

    /// The bytes of the field in schema column `column` (an index of
    /// ``FeedSchema/columns``), UTF-8, unescaped.
    ///
    /// - nil: the column is absent: not in the CSV header, the JSON key missing or `null`,
    ///   or the record has a ``problem``.
    /// - An empty buffer: present but empty (`""` or nothing between commas in CSV, `""` or
    ///   `[]` in JSON).
    ///
    /// CSV bytes are the field as written, quotes removed and `""` made `"`; spaces around an
    /// unquoted field are kept. JSON strings are unescaped, numbers are their literal text,
    /// `true` and `false` are those words, and arrays of a list column are their items joined
    /// with `|`.
    /// - Precondition: `0 <= column < columnCount`.
    @inlinable
    public func field(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        precondition(column >= 0 && column < fields.count, "FeedRow.field: no column \(column)")
        let count = fields.counts[column]
        guard count >= 0 else { return nil }
        return UnsafeBufferPointer(start: fields.starts[column], count: count)
    }
}

/// Where the fields of the current record are: for each schema column a start and a byte
/// count, -1 when absent. Allocated once per reader and reused for every record.
@usableFromInline
struct FieldTable {
    @usableFromInline let count: Int
    @usableFromInline let starts: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    @usableFromInline let counts: UnsafeMutablePointer<Int>

    /// A table of `count` absent fields; free it with ``deallocate()``.
    static func allocate(count: Int) -> FieldTable {
        let table = FieldTable(
            count: count,
            starts: .allocate(capacity: max(count, 1)),
            counts: .allocate(capacity: max(count, 1)))
        table.starts.initialize(repeating: nil, count: max(count, 1))
        table.clear()
        return table
    }

    func deallocate() {
        starts.deallocate()
        counts.deallocate()
    }

    /// Makes every field absent.
    @inline(__always)
    func clear() {
        counts.initialize(repeating: -1, count: max(count, 1))
    }

    /// Sets column `column` to `count` bytes at `start`.
    @inline(__always)
    func set(_ column: Int, _ start: UnsafePointer<UInt8>, _ count: Int) {
        starts[column] = start
        counts[column] = count
    }
}
