// The labour-market simulator at national scale (issue 4): 1,000,000 seekers, 200,000
// vacancies and 12 months of job-board activity, written as the eleven feeds with the ground
// truth. Target: < 2 minutes on the 2-core machine.
//
// - "simulate 1M seekers 200k vacancies 12 months": `Simulation.run` end to end (draw the
//   world, play the months, write feeds and truth) into $TMPDIR/jobmatch-bench-sim.
// - "write the same bytes (reference)": the reference in the same run: writing as many bytes
//   as the simulation wrote, in 1 MiB chunks, to the same disk: the floor any generator that
//   writes these files pays.
// - "simulate fixtures (4k seekers, 1k vacancies, 6 months)": the size of Fixtures/.
//
// Each reports seconds, rows/s over all files, and the peak resident memory so far (VmHWM).

import Benchmark
import Foundation
import MatchCore
import MatchSim

enum Metrics {
    static let rows = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)
    static let peak = BenchmarkMetric.custom("peak RSS MiB", polarity: .prefersSmaller, useScalingFactor: false)
    static let megabytes = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-bench-sim")

func peakResidentMiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1_024
}

func bytesWritten(_ directory: URL) -> Int {
    let paths = (try? FileManager.default.subpathsOfDirectory(atPath: directory.path)) ?? []
    return paths.reduce(0) { total, path in
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(path).path)
        return total + ((attributes?[.size] as? Int) ?? 0)
    }
}

nonisolated(unsafe) var lastBytes = 0

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, Metrics.rows, Metrics.peak, Metrics.megabytes],
        timeUnits: .seconds, warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(600), maxIterations: 3)

    func simulate(_ name: String, _ options: Simulation.Options, iterations: Int) {
        Benchmark(name, configuration: .init(maxIterations: iterations)) { benchmark in
            let out = folder.appendingPathComponent(name.replacingOccurrences(of: " ", with: "-"))
            let started = ContinuousClock.now
            benchmark.startMeasurement()
            let manifest = try Simulation.run(options, to: out)
            benchmark.stopMeasurement()
            let seconds = seconds(since: started)
            let rows = manifest.feeds.reduce(0) { $0 + $1.rows } + manifest.truth.oracleRows
            let bytes = bytesWritten(out)
            lastBytes = bytes
            benchmark.measurement(Metrics.rows, Int(Double(rows) / seconds))
            benchmark.measurement(Metrics.megabytes, Int(Double(bytes) / 1e6 / seconds))
            benchmark.measurement(Metrics.peak, peakResidentMiB())
            print("\(name): \(rows) rows, \(bytes / 1_000_000) MB, events \(manifest.market.events), hires \(manifest.market.hires)")
        }
    }

    simulate("simulate fixtures (4k seekers, 1k vacancies, 6 months)",
             Simulation.Options(seekers: 4_000, vacancies: 1_000, months: 6, seed: 20_250_101), iterations: 5)
    simulate("simulate 1M seekers 200k vacancies 12 months",
             Simulation.Options(seekers: 1_000_000, vacancies: 200_000, months: 12, seed: 1), iterations: 3)

    Benchmark("write the same bytes (reference)", configuration: .init(maxIterations: 3)) { benchmark in
        let total = lastBytes > 0 ? lastBytes : 1 << 30
        let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
        let path = folder.appendingPathComponent("reference.bin").path
        let started = ContinuousClock.now
        benchmark.startMeasurement()
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = FileHandle(forWritingAtPath: path)!
        var written = 0
        while written < total {
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        try handle.close()
        benchmark.stopMeasurement()
        let seconds = seconds(since: started)
        benchmark.measurement(Metrics.megabytes, Int(Double(written) / 1e6 / seconds))
        benchmark.measurement(Metrics.peak, peakResidentMiB())
        try? FileManager.default.removeItem(atPath: path)
    }
}
