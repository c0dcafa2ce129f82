// Seekers and vacancies to feature rows (MatchCore/Features), against scikit-learn in the same run.
//
// - "vacancy text → TF-IDF (sparse)": FeatureEncoder.textTerms on every core: normalising,
//   segmenting Thai, words and character 3-grams, vocabulary lookup, sublinear TF × IDF, L2
//   norm: what scikit-learn's HashingVectorizer + TfidfTransformer return.
// - "vacancy text → text block (dense)": FeatureEncoder.encodeText on every core: the above
//   projected to the space's dense text block (d = 112): a vacancy text encoded in the space,
//   the figure for the target of 50,000 vacancy texts a second.
// - "vacancy → row (all blocks)": FeatureSpace.encode(vacancies:) on every core: a whole
//   vacancy: its title, description and skills to the text block, plus occupation, skills,
//   geography and terms.
// - the same three on one core.
// - "scikit-learn …": Features/sklearn_tfidf.py on the same texts (written to a temporary file),
//   run once per iteration; its own timing of transform (after fitting the IDF) is reported.
// - "encode 1M seekers, memory": peak resident memory while encoding 1,000,000 seekers, against
//   the size of the output matrix.
//
// The corpus: 20,000 vacancies whose descriptions are BenchmarkCorpus texts of about 60 words
// (Thai with English), and 20,000 seekers with short titles and skills; the space is fitted on
// them once, outside the measurements.

import Benchmark
import BenchmarkCorpus
import Foundation
import MatchCore

enum Metrics {
    static let texts = BenchmarkMetric.custom("texts/s", polarity: .prefersLarger, useScalingFactor: false)
    static let sklearnWord = BenchmarkMetric.custom("sklearn word texts/s", polarity: .prefersLarger, useScalingFactor: false)
    static let sklearnChar = BenchmarkMetric.custom("sklearn char_wb 3 texts/s", polarity: .prefersLarger, useScalingFactor: false)
    static let addedMegabytes = BenchmarkMetric.custom("peak added MB", polarity: .prefersSmaller, useScalingFactor: false)
    static let outputMegabytes = BenchmarkMetric.custom("output MB", polarity: .prefersSmaller, useScalingFactor: false)
}

enum Data {
    static let texts = VacancyTexts.generate(count: 20_000, seed: 2024)
    static let vacancies = FeatureCorpus.vacancies(texts: texts)
    static func seekers(count: Int, seed: UInt64) -> [SeekerProfile] { FeatureCorpus.seekers(count: count, seed: seed) }

    static let space: FeatureSpace = {
        let start = ContinuousClock.now
        let space = try! FeatureSpace.fit(seekers: seekers(count: 20_000, seed: 9), vacancies: vacancies)
        print("fit on 40,000 documents in \(ContinuousClock.now - start): \(space.summary); dimension \(space.dimension)")
        return space
    }()
}

/// Runs `body(range, encoder)` over 0..<count split between `workers` threads.
func parallel(_ count: Int, workers: Int, _ body: @escaping @Sendable (Range<Int>, inout FeatureEncoder) -> Void) {
    let space = Data.space
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var encoder = space.makeEncoder()
        body(worker * count / workers..<(worker + 1) * count / workers, &encoder)
    }
}

func measureTexts(_ benchmark: Benchmark, _ name: String, _ body: () -> Void) {
    benchmark.startMeasurement()
    let start = ContinuousClock.now
    body()
    let elapsed = (ContinuousClock.now - start) / .seconds(1)
    benchmark.stopMeasurement()
    let rate = Int(Double(Data.texts.count) / elapsed)
    benchmark.measurement(Metrics.texts, rate)
    print("\(name): \(rate) texts/s")
}

/// Resident memory now, in bytes (Linux /proc; 0 elsewhere).
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

