/// Labelled seeker–vacancy pairs grouped by query (one seeker in one period), the input of every
/// ranking model and metric.
///
/// Rows are stored row-major: `values[row * featureCount + feature]`, in ``schema`` order. A
/// group is a contiguous run of rows, `groupOffsets[g]..<groupOffsets[g + 1]`. Labels are graded
/// relevance (hire 3, interview 2, apply 1, not chosen 0; see `docs/scorer.md`). `NaN` marks a
/// value that is unknown for the pair.
///
/// ```swift
/// var examples = RankingExamples(schema: PairFeatures.schema)
/// examples.appendGroup(id: 7, rows: [(label: 3, values: features.values, key: PairKey(person: 41, vacancy: 9))])
/// ```
public struct RankingExamples: Sendable, Equatable {
    /// Feature names, in column order.
    public let schema: [String]
    /// Row-major, `rowCount × featureCount`.
    public private(set) var values: [Float] = []
    /// One graded label per row.
    public private(set) var labels: [Float] = []
    /// `groupCount + 1` row offsets, starting with 0.
    public private(set) var groupOffsets: [Int] = [0]
    /// One query id per group (LETOR's `qid`).
    public private(set) var groupIDs: [Int64] = []
    /// The seeker and vacancy of each row when known (built from the dataset), else empty (read
    /// from a LETOR file without them).
    public private(set) var keys: [PairKey] = []

    public init(schema: [String]) {
        self.schema = schema
    }

    /// Examples from flat storage in one step (no copy per group): `values` row-major
    /// `labels.count × schema.count`, `groupOffsets` from 0 to `labels.count`, non-decreasing,
    /// with one more entry than `groupIDs`; `keys` empty or one per row.
    /// - Precondition: the shapes agree and no group is empty.
    public static func flat(
        schema: [String], values: [Float], labels: [Float], groupOffsets: [Int], groupIDs: [Int64], keys: [PairKey] = []
    ) -> RankingExamples {
        precondition(values.count == labels.count * schema.count, "\(values.count) values for \(labels.count) rows")
        precondition(groupOffsets.count == groupIDs.count + 1 && groupOffsets.first == 0 && groupOffsets.last == labels.count,
                     "group offsets do not span the rows")
        precondition(zip(groupOffsets, groupOffsets.dropFirst()).allSatisfy { $0 < $1 }, "an empty group")
        precondition(keys.isEmpty || keys.count == labels.count, "\(keys.count) keys for \(labels.count) rows")
        var examples = RankingExamples(schema: schema)
        examples.values = values
        examples.labels = labels
        examples.groupOffsets = groupOffsets
        examples.groupIDs = groupIDs
        examples.keys = keys
        return examples
    }

    public var featureCount: Int { schema.count }
    public var rowCount: Int { labels.count }
    public var groupCount: Int { groupIDs.count }

    /// The rows of group `group`.
    public func rows(ofGroup group: Int) -> Range<Int> { groupOffsets[group]..<groupOffsets[group + 1] }

    /// The feature values of row `row`.
    public func row(_ row: Int) -> ArraySlice<Float> { values[row * featureCount..<(row + 1) * featureCount] }

    /// Appends one group. Every row's values must have ``featureCount`` entries; keys are kept
    /// only when every row of every group has one.
    public mutating func appendGroup(id: Int64, rows: [(label: Float, values: [Float], key: PairKey?)]) {
        precondition(!rows.isEmpty, "an empty group")
        let keyed = keys.count == rowCount && rows.allSatisfy { $0.key != nil }
        if !keyed { keys.removeAll() }
        for row in rows {
            precondition(row.values.count == featureCount, "a row of \(row.values.count) values, not \(featureCount)")
            values.append(contentsOf: row.values)
            labels.append(row.label)
            if keyed { keys.append(row.key!) }
        }
        groupIDs.append(id)
        groupOffsets.append(labels.count)
    }

    /// Appends one group from flat storage: `values` holds `labels.count × featureCount` floats.
    public mutating func appendGroup(id: Int64, labels groupLabels: [Float], values groupValues: [Float], keys groupKeys: [PairKey]? = nil) {
        precondition(!groupLabels.isEmpty, "an empty group")
        precondition(groupValues.count == groupLabels.count * featureCount, "\(groupValues.count) values for \(groupLabels.count) rows")
        if let groupKeys, keys.count == rowCount {
            precondition(groupKeys.count == groupLabels.count, "\(groupKeys.count) keys for \(groupLabels.count) rows")
            keys.append(contentsOf: groupKeys)
        } else {
            keys.removeAll()
        }
        values.append(contentsOf: groupValues)
        labels.append(contentsOf: groupLabels)
        groupIDs.append(id)
        groupOffsets.append(labels.count)
    }

    /// The groups `groups` (indices), in that order, as new examples.
    public func subset(groups: some Sequence<Int>) -> RankingExamples {
        var result = RankingExamples(schema: schema)
        for group in groups {
            let range = rows(ofGroup: group)
            result.appendGroup(
                id: groupIDs[group], labels: Array(labels[range]),
                values: Array(values[range.lowerBound * featureCount..<range.upperBound * featureCount]),
                keys: keys.isEmpty ? nil : Array(keys[range]))
        }
        return result
    }
}

/// A seeker (person key) and a vacancy (vacancy key): pseudonymous keys of the central dataset,
/// never ID numbers.
public struct PairKey: Sendable, Hashable, Codable {
    public var person: Int64
    public var vacancy: Int64

    public init(person: Int64, vacancy: Int64) {
        self.person = person
        self.vacancy = vacancy
    }
}
