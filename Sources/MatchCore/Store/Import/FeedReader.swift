import Foundation

/// Reads a DOE feed file (CSV with a header, or JSON Lines) record by record, fast and
/// without losing anything.
///
/// The file is read in large chunks into one buffer and scanned in place: no allocation per
/// record or field, no `String` per field. Each record reaches the callback of
/// ``forEachRow(_:)`` as a ``FeedRow`` whose fields are byte buffers by schema column.
///
/// A bad record never stops the file: it comes as a row with a ``FeedRow/problem`` (and no
/// fields), and reading goes on with the next one, so the importer can report every rejected
/// record by row and line. Only problems with the whole file throw ``FeedReaderError``: it
/// cannot be opened or read, or its CSV header is unusable.
///
/// ```swift
/// let reader = try FeedReader(path: path, format: .csv, schema: schema)
/// try reader.forEachRow { row in
///     if let problem = row.problem { rejected.append((row.row, problem)); return }
///     let id = row.field(0)  // valid only inside this closure
/// }
/// ```
///
/// ## CSV
/// RFC 4180 in UTF-8, with what real exports contain: an optional byte order mark; a header
/// row whose names are matched to the schema trimmed of spaces and without regard to case
/// (unknown names are listed in ``unknownColumns`` and ignored); `,` separators; fields
/// quoted with `"` holding `,`, `""` and line breaks; LF or CRLF; a last line without a line
/// end; blank lines skipped. Spaces around unquoted fields are kept. A record whose field count
/// differs from the header's, with text after a closing quote, or with invalid UTF-8 in a
/// schema column comes with a problem. A quoted field still open at the end of the file or
/// after ``maximumRecordBytes`` is one "unterminated quoted field" record at the line where it
/// started, and reading resumes on the next physical line, so the records after it are kept.
///
/// ## JSON Lines
/// One object per line (LF or CRLF), blank lines skipped. A key is a schema column when it
/// is exactly the column's name (case counts, no trimming; escapes are decoded first); other
/// keys and their values are skipped and their names collected. Strings are unescaped
/// (`\uXXXX` and surrogate pairs to UTF-8), numbers keep their literal text, `true` and
/// `false` are those words, `null` is absent. List columns take a string like the CSV field
/// or an array of strings and numbers, joined with `|`. A malformed line comes as "invalid
/// JSON: expected … at byte n" (n from 0 at the start of the line); a repeated key, an array
/// outside a list column, an object value, a nested array, a list item holding `|` and invalid
/// UTF-8 are problems of their column. Reading always goes on at the next line.
///
/// A reader owns an open file descriptor and its buffers; it reads its file once and is not
/// meant to be shared between threads.
public final class FeedReader {
    /// The path of the file, as given.
    public let path: String
    /// The format the file is read as.
    public let format: FeedFormat
    /// The columns records are read into.
    public let schema: FeedSchema
    /// The longest record (CSV, line end included) or line (JSON Lines) accepted, in bytes;
    /// a longer one comes as a row with a problem and reading resumes at the next line.
    public let maximumRecordBytes: Int
    /// Column names in the file that are not in the schema, in order of appearance, each
    /// once: the CSV header's (known when the reader is made), or JSON keys (collected while
    /// reading, at most 50). Their values are ignored.
    public internal(set) var unknownColumns: [String] = []
    /// The bytes read from the file so far, for progress (the reader reads ahead a chunk).
    public internal(set) var bytesRead = 0
    /// The size of the file in bytes when it was opened (0 when it is not a regular file).
    public let fileSize: Int

    /// The bytes asked of each `read(2)`.
    let chunkSize: Int
    let descriptor: Int32
    /// Bytes of the file: `buffer[start..<end]` are read and not yet consumed.
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var start = 0
    var end = 0
    /// True once `read(2)` has returned 0.
    var atEOF = false
    /// The 1-based physical line of `buffer[start]`.
    var nextLine = 1
    /// Records handed out so far.
    var rowCount = 0
    /// The fields of the current record, by schema column.
    let fields: FieldTable
    /// CSV: the schema column of each header field, -1 when not in the schema.
    var columnOfField: [Int] = []
    /// CSV: where the fields of the record being scanned are; room for `spanCapacity`.
    var spans: UnsafeMutablePointer<CSVFieldSpan>
    var spanCapacity: Int
    /// JSON Lines: the parser, with its key tables and scratch buffer.
    var json: JSONLineParser