let benchmarks = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, Metrics.texts], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(10), maxIterations: 7)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print("corpus: \(Data.texts.count) vacancy texts, \(Data.texts.reduce(0) { $0 + $1.unicodeScalars.count } / Data.texts.count) scalars a text; \(cores) processors; text projection kernel: \(FeatureSpace.projectsTextWithF16C ? "F16C" : "portable")")
    _ = Data.space

    for workers in [cores, 1] {
        let suffix = workers == 1 ? "one core" : "\(workers) cores"
        Benchmark("vacancy text → TF-IDF (sparse), \(suffix)", configuration: configuration) { benchmark in
            let texts = Data.texts
            measureTexts(benchmark, "TF-IDF \(suffix)") {
                parallel(texts.count, workers: workers) { range, encoder in
                    for index in range { blackHole(encoder.textTerms(of: texts[index])) }
                }
            }
        }
        Benchmark("vacancy text → text block (dense), \(suffix)", configuration: configuration) { benchmark in
            let texts = Data.texts
            let width = Data.space.layout.range(of: .text).count
            measureTexts(benchmark, "text blocks \(suffix)") {
                parallel(texts.count, workers: workers) { range, encoder in
                    var block = [Float](repeating: 0, count: width)
                    for index in range { block.withUnsafeMutableBufferPointer { encoder.encodeText(texts[index], into: $0) } }
                    blackHole(block)
                }
            }
        }
        Benchmark("vacancy → row (all blocks), \(suffix)", configuration: configuration) { benchmark in
            let vacancies = Data.vacancies
            let width = Data.space.dimension
            measureTexts(benchmark, "rows \(suffix)") {
                parallel(vacancies.count, workers: workers) { range, encoder in
                    var row = [Float](repeating: 0, count: width)
                    for index in range { row.withUnsafeMutableBufferPointer { encoder.encode(vacancies[index], into: $0) } }
                    blackHole(row)
                }
            }
        }
    }

    Benchmark("scikit-learn HashingVectorizer + TfidfTransformer (the peer, same texts)",
              configuration: .init(metrics: [.wallClock, Metrics.sklearnWord, Metrics.sklearnChar], timeUnits: .seconds,
                                   warmupIterations: 0, maxIterations: 1)) { benchmark in
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-features-texts.txt")
        try! Data.texts.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("sklearn_tfidf.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, file.path, "5"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try! process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let result = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
              let word = result["word"] as? [String: Any], let char = result["char_wb_3"] as? [String: Any] else {
            print("scikit-learn: not measured (python3 with scikit-learn is needed: pip install scikit-learn)")
            return
        }
        benchmark.measurement(Metrics.sklearnWord, Int(word["texts_per_s"] as! Double))
        benchmark.measurement(Metrics.sklearnChar, Int(char["texts_per_s"] as! Double))
        print("scikit-learn \(result["sklearn"]!): \(word), \(char)")
    }

    Benchmark("encode 1M seekers, memory",
              configuration: .init(metrics: [.wallClock, Metrics.addedMegabytes, Metrics.outputMegabytes], timeUnits: .seconds,
                                   warmupIterations: 0, maxIterations: 1)) { benchmark in
        let seekers = Data.seekers(count: 1_000_000, seed: 11)
        let before = residentBytes()
        let peak = ManagedAtomicPeak()
        let sampler = Thread { while !peak.stopped { peak.record(residentBytes()); usleep(5_000) } }
        sampler.start()
        benchmark.startMeasurement()
        let start = ContinuousClock.now
        let rows = Data.space.encode(seekers: seekers)
        let elapsed = ContinuousClock.now - start
        benchmark.stopMeasurement()
        peak.record(residentBytes())
        peak.stop()
        let output = rows.count * 4
        let added = max(0, peak.value - before)
        benchmark.measurement(Metrics.addedMegabytes, added >> 20)
        benchmark.measurement(Metrics.outputMegabytes, output >> 20)
        print("1M seekers at d = \(rows.columns): \(elapsed), output \(output >> 20) MB, peak resident memory added "
              + "\(added >> 20) MB (\(String(format: "%.2f", Double(added) / Double(output))) × the output)")
        blackHole(rows)
    }
}

/// The largest value recorded, shared with the sampling thread.
final class ManagedAtomicPeak: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var done = false

    func record(_ value: Int) { lock.lock(); peak = max(peak, value); lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return peak }
    func stop() { lock.lock(); done = true; lock.unlock() }
    var stopped: Bool { lock.lock(); defer { lock.unlock() }; return done }
}
