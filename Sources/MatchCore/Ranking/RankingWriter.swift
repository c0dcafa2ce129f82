import Foundation

/// The file formats of ranked lists.
public enum RankingFormat: String, Sendable, CaseIterable, Codable {
    /// One match per row: `list,rank,person,vacancy,vacancy_id,score,retrieval,reasons_en,reasons_th`
    /// (reasons joined with "; ").
    case csv
    /// One match per line: `{"list", "rank", "person", "vacancy", "vacancy_id", "score",
    /// "retrieval", "reasons": [{"topic", "en", "th", "contribution"}]}`.
    case jsonl
}

/// Writes ranked lists to a file as they come, block by block. The file appears, complete, only
/// on ``commit()`` (``StagedFile``): a run that fails leaves no half-written output.
///
/// Only pseudonymous keys and posting IDs are written, never an ID number or a name.
public final class RankingFileWriter {
    public let format: RankingFormat
    private let file: StagedFile
    private var buffer: [UInt8] = []

    public static let csvHeader = "list,rank,person,vacancy,vacancy_id,score,retrieval,reasons_en,reasons_th"

    /// - Throws: ``NPYError`` when the folder cannot take the file.
    public init(path: String, format: RankingFormat) throws {
        self.format = format
        file = try StagedFile(destination: path)
        if format == .csv { buffer.append(contentsOf: Array((Self.csvHeader + "\n").utf8)) }
    }

    /// Appends a block of lists.
    public func write(_ lists: [RankedList]) throws {
        for list in lists {
            for match in list.matches { buffer.append(contentsOf: Array(line(match, list: list.key).utf8)) }
        }
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Flushes and makes the file visible at its path.
    public func commit() throws {
        try flush()
        try file.commit()
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func line(_ match: RankedMatch, list: Int64) -> String {
        switch format {
        case .csv:
            return [String(list), String(match.rank), String(match.person), String(match.vacancy), CSVText.quoted(match.vacancyID),
                    JSONText.number(match.score), JSONText.number(match.retrieval),
                    CSVText.quoted(match.reasons.map(\.english).joined(separator: "; ")),
                    CSVText.quoted(match.reasons.map(\.thai).joined(separator: "; "))].joined(separator: ",") + "\n"
        case .jsonl:
            return "{\"list\":\(list),\"rank\":\(match.rank),\"person\":\(match.person),\"vacancy\":\(match.vacancy),"
                + "\"vacancy_id\":\(JSONText.string(match.vacancyID)),\"score\":\(JSONText.number(match.score)),"
                + "\"retrieval\":\(JSONText.number(match.retrieval)),\"reasons\":\(MatchReason.jsonArray(match.reasons))}\n"
        }
    }
}