    /// Opens the file and, for CSV, reads and checks its header.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - format: how to read it (see ``FeedFormat/init(path:)``).
    ///   - schema: the columns to read records into.
    ///   - maximumRecordBytes: the longest record or line accepted (default 1 MiB). A CSV
    ///     quoted field that is still open after this many bytes is taken as unterminated.
    /// - Throws: ``FeedReaderError`` when the file cannot be opened or read; for CSV also when
    ///   it has no header, the header names a schema column twice, lacks required columns,
    ///   or is itself malformed.
    public convenience init(
        path: String, format: FeedFormat, schema: FeedSchema, maximumRecordBytes: Int = 1 << 20
    ) throws(FeedReaderError) {
        try self.init(
            path: path, format: format, schema: schema, maximumRecordBytes: maximumRecordBytes,
            chunkSize: 4 << 20)
    }

    /// Opens the file reading `chunkSize` bytes at a time (tests use tiny chunks to put
    /// records across chunk boundaries).
    init(
        path: String, format: FeedFormat, schema: FeedSchema, maximumRecordBytes: Int, chunkSize: Int
    ) throws(FeedReaderError) {
        precondition(maximumRecordBytes > 0 && chunkSize > 0, "FeedReader: sizes must be positive")
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FeedReaderError(file: path, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else {
            let reason = (status.st_mode & S_IFMT) == S_IFDIR ? EISDIR : errno
            close(descriptor)
            throw FeedReaderError(file: path, problem: "cannot open: \(String(cString: strerror(reason)))")
        }
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        self.path = path
        self.format = format
        self.schema = schema
        self.maximumRecordBytes = maximumRecordBytes
        self.chunkSize = chunkSize
        self.descriptor = descriptor
        fileSize = (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : 0
        capacity = 2 * chunkSize
        buffer = .allocate(capacity: capacity)
        fields = .allocate(count: schema.columns.count)
        spanCapacity = max(schema.columns.count, 8)
        spans = .allocate(capacity: spanCapacity)
        json = JSONLineParser(schema: schema)

        try skipByteOrderMark()
        if format == .csv { try readHeader() }
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
        fields.deallocate()
        spans.deallocate()
        json.deallocate()
    }

    /// Calls `body` once per record, in file order, and returns at the end of the file.
    ///
    /// Every record comes, well formed or not: one with a ``FeedRow/problem`` has no fields.
    /// Blank lines are skipped. The row passed to `body` and its buffers are valid only
    /// during the call.
    ///
    /// When `body` throws, the error propagates and the record it was given counts as read:
    /// calling `forEachRow` again continues with the next one.
    /// - Throws: ``FeedReaderError`` when the file cannot be read; any error of `body`.
    /// - Complexity: O(file size), with no allocation per record or field.
    public func forEachRow(_ body: (borrowing FeedRow) throws -> Void) throws {
        switch format {
        case .csv: try forEachCSVRecord(body)
        case .jsonLines: try forEachJSONLine(body)
        }
    }

    // MARK: Buffer

    /// Reads the next chunk after the buffered bytes, first moving the unconsumed bytes to
    /// the front (or growing the buffer) when the room after them is less than a chunk.
    /// Offsets from `start` stay valid; pointers into the buffer do not.
    /// - Returns: false at the end of the file.
    @discardableResult
    func refill() throws(FeedReaderError) -> Bool {
        if atEOF { return false }
        if capacity - end < chunkSize {
            if start > 0 {
                memmove(buffer, buffer + start, end - start)
                end -= start
                start = 0
            }
            if capacity - end < chunkSize {
                let grown = max(2 * capacity, end + chunkSize)
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                bigger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
                capacity = grown
            }
        }
        while true {
            let got = read(descriptor, buffer + end, chunkSize)
            if got > 0 {
                end += got
                bytesRead += got
                return true
            }
            if got == 0 {
                atEOF = true
                return false
            }
            if errno == EINTR { continue }
            throw FeedReaderError(file: path, problem: "cannot read: \(String(cString: strerror(errno)))")
        }
    }

    /// Skips a UTF-8 byte order mark at the start of the file.
    func skipByteOrderMark() throws(FeedReaderError) {
        while end - start < 3, try refill() {}
        if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
    }

    /// Moves `start` past the next line feed (or to the end of the file) and counts the
    /// line: how reading resumes after a record too broken to find its end.
    func skipLine() throws(FeedReaderError) {
        while true {
            if let feed = memchr(buffer + start, 0x0A, end - start) {
                start = buffer.distance(to: feed.assumingMemoryBound(to: UInt8.self)) + 1
                nextLine += 1
                return
            }
            start = end
            guard try refill() else { return }
        }
    }

    /// Numbers the record and hands it to `body`, without fields when it has a problem.
    @inline(__always)
    func deliver(_ problem: RecordProblem?, line: Int, to body: (borrowing FeedRow) throws -> Void) throws {
        rowCount += 1
        if problem != nil { fields.clear() }
        try body(FeedRow(row: rowCount, line: line, problem: problem, fields: fields))
    }
}
