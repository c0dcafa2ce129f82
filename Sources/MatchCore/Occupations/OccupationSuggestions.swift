import Foundation
import GRDB

/// What one ``OccupationSuggestions/update(in:coder:progress:)`` did.
public struct OccupationSuggestionSummary: Sendable, Equatable {
    /// Seekers whose desired title was coded now (new, or changed since the last suggestion).
    public var coded: Int
    /// Suggestions removed: the seeker now gives desired occupations, or no title.
    public var cleared: Int
    /// Seekers whose suggestion was already up to date.
    public var unchanged: Int
    /// How many of the coded suggestions have a probability of at least 0.5.
    public var confident: Int
}

/// Suggested occupation codes for seekers' desired jobs, kept apart from what people entered.
///
/// A seeker who gives a desired job title but no desired occupation code gets the unit group the
/// occupation coder ranks first for that title, with its probability, in
/// `seeker.suggested_occupation` and `seeker.suggested_confidence`; `desired_occupations` (what
/// the person entered) is never touched. Snapshots hand the suggestion to the feature space,
/// which uses it, weighted by its probability, only where no desired occupation was entered.
///
/// The pass is incremental and safe to repeat: each suggestion records the version of the
/// seeker row it was made for, so after an import only new or changed profiles are coded again,
/// and a profile that now has codes (or no title) loses its suggestion. After training a new
/// coder, pass `recodingAll` to code every profile again. It runs in one
/// transaction: all of it or nothing.
public enum OccupationSuggestions {
    /// Brings every seeker's suggestion up to date with `coder`.
    ///
    /// - Parameter progress: called with (titles coded, titles to code).
    /// - Throws: ``StoreError`` for a database failure; `BLASUnavailableError`.
    /// - Parameter recodingAll: code every seeker without an entered code again, not only new or
    ///   changed profiles: after training a new coder (the versions record profiles, not coders).
    public static func update(
        in store: MatchStore, coder: OccupationCoder, recodingAll: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> OccupationSuggestionSummary {
        let label = store.path ?? ":memory:"
        do {
            return try store.database.write { db in
                var summary = OccupationSuggestionSummary(coded: 0, cleared: 0, unchanged: 0, confident: 0)
                try db.execute(sql: """
                    UPDATE seeker SET suggested_occupation = NULL, suggested_confidence = NULL, suggested_version = NULL
                    WHERE suggested_version IS NOT NULL AND (desired_occupations != '' OR trim(desired_title) = '')
                    """)
                summary.cleared = db.changesCount
                let stale = recodingAll ? "" : "AND (suggested_version IS NULL OR suggested_version != version)"
                summary.unchanged = recodingAll ? 0 : try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM seeker WHERE desired_occupations = '' AND trim(desired_title) != ''
                    AND suggested_version = version
                    """) ?? 0
                let pending = try Row.fetchAll(db, sql: """
                    SELECT person, desired_title, version FROM seeker
                    WHERE desired_occupations = '' AND trim(desired_title) != '' \(stale)
                    ORDER BY person
                    """)
                guard !pending.isEmpty else { return summary }
                let titles: [String] = pending.map { $0[1] }
                let codings = try coder.code(titles, top: 1) { progress?($0, titles.count) }
                let update = try db.makeStatement(sql: """
                    UPDATE seeker SET suggested_occupation = ?, suggested_confidence = ?, suggested_version = ? WHERE person = ?
                    """)
                for (row, coding) in zip(pending, codings) {
                    let person: Int64 = row[0], version: Int64 = row[2]
                    let best = coding.unitGroups.first
                    try update.execute(arguments: [best.map { Int($0.isco.value) }, best.map { Double($0.probability) }, version, person])
                    summary.coded += 1
                    if let best, best.probability >= 0.5 { summary.confident += 1 }
                }
                return summary
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(path: label, problem: "cannot store occupation suggestions: \(MatchStore.describe(error))")
        }
    }
}
