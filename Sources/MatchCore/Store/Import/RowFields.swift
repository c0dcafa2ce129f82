/// The columns of one feed: an `Int` enum whose raw values are column numbers, with the names
/// used in CSV headers and JSON keys.
protocol FeedColumns: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == Int {
    static var names: [String] { get }
    static var required: Set<Self> { get }
    static var lists: Set<Self> { get }
}

extension FeedColumns {
    var name: String { Self.names[rawValue] }

    static var schema: FeedSchema {
        precondition(names.count == allCases.count, "\(Self.self): one name per column")
        return FeedSchema(
            columns: names,
            required: Set(required.map(\.name)),
            lists: Set(lists.map(\.name)))
    }
}

/// A field that failed validation: which column and why. Never the value.
struct FieldIssue: Sendable, Hashable {
    var field: String
    var reason: String
}

/// Reads the fields of one feed row through the value parsers, collecting every problem instead
/// of stopping at the first, so a rejects file tells all that is wrong with a row at once.
struct RowFields<Column: FeedColumns> {
    let row: FeedRow
    private(set) var issues: [FieldIssue] = []

    init(_ row: FeedRow) {
        self.row = row
        if let problem = row.problem {
            issues.append(FieldIssue(field: problem.field ?? "-", reason: problem.reason))
        }
    }

    var isValid: Bool { issues.isEmpty }

    mutating func fail(_ column: Column, _ problem: FieldProblem) {
        issues.append(FieldIssue(field: column.name, reason: problem.description))
    }

    mutating func fail(_ column: Column, reason: String) {
        issues.append(FieldIssue(field: column.name, reason: reason))
    }

    /// The trimmed bytes of a column, or nil when absent or blank.
    func bytes(_ column: Column) -> UnsafeBufferPointer<UInt8>? {
        guard let field = row.field(column.rawValue) else { return nil }
        let trimmed = Self.trim(field)
        return trimmed.isEmpty ? nil : trimmed
    }

    func isPresent(_ column: Column) -> Bool { bytes(column) != nil }

    /// A value that must be there.
    mutating func required<T>(
        _ column: Column, _ parse: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> T
    ) -> T? {
        guard let field = bytes(column) else {
            fail(column, .missing)
            return nil
        }
        do { return try parse(field) } catch { fail(column, error); return nil }
    }

    /// A value that may be absent or blank (then nil).
    mutating func optional<T>(
        _ column: Column, _ parse: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> T
    ) -> T? {
        guard let field = bytes(column) else { return nil }
        do { return try parse(field) } catch { fail(column, error); return nil }
    }

    /// A `|`-separated list; blank items are skipped, at most `maximumCount` items.
    mutating func list<T>(
        _ column: Column, maximumCount: Int = 50,
        _ parse: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> T
    ) -> [T] {
        guard let field = bytes(column) else { return [] }
        var items: [T] = []
        var failure: FieldProblem?
        ListItems.forEach(in: field) { raw in
            let item = Self.trim(raw)
            if item.isEmpty { return true }
            do throws(FieldProblem) { items.append(try parse(item)) } catch {
                failure = error
                return false
            }
            return true
        }
        if let failure {
            fail(column, failure)
            return []
        }
        if items.count > maximumCount {
            fail(column, .outOfRange("at most \(maximumCount) items"))
            return []
        }
        return items
    }

    /// A list as stored: each item parsed, then written back in its canonical form (`stored`)
    /// and joined with `|`; "" when absent. Runs on the reading thread, so the writer only binds.
    mutating func storedList<T>(
        _ column: Column, maximumCount: Int = 50,
        _ parse: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> T, stored: (T) -> String
    ) -> String {
        list(column, maximumCount: maximumCount, parse).map(stored).joined(separator: "|")
    }

    /// Free text (trimmed, valid UTF-8, no control characters), "" when absent.
    mutating func text(_ column: Column, maximumLength: Int, required: Bool = false) -> String {
        guard let field = bytes(column) else {
            if required { fail(column, .missing) }
            return ""
        }
        do { return try TextField.parse(field, maximumLength: maximumLength) } catch {
            fail(column, error)
            return ""
        }
    }

    /// A list of free-text items, `|`-joined as stored (one string made, not one per item).
    mutating func textList(_ column: Column, maximumCount: Int = 50, maximumLength: Int = 200) -> String {
        guard let field = bytes(column) else { return "" }
        var joined: [UInt8] = []
        joined.reserveCapacity(field.count)
        var count = 0
        var failure: FieldProblem?
        ListItems.forEach(in: field) { raw in
            let item: UnsafeBufferPointer<UInt8>
            do throws(FieldProblem) { item = try TextField.validated(raw, maximumLength: maximumLength) } catch {
                failure = error
                return false
            }
            if item.isEmpty { return true }
            if count > 0 { joined.append(ListItems.separator) }
            joined.append(contentsOf: item)
            count += 1
            return true
        }
        if let failure {
            fail(column, failure)
            return ""
        }
        guard count <= maximumCount else {
            fail(column, .outOfRange("at most \(maximumCount) items"))
            return ""
        }
        return String(decoding: joined, as: UTF8.self)
    }

    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = bytes.count
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        if lower == 0, upper == bytes.count { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
