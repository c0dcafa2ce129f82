import GRDB

/// Training, validation and test periods cut by time, never by a random split of events: a
/// model is validated and tested on weeks after the ones it learnt from, as it will be used.
///
/// ```
/// trainFrom … trainThrough | trainThrough+1 … validThrough | validThrough+1 … testThrough
/// ```
///
/// Each part's labels are cut at its own end (``cutoff(of:)``): an application in training
/// whose hire comes after `trainThrough` counts as an application only, so nothing from the
/// validation or test weeks leaks into training.
public struct TimeSplit: Sendable, Hashable, CustomStringConvertible {
    /// The three parts, in time order.
    public enum Part: String, Sendable, CaseIterable, Codable {
        case train, valid, test
    }

    /// The first day of training (usually the day of the first event).
    public var trainFrom: Day
    public var trainThrough: Day
    public var validThrough: Day
    public var testThrough: Day

    /// - Throws: ``TimeSplitError`` unless `trainFrom ≤ trainThrough < validThrough < testThrough`.
    public init(trainFrom: Day, trainThrough: Day, validThrough: Day, testThrough: Day) throws(TimeSplitError) {
        guard trainFrom <= trainThrough, trainThrough < validThrough, validThrough < testThrough else {
            throw TimeSplitError(message: "the periods must follow each other: train \(trainFrom)…\(trainThrough), "
                + "validation to \(validThrough), test to \(testThrough)")
        }
        self.trainFrom = trainFrom
        self.trainThrough = trainThrough
        self.validThrough = validThrough
        self.testThrough = testThrough
    }

    /// The default split of events from `firstDay` to `lastDay`: test = the last `weeks` weeks
    /// up to `lastDay`, validation = the `weeks` weeks before, training = everything before.
    /// - Throws: ``TimeSplitError`` when the events span too few days to leave a training period.
    public static func `default`(firstDay: Day, lastDay: Day, weeks: Int = 4) throws(TimeSplitError) -> TimeSplit {
        precondition(weeks > 0, "a split of no weeks")
        let testThrough = lastDay
        let validThrough = testThrough - 7 * weeks
        let trainThrough = validThrough - 7 * weeks
        guard firstDay <= trainThrough else {
            throw TimeSplitError(message: "events from \(firstDay) to \(lastDay) span under \(2 * weeks) weeks and a day: "
                + "no training period is left; give the days explicitly")
        }
        return try TimeSplit(trainFrom: firstDay, trainThrough: trainThrough, validThrough: validThrough, testThrough: testThrough)
    }

    /// The days of `part`, both ends included.
    public func period(of part: Part) -> ClosedRange<Day> {
        switch part {
        case .train: trainFrom...trainThrough
        case .valid: (trainThrough + 1)...validThrough
        case .test: (validThrough + 1)...testThrough
        }
    }

    /// The last day whose events `part`'s labels see: the part's own end.
    public func cutoff(of part: Part) -> Day { period(of: part).upperBound }

    public var description: String {
        Part.allCases.map { part in
            let days = period(of: part)
            return "\(part.rawValue) \(days.lowerBound)…\(days.upperBound)"
        }.joined(separator: ", ")
    }
}

/// A split whose periods do not follow each other.
public struct TimeSplitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension MatchStore {
    /// The Bangkok days of the first and the last stored event, or nil without events.
    public func eventDays() throws -> ClosedRange<Day>? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(at), MAX(at) FROM event"),
                  let first = row[0] as Int64?, let last = row[1] as Int64? else { return nil }
            return Timestamp(secondsSince1970: first).day...Timestamp(secondsSince1970: last).day
        }
    }
}
