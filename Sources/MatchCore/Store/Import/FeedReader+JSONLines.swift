import Foundation

extension FeedReader {
    /// The loop of ``forEachRow(_:)`` for JSON Lines: finds each line, parses it as one
    /// object, and resumes at the next line whatever was wrong with it.
    func forEachJSONLine(_ body: (borrowing FeedRow) throws -> Void) throws {
        // Bytes after `start` known to hold no line feed, so a long line is searched once.
        var searched = 0
        while true {
            let available = end - start
            // A line longer than the maximum has no line feed in its first maximum + 1 bytes.
            let window = min(available, maximumRecordBytes + 1)
            if window > searched, let feed = memchr(buffer + start + searched, 0x0A, window - searched) {
                let length = buffer.distance(to: feed.assumingMemoryBound(to: UInt8.self)) - start
                searched = 0
                try parseLine(length: length, terminator: 1, body)
                continue
            }
            searched = window
            if available > maximumRecordBytes {
                let line = nextLine
                try skipLine()
                searched = 0
                try deliver(
                    RecordProblem(reason: "line longer than \(maximumRecordBytes) bytes"), line: line, to: body)
                continue
            }
            if atEOF {
                if available == 0 { return }
                searched = 0
                try parseLine(length: available, terminator: 0, body)
                continue
            }
            try refill()
        }
    }

    /// Consumes the line of `length` bytes at `start` and its line feed (`terminator` bytes),
    /// parses it and hands the record to `body`, unless the line is blank.
    private func parseLine(length: Int, terminator: Int, _ body: (borrowing FeedRow) throws -> Void) throws {
        let line = buffer + start
        let lineNumber = nextLine
        start += length + terminator
        nextLine += 1
        var count = length
        if count > 0 && line[count - 1] == CSVRecordScanner.carriageReturn { count -= 1 }
        if JSONLineParser.isBlank(line, count: count) { return }
        fields.clear()
        var problem: RecordProblem?
        do {
            try json.parse(line, count: count, into: fields)
        } catch {
            problem = error.problem
        }
        if json.unknownKeys.count > unknownColumns.count {
            for key in unknownColumns.count..<json.unknownKeys.count { unknownColumns.append(json.unknownKeys.name(key)) }
        }
        try deliver(problem, line: lineNumber, to: body)
    }
}
