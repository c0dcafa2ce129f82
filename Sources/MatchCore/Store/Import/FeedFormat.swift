/// The file formats of the DOE feeds that ``FeedReader`` reads.
public enum FeedFormat: String, Sendable, CaseIterable {
    /// Comma-separated values with a header row (RFC 4180, UTF-8).
    case csv
    /// JSON Lines: one JSON object per line (UTF-8).
    case jsonLines = "jsonl"

    /// The format a file name says: `.csv` → ``csv``; `.jsonl`, `.ndjson`, `.json` →
    /// ``jsonLines``; anything else → nil.
    ///
    /// Only the last path component counts and the extension is compared without regard to
    /// case (`PEOPLE.CSV` is CSV).
    public init?(path: String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(fileExtension: String(name[name.index(after: dot)...]))
    }

    /// The format a file extension (without the dot, any case) names: `csv` → ``csv``;
    /// `jsonl`, `ndjson`, `json` → ``jsonLines``; anything else → nil.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "csv": self = .csv
        case "jsonl", "ndjson", "json": self = .jsonLines
        default: return nil
        }
    }
}
