/// The columns a feed file is read into: their canonical names and numbers, which must be
/// present, and which hold lists.
///
/// A column's number is its index in ``columns``; ``FeedRow/field(_:)`` takes that number
/// whatever the order of the columns in the file.
public struct FeedSchema: Sendable {
    /// Canonical column names; the index of a name is the column number used by
    /// ``FeedRow/field(_:)``. Names are distinct.
    public var columns: [String]
    /// Columns that must be in a CSV header (else ``FeedReader/init(path:format:schema:maximumRecordBytes:)``
    /// throws). JSON Lines records are not checked here: a record without such a key has the
    /// field absent, and the importer decides.
    public var required: Set<String>
    /// List-valued columns: in CSV the raw field, items separated by `|`; in JSON Lines a
    /// string like the CSV field or an array of strings and numbers, which the reader joins
    /// with `|`.
    public var lists: Set<String>

    /// A schema of `columns`, of which `required` must be in a CSV header and `lists` hold
    /// lists.
    ///
    /// - Precondition: the names in `columns` are distinct, and `required` and `lists` name
    ///   only columns of `columns`.
    public init(columns: [String], required: Set<String> = [], lists: Set<String> = []) {
        precondition(Set(columns).count == columns.count, "FeedSchema: a column name appears twice")
        precondition(required.isSubset(of: columns), "FeedSchema: a required column is not in columns")
        precondition(lists.isSubset(of: columns), "FeedSchema: a list column is not in columns")
        self.columns = columns
        self.required = required
        self.lists = lists
    }
}
