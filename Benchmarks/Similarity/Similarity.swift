// Exact top-k against the machine's matrix-multiply ceiling, in one run.
//
// - "sgemm ceiling": OpenBLAS sgemm 4096 × 4096 × 4096 with all threads, the fastest any
//   inner-product search can go on this machine.
// - "topk ...": BlockedSearch end to end on the two shapes of issue 2, with GFLOP/s
//   (2·m·n·d / seconds), the ratio to the ceiling measured right after each search (paired, so
//   that the noise of a shared machine hits both alike), and the memory the search adds on top
//   of its inputs (peak resident set growth).
//
// Every benchmark prints the BLAS library, kernel and threads it ran with.

import Benchmark
import Foundation
import MatchCore

enum Metrics {
    static let gigaflops = BenchmarkMetric.custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
    static let ceilingPercent = BenchmarkMetric.custom("% of sgemm ceiling", polarity: .prefersLarger, useScalingFactor: false)
    static let extraMiB = BenchmarkMetric.custom("extra MiB over inputs", polarity: .prefersSmaller, useScalingFactor: false)
    static let budgetMiB = BenchmarkMetric.custom("budget MiB (outputs + 64)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Inputs made once per benchmark and reused by every iteration.
final class Shape {
    let m: Int, n: Int, d: Int, k: Int
    private(set) lazy var queries = Matrix.gaussian(rows: m, columns: d, seed: 11, normalized: true)
    private(set) lazy var items = Matrix.gaussian(rows: n, columns: d, seed: 12, normalized: true)

    init(m: Int, n: Int, d: Int, k: Int) { (self.m, self.n, self.d, self.k) = (m, n, d, k) }

    var flops: Double { 2 * Double(m) * Double(n) * Double(d) }
    var outputBytes: Int { m * k * (MemoryLayout<Int32>.size + MemoryLayout<Float>.size) }
    var name: String { "topk m=\(m) n=\(n) d=\(d) k=\(k)" }
}

/// OpenBLAS sgemm with all threads on square 4096 matrices: the ceiling.
enum SgemmCeiling {
    static let size = 4096

    static let a = Matrix.gaussian(rows: size, columns: size, seed: 1)
    static let b = Matrix.gaussian(rows: size, columns: size, seed: 2)

    /// GFLOP/s of one product with all threads.
    static func measure() -> Double {
        try! BLAS.setThreadCount(ProcessInfo.processInfo.activeProcessorCount)
        defer { try! BLAS.setThreadCount(1) }
        let start = ContinuousClock.now
        blackHole(try! BLAS.multiply(a, transposing: b))
        return 2 * pow(Double(size), 3) / (ContinuousClock.now - start).seconds / 1e9
    }
}


/// Resident memory in bytes: the current value, and the peak since the last `resetPeak()`.
enum ResidentMemory {
    static func resetPeak() {
        // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
    static func current() -> Int { field("VmRSS:") }
    static func peak() -> Int { field("VmHWM:") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kib * 1024
    }
}

func describeBLAS() -> String {
    (try? BLAS.info().description) ?? "BLAS unavailable"
}

let benchmarks = {
    let custom: [BenchmarkMetric] = [Metrics.gigaflops, Metrics.ceilingPercent, Metrics.extraMiB, Metrics.budgetMiB]
    print("BLAS: \(describeBLAS()); \(ProcessInfo.processInfo.activeProcessorCount) processors")

    Benchmark(
        "sgemm ceiling 4096x4096x4096 (OpenBLAS, all threads)",
        configuration: .init(metrics: [.wallClock, Metrics.gigaflops], timeUnits: .milliseconds,
                             maxDuration: .seconds(20), maxIterations: 7)
    ) { benchmark in
        _ = (SgemmCeiling.a, SgemmCeiling.b)  // made before the measurement
        benchmark.startMeasurement()
        let gflops = SgemmCeiling.measure()
        benchmark.stopMeasurement()
        benchmark.measurement(Metrics.gigaflops, Int(gflops.rounded()))
    }

    for shape in [Shape(m: 10_000, n: 100_000, d: 256, k: 10), Shape(m: 100_000, n: 200_000, d: 128, k: 100)] {
        Benchmark(
            shape.name,
            configuration: .init(metrics: [.wallClock, .throughput] + custom, timeUnits: .milliseconds,
                                 maxDuration: .seconds(120), maxIterations: 5)
        ) { benchmark in
            let (queries, items) = (shape.queries, shape.items)
            let search = BlockedSearch()
            let before = ResidentMemory.current()
            ResidentMemory.resetPeak()
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let result = try! await search.search(queries: queries, items: items, k: shape.k)
            let elapsed = (ContinuousClock.now - start).seconds
            benchmark.stopMeasurement()
            let extra = ResidentMemory.peak() - before
            blackHole(result)
            let ceiling = SgemmCeiling.measure()
            let gflops = shape.flops / elapsed / 1e9
            benchmark.measurement(Metrics.gigaflops, Int(gflops.rounded()))
            benchmark.measurement(Metrics.ceilingPercent, Int((100 * gflops / ceiling).rounded()))
            benchmark.measurement(Metrics.extraMiB, extra >> 20)
            benchmark.measurement(Metrics.budgetMiB, (shape.outputBytes >> 20) + 64)
            print("\(shape.name): \(String(format: "%.1f", gflops)) GFLOP/s, ceiling \(String(format: "%.1f", ceiling)), "
                  + "\(String(format: "%.0f", 100 * gflops / ceiling))%, extra \(extra >> 20) MiB; BLAS: \(describeBLAS())")
        }
    }
}
