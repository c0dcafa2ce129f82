/// Where one field of a CSV record is, relative to the record's first byte.
struct CSVFieldSpan {
    /// The first byte of the content (after the opening quote of a quoted field).
    var offset: Int
    /// The bytes of the content, doubled quotes still doubled.
    var count: Int
    /// True when the field is quoted and contains `""`, to be made `"`.
    var doubledQuotes: Bool
}

/// What scanning one CSV record found.
struct CSVScan {
    enum Outcome: Equatable {
        /// The record is complete; `length` bytes, its line end included.
        case complete(length: Int)
        /// The buffered bytes end inside the record and the file goes on.
        case needMore
        /// The file ends inside a quoted field.
        case unterminated
        /// The record does not end within the maximum record size; `inQuotes` tells whether
        /// the scan was inside a quoted field there.
        case tooLong(inQuotes: Bool)
    }

    var outcome: Outcome = .needMore
    /// Fields seen; spans are written for the first `spanCapacity` of them.
    var fieldCount = 0
    /// Line feeds in the record, its line end included.
    var newlines = 0
    /// The first field with text after its closing quote (`"abc"x`), or -1.
    var strayQuoteField = -1
}

/// Finds the fields and the end of one CSV record in a buffer (RFC 4180: `,` separates,
/// `"` quotes, `""` in a quoted field is a quote, LF or CRLF ends a record outside quotes).
///
/// The scan only reads: it records spans and leaves the bytes as they are, so that it can be
/// repeated from the record's start once more of the file is buffered. After a complete
/// scan, ``removeDoubledQuotes(_:count:)`` unescapes the fields that need it in place.
enum CSVRecordScanner {
    static let comma: UInt8 = 0x2C
    static let quote: UInt8 = 0x22
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// Scans the record starting at `record`.
    ///
    /// - Parameters:
    ///   - record: the record's first byte (not a blank line).
    ///   - available: bytes buffered from `record` on.
    ///   - atEOF: true when nothing follows the buffered bytes.
    ///   - maximumBytes: the largest record accepted; a record not ended within it is
    ///     ``CSVScan/Outcome/tooLong(inQuotes:)`` whatever the buffer holds beyond.
    ///   - spans: where to write field spans, room for `spanCapacity`.
    static func scan(
        _ record: UnsafePointer<UInt8>, available: Int, atEOF: Bool, maximumBytes: Int,
        spans: UnsafeMutablePointer<CSVFieldSpan>, spanCapacity: Int
    ) -> CSVScan {
        let p = record
        let truncated = available > maximumBytes
        let stop = truncated ? maximumBytes : available
        // Reaching `stop` means the end of the file only when nothing was cut off.
        let final = atEOF && !truncated
        var scan = CSVScan()
        // The outcome when the scan reaches `stop` without the record ending there.
        let cutOff: CSVScan.Outcome = truncated ? .tooLong(inQuotes: false) : .needMore
        var i = 0
        while true {
            if i < stop && p[i] == quote {
                // Quoted field: up to a quote not followed by another.
                var j = i + 1
                var doubled = false
                var closed = false
                while true {
                    while stop - j >= 8 {
                        let word = ByteScan.word(p + j)
                        let found = ByteScan.has(word, quote) | ByteScan.has(word, lineFeed)
                        if found != 0 {
                            j += ByteScan.firstFlagged(found)
                            break
                        }
                        j += 8
                    }
                    if j >= stop { break }
                    let byte = p[j]
                    if byte == quote {
                        if j + 1 < stop && p[j + 1] == quote {
                            doubled = true
                            j += 2
                            continue
                        }
                        closed = j + 1 < stop || final
                        break
                    }
                    if byte == lineFeed { scan.newlines += 1 }
                    j += 1
                }
                guard closed else {
                    scan.outcome = final ? .unterminated : (truncated ? .tooLong(inQuotes: true) : .needMore)
                    return scan
                }
                if scan.fieldCount < spanCapacity {
                    spans[scan.fieldCount] = CSVFieldSpan(offset: i + 1, count: j - i - 1, doubledQuotes: doubled)
                }
                scan.fieldCount += 1
                j += 1
                if j >= stop {
                    scan.outcome = final ? .complete(length: j) : cutOff
                    return scan
                }
                let next = p[j]
                if next == comma {
                    i = j + 1
                    continue
                }
                if next == lineFeed {
                    scan.newlines += 1
                    scan.outcome = .complete(length: j + 1)
                    return scan
                }
                if next == carriageReturn {
                    if j + 1 >= stop {
                        scan.outcome = final ? .complete(length: j + 1) : cutOff
                        return scan
                    }
                    if p[j + 1] == lineFeed {
                        scan.newlines += 1
                        scan.outcome = .complete(length: j + 2)
                        return scan
                    }
                }
                // Text after the closing quote: note it and go on to the separator.
                if scan.strayQuoteField < 0 { scan.strayQuoteField = scan.fieldCount - 1 }
                let k = separator(p, from: j, stop: stop)
                if k >= stop {
                    scan.outcome = final ? .complete(length: stop) : cutOff
                    return scan
                }
                if p[k] == comma {
                    i = k + 1
                    continue
                }
                scan.newlines += 1
                scan.outcome = .complete(length: k + 1)
                return scan
            }
            // Unquoted field: up to a comma or line feed, a CR before the line feed dropped.
            let j = separator(p, from: i, stop: stop)
            if j >= stop && !final {
                scan.outcome = cutOff
                return scan
            }
            var fieldEnd = j
            if fieldEnd > i && p[fieldEnd - 1] == carriageReturn && (j >= stop || p[j] == lineFeed) {
                fieldEnd -= 1
            }
            if scan.fieldCount < spanCapacity {
                spans[scan.fieldCount] = CSVFieldSpan(offset: i, count: fieldEnd - i, doubledQuotes: false)
            }
            scan.fieldCount += 1
            if j >= stop {
                scan.outcome = .complete(length: stop)
                return scan
            }
            if p[j] == comma {
                i = j + 1
                continue
            }
            scan.newlines += 1
            scan.outcome = .complete(length: j + 1)
            return scan
        }
    }

    /// The offset of the first comma or line feed at or after `from`, or `stop`.
    @inline(__always)
    static func separator(_ p: UnsafePointer<UInt8>, from: Int, stop: Int) -> Int {
        var j = from
        while stop - j >= 8 {
            let word = ByteScan.word(p + j)
            let found = ByteScan.has(word, comma) | ByteScan.has(word, lineFeed)
            if found != 0 { return j + ByteScan.firstFlagged(found) }
            j += 8
        }
        while j < stop {
            let byte = p[j]
            if byte == comma || byte == lineFeed { return j }
            j += 1
        }
        return stop
    }

    /// Makes each `""` of a quoted field's content `"`, in place.
    /// - Returns: the new byte count.
    static func removeDoubledQuotes(_ content: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var read = 0
        var write = 0
        while read < count {
            let byte = content[read]
            content[write] = byte
            write += 1
            // Inside a complete quoted field every quote is doubled.
            read += byte == quote ? 2 : 1
        }
        return write
    }
}
