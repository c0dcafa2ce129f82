import Foundation
import GRDB
@testable import MatchCore
import MatchSim

/// The Fixtures imported into a dataset kept for the whole test run, its default time split, a
/// space fitted on the training end day, and the training examples of that split with the
/// default options: built once, by the first test that asks.
struct LearningFixture: Sendable {
    var store: MatchStore
    var split: TimeSplit
    var space: FeatureSpace
    var train: RankingExamples
}

private let fixtureTask = Task<LearningFixture, any Error> {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-learning-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let store = try MatchStore(path: folder.appendingPathComponent("central.sqlite").path)
    for kind in Simulation.importOrder {
        let file = fixturesURL.appendingPathComponent("feeds/\(kind.name).csv").path
        _ = try store.importFeed(kind, file: file, options: ImportOptions(rejectsPath: folder.appendingPathComponent("\(kind.name).rejects.csv").path))
    }
    let days = try store.eventDays()!
    let split = try TimeSplit.default(firstDay: days.lowerBound, lastDay: days.upperBound)
    let space = try ExampleExport.fitSpace(store: store, split: split)
    let train = try await ExampleBuilder(space: space).examples(store: store, from: split.trainFrom, through: split.trainThrough)
    return LearningFixture(store: store, split: split, space: space, train: train)
}

func learningFixture() async throws -> LearningFixture { try await fixtureTask.value }

/// One event of the store, read straight from its table (not through a snapshot).
struct StoredEvent {
    var person: Int64
    var vacancy: Int64
    var kind: EventKind
    var at: Timestamp
}

/// Every stored event, by time.
func storedEvents(_ store: MatchStore) throws -> [StoredEvent] {
    try store.database.read { db in
        try Row.fetchAll(db, sql: "SELECT person, vacancy, kind, at FROM event ORDER BY at").map { row in
            StoredEvent(person: row[0], vacancy: row[1], kind: EventKind(rawValue: UInt8(row[2] as Int))!,
                        at: Timestamp(secondsSince1970: row[3]))
        }
    }
}

/// Equal, NaN equal to NaN.
func sameExamples(_ a: RankingExamples, _ b: RankingExamples) -> Bool {
    a.schema == b.schema && a.labels == b.labels && a.groupOffsets == b.groupOffsets && a.groupIDs == b.groupIDs
        && a.keys == b.keys && a.values.count == b.values.count
        && zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

/// The end of `day` in Bangkok, in Unix seconds.
func endOfDay(_ day: Day) -> Int64 { Timestamp(day + 1).secondsSince1970 }
