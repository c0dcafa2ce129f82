import Foundation

/// The simulator's random numbers: SplitMix64 with its own uniform, normal, Poisson and
/// weighted draws, so that the files a seed gives never depend on how the standard library
/// happens to implement `random(in:)` in some release.
///
/// Every entity draws from its own stream (`SimRandom(seed:stream:index:)`), so a seeker's
/// hidden traits do not change when the number of vacancies does, and streams can be drawn in
/// parallel with the same result.
struct SimRandom: RandomNumberGenerator {
    private var state: UInt64

    init(state: UInt64) { self.state = state }

    /// The stream of entity `index` of a kind (`stream`), for one seed.
    init(seed: UInt64, stream: Stream, index: Int) {
        var mixer = SimRandom(state: seed ^ (UInt64(stream.rawValue) &* 0xD1B5_4A32_D192_ED03))
        let base = mixer.next()
        self.init(state: base ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        _ = next()
    }

    /// The kinds of entity with their own streams (the numbers are part of the output: changing
    /// one changes every file a seed gives).
    enum Stream: UInt64 {
        case employer = 2, seeker = 3, vacancy = 4, session = 5, month = 6, noise = 7, export = 8, heldOut = 9
        case preference = 11, abroad = 12, name = 13, history = 14
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `0..<count` (`count > 0`), by the high half of a full-width product.
    mutating func below(_ count: Int) -> Int {
        Int(UInt64(count).multipliedFullWidth(by: next()).high)
    }

    /// Uniform in a closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    mutating func chance(_ probability: Double) -> Bool { uniform() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Standard normal (Box–Muller, one of the pair).
    mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1p-53)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * uniform())
    }

    /// Log-normal with the given median and log-scale spread.
    mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    /// Poisson (Knuth's product of uniforms; fine for the small means used here).
    mutating func poisson(_ mean: Double) -> Int {
        let limit = exp(-mean)
        var product = uniform()
        var count = 0
        while product > limit {
            count += 1
            product *= uniform()
        }
        return count
    }

    /// `count` distinct indices of `0..<total` (all of them when `count >= total`), in drawn order.
    mutating func sample(_ count: Int, of total: Int) -> [Int] {
        guard count < total else { return Array(0..<total) }
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        while chosen.count < count {
            let candidate = below(total)
            if !chosen.contains(candidate) { chosen.append(candidate) }
        }
        return chosen
    }
}

/// A fixed discrete distribution: draws an index with probability proportional to its weight
/// (cumulative table and binary search).
struct WeightedChoice: Sendable {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        precondition(!weights.isEmpty, "at least one weight")
        var running = 0.0
        cumulative = weights.map { weight in
            running += max(0, weight)
            return running
        }
        precondition(running > 0, "some weight is positive")
    }

    var count: Int { cumulative.count }

    func draw(_ random: inout SimRandom) -> Int {
        let target = random.uniform() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// A deterministic hash of two integers to a standard-normal-like value (sum of four uniforms,
/// centred and scaled): the pair noise of the hidden hire model, computable for any pair
/// without storing it.
func pairNoise(seed: UInt64, _ a: Int, _ b: Int) -> Double {
    var random = SimRandom(state: seed ^ (UInt64(truncatingIfNeeded: a) &* 0xFF51_AFD7_ED55_8CCD)
        ^ (UInt64(truncatingIfNeeded: b) &* 0xC4CE_B9FE_1A85_EC53))
    let bits = random.next()
    var sum = 0.0
    for shift in stride(from: 0, to: 64, by: 16) { sum += Double((bits >> UInt64(shift)) & 0xFFFF) / 65_536 }
    // Four uniforms: mean 2, variance 4/12.
    return (sum - 2) / (1.0 / 3).squareRoot()
}
