/// A problem with a whole feed file, which stops reading it: the file cannot be opened or
/// read, or its CSV header is unusable.
///
/// Problems with single records are not errors but ``FeedRow/problem``: one bad record never
/// stops the file.
public struct FeedReaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path of the file, as given to ``FeedReader``.
    public var file: String
    /// What is wrong, for example "cannot open: No such file or directory", "empty file: no
    /// header", "header: duplicate column 'x'" or "missing required columns: citizen_id,
    /// updated_at". Column names come from the schema or the header, never from data rows.
    public var problem: String

    /// An error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// "path: problem".
    public var description: String { "\(file): \(problem)" }
}
