import Foundation

extension FeedReader {
    /// Scans the next CSV record at `start`, skipping blank lines and reading more of the file
    /// as needed. The record is not consumed: it starts at `start` when this returns.
    /// - Returns: the scan (never ``CSVScan/Outcome/needMore``), or nil at the end of the file.
    func scanCSVRecord() throws(FeedReaderError) -> CSVScan? {
        while true {
            let available = end - start
            if available == 0 {
                if try refill() { continue }
                return nil
            }
            let p = buffer + start
            if p[0] == CSVRecordScanner.lineFeed {
                start += 1
                nextLine += 1
                continue
            }
            if p[0] == CSVRecordScanner.carriageReturn {
                if available == 1 {
                    if try refill() { continue }
                    start += 1  // a lone CR ends the file
                    continue
                }
                if p[1] == CSVRecordScanner.lineFeed {
                    start += 2
                    nextLine += 1
                    continue
                }
            }
            let scan = CSVRecordScanner.scan(
                p, available: available, atEOF: atEOF, maximumBytes: maximumRecordBytes,
                spans: spans, spanCapacity: spanCapacity)
            if scan.outcome == .needMore {
                try refill()
                continue
            }
            return scan
        }
    }

    /// Reads the header: maps its names to schema columns and checks them.
    func readHeader() throws(FeedReaderError) {
        var found = try scanCSVRecord()
        while let scan = found, scan.fieldCount > spanCapacity {
            spans.deallocate()
            spanCapacity = scan.fieldCount
            spans = .allocate(capacity: spanCapacity)
            found = try scanCSVRecord()
        }
        guard let scan = found else { throw FeedReaderError(file: path, problem: "empty file: no header") }
        let length: Int
        switch scan.outcome {
        case .complete(let bytes): length = bytes
        case .tooLong(inQuotes: false):
            throw FeedReaderError(file: path, problem: "header: longer than \(maximumRecordBytes) bytes")
        default:
            throw FeedReaderError(file: path, problem: "header: unterminated quoted field")
        }
        if scan.strayQuoteField >= 0 {
            throw FeedReaderError(
                file: path, problem: "header: text after the closing quote of field \(scan.strayQuoteField + 1)")
        }
        var names: [String] = []
        for k in 0..<scan.fieldCount {
            let span = spans[k]
            let content = buffer + start + span.offset
            let count = span.doubledQuotes
                ? CSVRecordScanner.removeDoubledQuotes(content, count: span.count) : span.count
            guard ByteScan.isValidUTF8(content, count: count) else {
                throw FeedReaderError(file: path, problem: "header: invalid UTF-8 in field \(k + 1)")
            }
            let name = String(decoding: UnsafeBufferPointer(start: content, count: count), as: UTF8.self)
            names.append(name.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
        }
        start += length
        nextLine += scan.newlines
        try mapHeader(names)
    }

    /// Maps header names to schema columns (trimmed, without regard to case) and checks that
    /// none is there twice and no required one is missing.
    private func mapHeader(_ names: [String]) throws(FeedReaderError) {
        var columnByName: [String: Int] = [:]
        for (column, name) in schema.columns.enumerated() { columnByName[name.lowercased()] = column }
        var present = [Bool](repeating: false, count: schema.columns.count)
        columnOfField = []
        unknownColumns = []
        for name in names {
            guard let column = columnByName[name.lowercased()] else {
                columnOfField.append(-1)
                if !unknownColumns.contains(name) { unknownColumns.append(name) }
                continue
            }
            if present[column] {
                throw FeedReaderError(file: path, problem: "header: duplicate column '\(name)'")
            }
            present[column] = true
            columnOfField.append(column)
        }
        let missing = schema.columns.indices.filter { !present[$0] && schema.required.contains(schema.columns[$0]) }
        if !missing.isEmpty {
            let list = missing.map { schema.columns[$0] }.joined(separator: ", ")
            throw FeedReaderError(file: path, problem: "missing required columns: \(list)")
        }
    }

    /// The loop of ``forEachRow(_:)`` for CSV.
    func forEachCSVRecord(_ body: (borrowing FeedRow) throws -> Void) throws {
        while let scan = try scanCSVRecord() {
            let line = nextLine
            switch scan.outcome {
            case .complete(let length):
                let record = buffer + start
                start += length
                nextLine += scan.newlines
                try deliver(fillFields(record, length: length, scan: scan), line: line, to: body)
            case .tooLong(inQuotes: false):
                try skipLine()
                try deliver(
                    RecordProblem(reason: "record longer than \(maximumRecordBytes) bytes"), line: line, to: body)
            case .unterminated, .tooLong(inQuotes: true), .needMore:
                try skipLine()
                try deliver(RecordProblem(reason: "unterminated quoted field"), line: line, to: body)
            }
        }
    }

    /// Sets the fields of a complete record from its spans: removes doubled quotes and checks
    /// the field count, the quoting and UTF-8.
    /// - Returns: the record's problem, or nil.
    private func fillFields(_ record: UnsafeMutablePointer<UInt8>, length: Int, scan: CSVScan) -> RecordProblem? {
        let expected = columnOfField.count
        guard scan.fieldCount == expected else {
            return RecordProblem(reason: "expected \(expected) fields, found \(scan.fieldCount)")
        }
        if scan.strayQuoteField >= 0 {
            let column = columnOfField[scan.strayQuoteField]
            if column >= 0 { return RecordProblem(field: schema.columns[column], reason: "text after closing quote") }
            return RecordProblem(reason: "text after the closing quote of field \(scan.strayQuoteField + 1)")
        }
        // Fields are cut at ASCII bytes, which no UTF-8 sequence contains: when the record is
        // valid so is every field, and only an invalid record needs a look field by field.
        let valid = ByteScan.isValidUTF8(record, count: length)
        fields.clear()
        for k in 0..<expected {
            let column = columnOfField[k]
            if column < 0 { continue }
            let span = spans[k]
            let content = record + span.offset
            var count = span.count
            if span.doubledQuotes { count = CSVRecordScanner.removeDoubledQuotes(content, count: count) }
            if !valid && !ByteScan.isValidUTF8(content, count: count) {
                return RecordProblem(field: schema.columns[column], reason: "invalid UTF-8")
            }
            fields.set(column, content, count)
        }
        return nil
    }
}
