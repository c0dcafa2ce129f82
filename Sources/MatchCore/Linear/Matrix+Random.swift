import Foundation

/// A small, fast, seedable random number generator (SplitMix64), so that generated data,
/// tests and benchmarks are the same on every machine for the same seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The first output of a generator seeded with `value`: splitmix64's finaliser, a hash that
    /// spreads any 64-bit value (an FNV hash, a counter) over the whole range.
    public static func mix(_ value: UInt64) -> UInt64 {
        var generator = SeededGenerator(seed: value)
        return generator.next()
    }

    /// A standard normal sample (Box–Muller).
    public mutating func nextGaussian() -> Float {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

extension DenseMatrix where Element == Float {
    /// A `rows × columns` matrix of standard normal samples, reproducible for a seed.
    ///
    /// - Parameter normalized: scale every row to unit L2 norm (cosine similarity becomes the
    ///   inner product), as the feature space does.
    public static func gaussian(rows: Int, columns: Int, seed: UInt64, normalized: Bool = false) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        var matrix = Matrix(rows: rows, columns: columns) { buffer in
            for index in buffer.indices { buffer.initializeElement(at: index, to: generator.nextGaussian()) }
        }
        if normalized { matrix.normalizeRows() }
        return matrix
    }

    /// Scales every row to unit L2 norm; all-zero rows stay zero.
    public mutating func normalizeRows() {
        let (rows, columns) = (self.rows, self.columns)
        withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[row * columns..<(row + 1) * columns])
                var sum: Double = 0
                for value in slice { sum += Double(value) * Double(value) }
                guard sum > 0 else { continue }
                let scale = Float(1 / sum.squareRoot())
                for index in slice.indices { slice[index] *= scale }
            }
        }
    }
}
