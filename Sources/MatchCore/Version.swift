/// The version of jobmatch.
public enum JobMatchVersion {
    public static let current = "0.1.0"
}
