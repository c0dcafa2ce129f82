/// Why one record of a feed file cannot be used: a structural problem found by
/// ``FeedReader`` (wrong number of fields, malformed JSON, invalid UTF-8, …).
///
/// It never holds a field's value, which may be a citizen ID or a name: only the column
/// name, counts and byte offsets within the line.
public struct RecordProblem: Sendable, Hashable, CustomStringConvertible {
    /// The schema column the problem is about, or nil when it is about the whole record.
    public var field: String?
    /// What is wrong, for example "expected 21 fields, found 19", "unterminated quoted
    /// field", "invalid JSON: expected ',' or '}' at byte 57", "duplicate key", "list item
    /// contains '|'", "nested object not allowed" or "invalid UTF-8".
    public var reason: String

    /// A problem with `reason`, about column `field` when given.
    public init(field: String? = nil, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `reason`, prefixed by the column name when there is one: "birth_date: invalid UTF-8".
    public var description: String {
        if let field { return "\(field): \(reason)" }
        return reason
    }
}
