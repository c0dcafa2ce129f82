// FeedReader alone: reading the job-board seeker feed (the same 1,000,000 rows as the import
// benchmarks, CSV and JSON Lines) with `FeedReader.forEachRow`, touching every field's bytes as
// the importer does, without validating or storing. Reports rows/s and MB/s. Target: 1,000,000
// rows/s for both, so that validating and storing have the rest of the importer's budget.

import Benchmark
import Foundation
import MatchCore

/// One pass of FeedReader over the file, measured: reports rows/s and MB/s and prints them.
func read(_ benchmark: Benchmark, _ name: String) throws {
    let path = Data.path(name)
    benchmark.startMeasurement()
    let start = ContinuousClock.now
    let reader = try FeedReader(path: path, format: FeedFormat(path: path)!, schema: FeedKind.seekers.schema)
    var rows = 0, bytes = 0
    try reader.forEachRow { row in
        rows += 1
        guard row.problem == nil else { return }
        for column in 0..<row.columnCount { bytes &+= row.field(column)?.count ?? 0 }
    }
    blackHole(bytes)
    let elapsed = (ContinuousClock.now - start).seconds
    benchmark.stopMeasurement()
    precondition(rows == Data.seekers, "\(path): \(rows) rows")
    benchmark.measurement(Metrics.rows, Int(Double(rows) / elapsed))
    benchmark.measurement(Metrics.megabytes, Int(Double(reader.fileSize) / elapsed / 1e6))
    print("FeedReader \(name): \(Int(Double(rows) / elapsed)) rows/s, "
          + "\(Int(Double(reader.fileSize) / elapsed / 1e6)) MB/s (\(reader.fileSize / rows) bytes a row)")
}

func feedReaderBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, Metrics.rows, Metrics.megabytes],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 5)
    for name in ["seekers.csv", "seekers.jsonl"] {
        Benchmark("FeedReader \(name)", configuration: configuration) { benchmark in
            try read(benchmark, name)
        }
    }
}
