/// How list fields are cut: items separated by `|`, in CSV feeds and in the stored columns
/// alike (`docs/feeds.md`). One place, so the importer, the snapshot and the interner agree.
enum ListItems {
    static let separator = UInt8(ascii: "|")

    /// Calls `body` with each item's bytes in order (blank items too, as they are, untrimmed);
    /// stops early when `body` returns false.
    static func forEach(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        var start = 0
        for end in 0...bytes.count where end == bytes.count || bytes[end] == separator {
            guard body(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return }
            start = end + 1
        }
    }
}
