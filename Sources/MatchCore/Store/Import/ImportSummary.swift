/// What one import did. `accepted + rejected == read` always; `inserted + updated + unchanged
/// == accepted`.
public struct ImportSummary: Sendable, Equatable {
    public var feed: FeedKind
    public var file: String
    /// Records read from the file (header and blank lines not counted).
    public var read = 0
    public var accepted = 0
    public var rejected = 0
    /// New records.
    public var inserted = 0
    /// Records that replaced an older version of themselves.
    public var updated = 0
    /// Records already stored as they are, or older than what is stored.
    public var unchanged = 0
    /// People and employers seen for the first time.
    public var newPeople = 0
    public var newEmployers = 0
    /// Rejected rows by "field: reason" (a row with two bad fields counts under both).
    public var problems: [String: Int] = [:]
    /// Header columns (CSV) or keys (JSON Lines) the feed does not define; ignored.
    public var unknownColumns: [String] = []
    /// Where the rejected rows were written, if anywhere.
    public var rejectsFile: String?
    public var seconds: Double = 0

    public init(feed: FeedKind, file: String) {
        self.feed = feed
        self.file = file
    }

    /// Rows per second over the whole run.
    public var rowsPerSecond: Double { seconds > 0 ? Double(read) / seconds : 0 }

    /// The most frequent problems first.
    public var problemsByCount: [(problem: String, count: Int)] {
        problems.map { ($0.key, $0.value) }.sorted { ($0.count, $1.problem) > ($1.count, $0.problem) }
    }
}

/// A rejected row as written to the rejects file: where, which field, why. Never the value.
public struct Reject: Sendable, Hashable {
    public var row: Int
    public var line: Int
    public var field: String
    public var reason: String
}

/// Progress of a running import, reported after each batch.
public struct ImportProgress: Sendable {
    public var read: Int
    public var bytesRead: Int
    public var fileSize: Int
}

/// How to run an import.
public struct ImportOptions: Sendable {
    /// Rows per transaction. A killed import loses at most the batch in flight (rolled back).
    public var batchSize = 20_000
    /// Where to write rejected rows (CSV: file,row,line,field,reason). Nil: write none.
    public var rejectsPath: String?
    /// Called after each committed batch, on the importing thread.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// Check the file against the dataset without changing it: every batch is written and rolled
    /// back, so the counts and rejects are those a real import would give; nothing is logged.
    public var dryRun = false
    /// Codes the titles of vacancies that come without an occupation code (the vacancy feed
    /// only): the best unit group is stored with `occupation_suggested = 1` and its
    /// probability. Without a coder such rows are rejected.
    public var occupationCoder: OccupationCoder?

    public init(
        batchSize: Int = 20_000, rejectsPath: String? = nil, dryRun: Bool = false,
        occupationCoder: OccupationCoder? = nil, progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) {
        self.occupationCoder = occupationCoder
        self.batchSize = batchSize
        self.rejectsPath = rejectsPath
        self.dryRun = dryRun
        self.progress = progress
    }
}
