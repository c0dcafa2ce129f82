import Foundation

/// The reference tables that ``ISCOCode`` and ``Province`` check values against, in
/// `Sources/MatchCore/Resources/reference` (sources and licences in the `SOURCE.md` there).
///
/// The tables are read once, on first use, and kept for the life of the process; reading is
/// thread-safe (Swift's lazy `static let`). A parser cannot report a damaged installation as a
/// ``FieldProblem``, so it stops the process with the resource's problem instead, as the
/// package's `Bundle.module` does for a missing bundle. Call ``check()`` at start-up to get that
/// problem as an error first.
public enum ReferenceData {
    /// Reads every reference table now.
    ///
    /// - Throws: ``TextResourceError`` when a table is missing or damaged.
    public static func check() throws(TextResourceError) {
        _ = try ISCOTable.loaded.get()
        _ = try Province.loaded.get()
    }
}

/// Reading the CSV files of `Resources/reference`.
enum ReferenceTables {
    /// The records of `<folder>/<name>.csv` (a folder of the resources) as dictionaries from
    /// header name to field.
    ///
    /// - Throws: ``TextResourceError`` when the file is missing, not UTF-8, has no header, a
    ///   record with a different number of fields than the header, or lacks one of `columns`.
    static func records(of name: String, columns: [String], in folder: String = "reference") throws(TextResourceError) -> [[String: String]] {
        let file = "\(folder)/\(name).csv"
        let text = try TextResources.text(of: name, extension: "csv", in: folder)
        let rows = CSVText.records(text)
        guard let header = rows.first else { throw TextResourceError(resource: file, problem: "is empty") }
        for column in columns where !header.contains(column) {
            throw TextResourceError(resource: file, problem: "has no column \(column)")
        }
        var records: [[String: String]] = []
        for (number, row) in rows.dropFirst().enumerated() {
            guard row.count == header.count else {
                throw TextResourceError(resource: file, problem: "record \(number + 1) has \(row.count) fields, not \(header.count)")
            }
            records.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        return records
    }
}

/// RFC 4180 CSV read whole: the package's small tables (reference data, the simulator's
/// resources and ground truth). Feed files, which can be large, go through ``FeedReader``.
public enum CSVText {
    /// `text` as one RFC 4180 field: in double quotes (inner quotes doubled) when it holds a
    /// comma, a quote or a line break, as it is otherwise.
    public static func quoted(_ text: String) -> String {
        // On UTF-8 bytes: the four ASCII bytes never occur inside a multi-byte sequence, and
        // comparing Characters of Thai text costs grapheme breaking and normalisation.
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = [0x22]
            out.reserveCapacity(bytes.count + 8)
            for byte in bytes {
                if byte == 0x22 { out.append(0x22) }
                out.append(byte)
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The records of RFC 4180 CSV `text`: fields split at commas, a field in double quotes may
    /// hold commas, line breaks and doubled quotes (""); CRLF or LF line ends; empty lines and a
    /// leading byte-order mark are skipped.
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if record != [""] { records.append(record) }
            record = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == 0x22 {
                    if index < bytes.count, bytes[index] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
            case 0x2C:
                endField()
            case 0x0A:
                endRecord()
            case 0x0D where index < bytes.count && bytes[index] == 0x0A:
                break
            default:
                field.append(byte)
            }
        }
        if !field.isEmpty || !record.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
