import Foundation

/// The histogram bins of each feature, fitted on training rows: what the boosted trees split on.
///
/// Bin 0 holds missing values (`NaN`); bins `1...k` hold values up to ``upperBounds``,
/// `bin(v) = 1 + min { b : v ≤ upperBounds[b] }`, the last bound being `+∞`. A feature with at
/// most `maximumBins` distinct values gets one bin per value (bounds halfway between neighbours,
/// as LightGBM does); otherwise bins hold about equal numbers of sampled values, and a value
/// that alone exceeds that share gets a bin of its own. A split "bin ≤ t" is then the same as
/// "value ≤ upperBounds[t − 1]", so a tree predicts from raw values exactly as it was trained
/// on bins.
public struct FeatureBins: Sendable, Codable, Equatable {
    /// Per feature, ascending upper bounds of the value bins (the last is `+∞`).
    public let upperBounds: [[Float]]

    /// Bins per feature, the missing bin included.
    public var binCounts: [Int] { upperBounds.map { $0.count + 1 } }

    public init(upperBounds: [[Float]]) {
        self.upperBounds = upperBounds
    }

    /// Fits bins on up to `sampleSize` rows of `examples` (an evenly spaced sample, so the same
    /// rows always give the same bins).
    /// - Parameter maximumBins: value bins per feature, 2–255.
    public init(fitting examples: RankingExamples, maximumBins: Int = 255, sampleSize: Int = 200_000) {
        precondition((2...255).contains(maximumBins), "maximumBins must be 2–255")
        let rows = examples.rowCount, features = examples.featureCount
        let step = max(1, rows / max(1, sampleSize))
        let sample = Swift.stride(from: 0, to: rows, by: step)
        var bounds = [[Float]](repeating: [], count: features)
        examples.values.withUnsafeBufferPointer { values in
            let values = SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress!))
            bounds.withUnsafeMutableBufferPointer { output in
                let output = SendablePointer(output.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: features) { feature in
                    var column: [Float] = []
                    column.reserveCapacity(rows / step + 1)
                    for row in sample {
                        let value = values.pointer[row * features + feature]
                        if !value.isNaN { column.append(value) }
                    }
                    output.pointer[feature] = Self.bounds(sortedValues: column.sorted(), maximumBins: maximumBins)
                }
            }
        }
        upperBounds = bounds
    }

    /// Upper bounds for sorted values.
    static func bounds(sortedValues values: [Float], maximumBins: Int) -> [Float] {
        var distinct: [Float] = [], counts: [Int] = []
        for value in values {
            if let last = distinct.last, last == value { counts[counts.count - 1] += 1 } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        guard distinct.count > 1 else { return [.infinity] }
        var bounds: [Float] = []
        if distinct.count <= maximumBins {
            for index in 0..<distinct.count - 1 { bounds.append(midpoint(distinct[index], distinct[index + 1])) }
        } else {
            // Greedy equal-frequency bins over the remaining values, so a heavy value does not
            // starve the bins after it.
            var remaining = values.count, binsLeft = maximumBins, inBin = 0
            for index in 0..<distinct.count - 1 {
                inBin += counts[index]
                let target = Double(remaining) / Double(binsLeft)
                if Double(inBin) >= target || Double(counts[index + 1]) >= target {
                    bounds.append(midpoint(distinct[index], distinct[index + 1]))
                    remaining -= inBin
                    inBin = 0
                    binsLeft -= 1
                    if binsLeft == 1 { break }
                }
            }
        }
        bounds.append(.infinity)
        return bounds
    }

    /// A bound strictly between `a` and `b` (`a` itself when no float lies between).
    private static func midpoint(_ a: Float, _ b: Float) -> Float {
        let middle = a + (b - a) / 2
        return middle >= a && middle < b ? middle : a
    }

    /// The bin of `value` for `feature` (0 for NaN).
    @inline(__always)
    public func bin(_ value: Float, feature: Int) -> UInt8 {
        if value.isNaN { return 0 }
        return upperBounds[feature].withUnsafeBufferPointer { bounds in
            var low = 0, high = bounds.count - 1
            while low < high {
                let middle = (low + high) >> 1
                if value <= bounds[middle] { high = middle } else { low = middle + 1 }
            }
            return UInt8(low + 1)
        }
    }

    /// Every row of `examples` binned, row-major (`row × featureCount`), on every core.
    public func binned(_ examples: RankingExamples) -> [UInt8] {
        precondition(examples.featureCount == upperBounds.count, "\(examples.featureCount) features, bins for \(upperBounds.count)")
        let rows = examples.rowCount, features = examples.featureCount
        var result = [UInt8](repeating: 0, count: rows * features)
        let chunk = 32_768
        examples.values.withUnsafeBufferPointer { values in
            result.withUnsafeMutableBufferPointer { output in
                let output = SendablePointer(output.baseAddress!), values = SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: (rows + chunk - 1) / chunk) { index in
                    for row in index * chunk..<min(rows, (index + 1) * chunk) {
                        for feature in 0..<features {
                            output.pointer[row * features + feature] = bin(values.pointer[row * features + feature], feature: feature)
                        }
                    }
                }
            }
        }
        return result
    }
}

/// A raw pointer handed to parallel workers that write disjoint parts of its memory.
struct SendablePointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    init(_ pointer: UnsafeMutablePointer<Element>) { self.pointer = pointer }
}
