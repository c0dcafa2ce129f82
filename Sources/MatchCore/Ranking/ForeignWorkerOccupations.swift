import Foundation

/// Which occupations foreign workers may be offered: the Ministry of Labour's 2020 notification
/// of 40 occupations in four lists, with an approximate ISCO-08 mapping that a person can read
/// and correct (`Resources/reference/foreign_worker_occupations_2020.csv`; sources and the
/// caveats of the mapping in the `SOURCE.md` there).
///
/// An occupation on no list is open to foreign workers (the notification is a list of
/// restrictions). A unit group on several lists takes the strictest (9312, civil engineering
/// labourers, is both construction work, list 3, and labouring, list 4: MOU workers only).
///
/// ```swift
/// let table = try ForeignWorkerOccupations.embedded()
/// table.access(to: try ISCOCode(parsing: "5113"))   // .closed (tour guiding)
/// ```
public struct ForeignWorkerOccupations: Sendable, Equatable {
    /// What a list allows, from least to most restrictive.
    public enum Access: Int, Sendable, Comparable, CaseIterable, Codable, CustomStringConvertible {
        /// On no list.
        case open = 0
        /// List 3: open to foreign workers with an employer.
        case withEmployer = 3
        /// List 4: only for workers admitted under a bilateral MOU, with an employer.
        case bilateralMOU = 4
        /// List 2: only for nationals of countries with an agreement with Thailand.
        case agreement = 2
        /// List 1: closed to foreigners.
        case closed = 1

        /// The list number in the notification (0: on no list).
        public var list: Int { rawValue }

        private var strictness: Int {
            switch self {
            case .open: 0
            case .withEmployer: 1
            case .bilateralMOU: 2
            case .agreement: 3
            case .closed: 4
            }
        }

        public static func < (a: Access, b: Access) -> Bool { a.strictness < b.strictness }

        public var description: String {
            switch self {
            case .open: "open"
            case .withEmployer: "open with an employer (list 3)"
            case .bilateralMOU: "MOU workers only (list 4)"
            case .agreement: "agreement countries only (list 2)"
            case .closed: "closed to foreigners (list 1)"
            }
        }
    }

    /// One item of a list.
    public struct Entry: Sendable, Equatable {
        public var list: Int
        public var item: Int
        public var occupation: String
        public var condition: String
        /// The unit groups the item is taken to cover (an approximate mapping, not the law).
        public var codes: [ISCOCode]

        public var access: Access { Access(rawValue: list)! }
    }

    public let entries: [Entry]
    /// Per unit group on some list, the strictest access.
    private let byCode: [UInt16: Access]

    public init(entries: [Entry]) {
        self.entries = entries
        var byCode: [UInt16: Access] = [:]
        for entry in entries {
            for code in entry.codes { byCode[code.value] = max(byCode[code.value] ?? .open, entry.access) }
        }
        self.byCode = byCode
    }

    /// What foreign workers may do in unit group `code`.
    public func access(to code: ISCOCode) -> Access { byCode[code.value] ?? .open }

    /// The items that put `code` on a list.
    public func entries(for code: ISCOCode) -> [Entry] { entries.filter { $0.codes.contains(code) } }

    private static let columns = ["list", "item", "occupation_en", "condition", "isco08_hint"]

    /// The table shipped with MatchCore.
    /// - Throws: ``TextResourceError`` when the resource is missing or damaged.
    public static func embedded() throws -> ForeignWorkerOccupations {
        let records = try ReferenceTables.records(of: "foreign_worker_occupations_2020", columns: columns)
        return try parse(records, file: "reference/foreign_worker_occupations_2020.csv")
    }

    /// A corrected table from a CSV file with the embedded table's columns (`list`, `item`,
    /// `occupation_en`, `condition`, `isco08_hint`).
    /// - Throws: ``RuleTableError`` naming the file, row and field of the first problem.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuleTableError(file: path, row: nil, field: nil, problem: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        let rows = CSVText.records(text)
        guard let header = rows.first else { throw RuleTableError(file: path, row: nil, field: nil, problem: "is empty") }
        for column in Self.columns where !header.contains(column) {
            throw RuleTableError(file: path, row: nil, field: column, problem: "no such column in the header")
        }
        var records: [[String: String]] = []
        for (number, row) in rows.dropFirst().enumerated() {
            guard row.count == header.count else {
                throw RuleTableError(file: path, row: number + 1, field: nil, problem: "has \(row.count) fields, not \(header.count)")
            }
            records.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        self = try Self.parse(records, file: path)
    }

    private static func parse(_ records: [[String: String]], file: String) throws(RuleTableError) -> ForeignWorkerOccupations {
        var entries: [Entry] = []
        for (index, record) in records.enumerated() {
            func problem(_ field: String, _ text: String) -> RuleTableError {
                RuleTableError(file: file, row: index + 1, field: field, problem: text)
            }
            guard let list = Int(record["list"]!), (1...4).contains(list) else { throw problem("list", "must be 1, 2, 3 or 4") }
            guard let item = Int(record["item"]!), item > 0 else { throw problem("item", "must be a positive number") }
            var codes: [ISCOCode] = []
            for part in record["isco08_hint"]!.split(separator: "|") {
                do {
                    codes.append(try ISCOCode(parsing: String(part)))
                } catch {
                    throw problem("isco08_hint", "\(part): \(error)")
                }
            }
            guard !codes.isEmpty else { throw problem("isco08_hint", "names no ISCO-08 unit group") }
            entries.append(Entry(list: list, item: item, occupation: record["occupation_en"]!, condition: record["condition"]!, codes: codes))
        }
        return ForeignWorkerOccupations(entries: entries)
    }
}

/// A rule table that cannot be read: the file, the row (records after the header) and the field.
public struct RuleTableError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var row: Int?
    public var field: String?
    public var problem: String

    public var description: String {
        var place = file
        if let row { place += ", row \(row)" }
        if let field { place += ", field \(field)" }
        return "\(place): \(problem)"
    }
}
