/// Which lists a ranking makes: a vacancy list for each seeker, or a seeker list for each vacancy.
public enum RankingDirection: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// For each seeker, the vacancies to show them.
    case seekers
    /// For each vacancy, the seekers to suggest to the employer.
    case vacancies

    public var description: String { rawValue }
}

/// A deterministic share of the queries (`3/16`: the third of 16), so that several machines can
/// each rank one share against the same dataset and together cover every query exactly once.
///
/// A query belongs to shard `index` when a hash of its pseudonymous key (a person key, or a
/// vacancy key) modulo `count` is `index − 1`: the split does not depend on the order of a
/// snapshot or on which other records it holds, so a seeker stays in the same shard from day to day.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1 … count.
    public let index: Int
    public let count: Int

    /// Everything in one shard.
    public static let all = Shard(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// - Throws: ``ShardError`` unless `1 ≤ index ≤ count`.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (1...count).contains(index) else {
            throw ShardError(text: "\(index)/\(count)", problem: "the shard must be 1 to \(max(count, 1)) of \(count), with at least one shard")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `K/N` (`3/16`).
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError(text: text, problem: "expected K/N, such as 3/16")
        }
        try self.init(index: index, count: count)
    }

    /// True when the query with key `key` is in this shard.
    public func contains(key: Int64) -> Bool {
        count == 1 || Int(SeededGenerator.mix(UInt64(bitPattern: key)) % UInt64(count)) == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}

/// A shard that cannot be.
public struct ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var problem: String
    public var description: String { "shard \(text): \(problem)" }
}
