/// An ISCO-08 unit group (the 4-digit level of the International Standard Classification of
/// Occupations), the occupation code that ESCO occupations and Thailand's TSCO map to.
///
/// Only the 436 unit groups of ISCO-08 exist (see ``unitGroups``). Labels come from ESCO
/// ("ESCO classification v1.1.1, European Commission"; see
/// `Resources/reference/SOURCE.md`).
public struct ISCOCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The four digits as a number, 0110 … 9629.
    public let value: UInt16

    private init(uncheckedValue: UInt16) { value = uncheckedValue }

    /// The unit group `value`; nil when `value` is not one of the 436 unit groups.
    public init?(value: UInt16) {
        guard ISCOTable.shared.isUnitGroup(value) else { return nil }
        self.value = value
    }

    /// Parses the UTF-8 bytes of one field: exactly four digits (ASCII or Thai ๐-๙), optionally
    /// followed by an ESCO occupation suffix (".1", ".1.7"), which is dropped: "7212.1" is the
    /// unit group 7212. Surrounding whitespace is ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed` for anything but four digits
    ///   and a suffix; `.unknown("unknown ISCO-08 unit group")` for four digits that are not a
    ///   unit group (0000, 9999).
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        var scanner = ByteScanner(field)
        let (code, count) = scanner.digits(maximum: 4)
        guard count == 4, !scanner.isAtDigit else { throw Self.malformed }
        while scanner.take(UInt8(ascii: ".")) {                     // ".1", ".1.7"
            guard scanner.digits(maximum: 6).count > 0, !scanner.isAtDigit else { throw Self.malformed }
        }
        guard scanner.isAtEnd else { throw Self.malformed }
        guard ISCOTable.shared.isUnitGroup(UInt16(code)) else { throw .unknown("unknown ISCO-08 unit group") }
        value = UInt16(code)
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try ISCOCode(parsing: bytes) }
    }

    private static let malformed = FieldProblem.malformed(expected: "a 4-digit ISCO-08 code such as 7212 or 7212.1")

    /// The four digits, with leading zeros ("0110").
    public var digits: String {
        let value = Int(self.value)
        return String(decoding: [value / 1000, value / 100 % 10, value / 10 % 10, value % 10].map { UInt8(0x30 + $0) },
                      as: UTF8.self)
    }

    /// The four digits.
    public var description: String { digits }

    /// The first digit: 1 managers … 9 elementary occupations, 0 armed forces.
    public var majorGroup: Int { Int(value) / 1000 }

    /// The unit group's English label ("Welders and flamecutters").
    public var label: String { groupLabel(level: 4) }

    /// The English label of the group of `level` (1 major, 2 sub-major, 3 minor, 4 unit) that
    /// holds this unit group: for 7212, level 1 is "Craft and related trades workers".
    ///
    /// - Precondition: `level` is 1...4.
    public func groupLabel(level: Int) -> String {
        precondition((1...4).contains(level), "ISCOCode.groupLabel: level must be 1...4")
        let code = String(digits.prefix(level))
        return ISCOTable.shared.labels[code] ?? code
    }

    /// The ISCO-08 skill level (1 … 4) of the major group: 1 managers and 2 professionals → 4
    /// (ISCO gives managers 3 or 4), 3 technicians → 3, 4 … 8 → 2, 9 elementary → 1, 0 armed
    /// forces → 2 (ISCO gives 4, 2 or 1 by rank; 2 is the middle).
    public var skillLevel: Int {
        switch majorGroup {
        case 1, 2: 4
        case 3: 3
        case 9: 1
        default: 2
        }
    }

    public static func < (lhs: ISCOCode, rhs: ISCOCode) -> Bool { lhs.value < rhs.value }

    /// The 436 unit groups, in increasing order.
    public static var unitGroups: [ISCOCode] { ISCOTable.shared.unitGroups.map { ISCOCode(uncheckedValue: $0) } }
}

/// The ISCO-08 groups of `reference/isco08.csv`.
final class ISCOTable: Sendable {
    /// Label of every group, by its code ("7", "72", "721", "7212").
    let labels: [String: String]
    /// The unit groups, in increasing order.
    let unitGroups: [UInt16]
    /// Bit `code` is set for each unit group.
    private let unitBits: [UInt64]

    @inline(__always)
    func isUnitGroup(_ code: UInt16) -> Bool {
        code < 10_000 && unitBits[Int(code) >> 6] & (1 << UInt64(code & 63)) != 0
    }

    init(records: [[String: String]]) throws(TextResourceError) {
        var labels: [String: String] = [:], unitGroups: [UInt16] = []
        var unitBits = [UInt64](repeating: 0, count: 10_000 / 64 + 1)
        for record in records {
            let code = record["isco_code"] ?? "", label = record["preferred_label"] ?? ""
            guard let level = Int(record["level"] ?? ""), level == code.utf8.count,
                  code.utf8.allSatisfy({ $0 &- 0x30 < 10 }), !label.isEmpty
            else {
                throw TextResourceError(resource: "reference/isco08.csv", problem: "has a malformed group")
            }
            labels[code] = label
            if level == 4, let value = UInt16(code) {
                unitGroups.append(value)
                unitBits[Int(value) >> 6] |= 1 << UInt64(value & 63)
            }
        }
        (self.labels, self.unitGroups, self.unitBits) = (labels, unitGroups.sorted(), unitBits)
    }

    static let loaded = Result { () throws(TextResourceError) -> ISCOTable in
        try ISCOTable(records: ReferenceTables.records(of: "isco08", columns: ["isco_code", "level", "preferred_label"]))
    }

    /// The table; stops the process when the resource is damaged (see ``ReferenceData``).
    static let shared: ISCOTable = {
        switch loaded {
        case .success(let table): return table
        case .failure(let error): fatalError("\(error)")
        }
    }()
}
