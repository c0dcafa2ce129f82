import Foundation
import GRDB
import Testing
@testable import MatchCore

/// A folder of its own for one test, removed when the value goes.
final class Workspace {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }
}

/// A valid citizen ID made of `prefix` (12 digits or fewer, zero-padded on the right… kept
/// simple: the 12 digits given) and its check digit.
func citizenID(_ first12: String) -> String {
    precondition(first12.count == 12)
    return first12 + String(ThaiID.checkDigit(of: first12.map { Int(String($0))! }))
}

/// The same ID with a wrong check digit.
func badCheckDigit(_ id: String) -> String {
    let last = Int(String(id.last!))!
    return String(id.dropLast()) + String((last + 1) % 10)
}

/// CSV text from a header and rows.
func csv(_ header: [String], _ rows: [[String]]) -> String {
    ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
}

extension MatchStore {
    /// Every data table but `identity`: where no raw ID may appear.
    func dumpWithoutIdentity() throws -> String {
        try dump(tables: Self.dataTables.filter { $0 != "identity" })
    }
}
