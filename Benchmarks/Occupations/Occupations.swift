// The occupation coder (MatchCore/Occupations): job titles to ISCO-08 / ESCO occupations, against
// the lexical baseline, in one run.
//
// - "Code unique titles (batch)": OccupationCoder.code(titles, top: 5) on 20,000 distinct titles,
//   one batch an iteration, on every core: the figure for the target of 20,000 titles a second
//   on the 2-core machine. Reports titles/s (custom metric: the framework's own throughput
//   counts iterations, here whole batches).
// - "Lexical baseline (per title)": LexicalOccupationMatcher.rank (exact label, then pg_trgm
//   trigram similarity) one title at a time, on one core (it has no batch form), over 1,000 of
//   the same titles (every 20th) an iteration. Reports titles/s.
// - "Code one title (latency)": OccupationCoder.code(title, top: 5), one title a call, cycling
//   through the same 1,000 titles: p50/p99 of one call. Throughput here is calls = titles a
//   second.
//
// The titles, made deterministically at start (no random generator of the system):
// - 15,000 from the 300 hand-written Thai test titles of Benchmarks/Data/occupation-titles-th.csv,
//   each with a prefix (none, "รับสมัคร", "ด่วน! ", "รับด่วน ") and none, one or two of the
//   affixes that Thai postings carry (" ด่วน", " 2 อัตรา", " ประจำสาขา", " (รายวัน)", " part time",
//   " กะดึก", " วุฒิ ปวส.", " ชลบุรี", " (urgent)", " หลายอัตรา", " / Staff", …);
// - 5,000 English labels of the coder's knowledge (ESCO preferred and alternative labels, ISCO
//   titles; every k-th so that the sample spans the table) with a noise word appended;
// all distinct, mixed in a fixed pseudo-random order. The coder is trained once per process
// (3–5 s here, more on a busy machine), in the benchmarks' setup, outside every measurement.

import Benchmark
import Foundation
import MatchCore

enum Metrics {
    static let titles = BenchmarkMetric.custom("titles/s", polarity: .prefersLarger, useScalingFactor: false)
}

/// A fixed hash of a few integers (splitmix64 steps), the same on every run and platform.
enum SplitMix {
    static func hash(_ values: Int...) -> UInt64 {
        var state: UInt64 = 0x0CC0_DE5E_ED00_2026
        for value in values { state = (state ^ UInt64(bitPattern: Int64(value)) &* 0xD6E8_FEB8_6659_FD93) &+ 0x9E37_79B9_7F4A_7C15 }
        return SeededGenerator.mix(state)
    }
}

enum Titles {
    static let batchSize = 20_000
    static let escoShare = 5_000
    static let subsetStride = 20  // every 20th title: 1,000 for the baseline and the latency

    /// The 300 hand-written Thai test titles (the `title` column).
    static let testTitles: [String] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/occupation-titles-th.csv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { fatalError("cannot read \(file.path)") }
        let records = CSVText.records(text)
        let column = records[0].firstIndex(of: "title")!
        return records.dropFirst().map { $0[column] }
    }()

    static let prefixes = ["", "รับสมัคร", "ด่วน! ", "รับด่วน "]
    static let affixes = [
        " ด่วน", " 2 อัตรา", " ประจำสาขา", " (รายวัน)", " part time", " กะดึก", " วุฒิ ปวส.", " ชลบุรี",
        " (urgent)", " หลายอัตรา", " / Staff", " ประจำสำนักงานใหญ่", " เงินเดือนดี", " ไม่ต้องมีประสบการณ์",
        " กรุงเทพฯ", " (สัญญาจ้าง)", " full time", " รายเดือน", " ระยอง", " เชียงใหม่", " 10 อัตรา",
        " วุฒิ ม.6", " กะเช้า", " ประจำโรงงาน", " (พาร์ทไทม์)", " สวัสดิการดี", " นิคมอมตะ", " ด่วนมาก",
    ]
    static let englishNoise = [
        " urgent", " (m/f)", " - full time", " wanted", " Bangkok", " (contract)", " part time",
        " / Staff", " hiring now", " 2 positions", " ด่วน", " ประจำสาขา",
    ]

    /// Thai titles: test title × prefix × (no affix, one, or an ordered pair), in a fixed
    /// pseudo-random order, distinct.
    static func thai(count: Int) -> [String] {
        var variants: [String] = [""] + affixes
        for first in affixes.indices { for second in affixes.indices where second != first { variants.append(affixes[first] + affixes[second]) } }
        var keyed: [(key: UInt64, title: Int, prefix: Int, variant: Int)] = []
        keyed.reserveCapacity(testTitles.count * prefixes.count * variants.count)
        for title in testTitles.indices {
            for prefix in prefixes.indices {
                // A title that already opens with the prefix's words does not get them again.
                if !prefixes[prefix].isEmpty, testTitles[title].hasPrefix(prefixes[prefix].trimmingCharacters(in: .whitespaces)) { continue }
                for variant in variants.indices { keyed.append((SplitMix.hash(1, title, prefix, variant), title, prefix, variant)) }
            }
        }
        keyed.sort { $0.key < $1.key }
        var seen: Set<String> = [], out: [String] = []
        for entry in keyed where out.count < count {
            let text = prefixes[entry.prefix] + testTitles[entry.title] + variants[entry.variant]
            if seen.insert(text).inserted { out.append(text) }
        }
        return out
    }

    /// English labels of the knowledge (every k-th, spanning the table), each with a noise word.
    static func english(_ knowledge: OccupationKnowledge, count: Int) -> [String] {
        let labels = knowledge.labels.filter { [.preferred, .alternative, .groupTitle].contains($0.kind) }.map(\.text)
        let stride = max(1, labels.count / count)
        var seen: Set<String> = [], out: [String] = []
        var index = 0
        while out.count < count, index < labels.count {
            let text = labels[index] + englishNoise[(index / stride) % englishNoise.count]
            if seen.insert(text).inserted { out.append(text) }
            index += stride
        }
        return out
    }

    /// The batch: Thai and English titles, all distinct, mixed in a fixed order.
    static let batch: [String] = {
        let english = Titles.english(Coder.knowledge, count: escoShare)
        let thai = Titles.thai(count: batchSize - english.count)
        var keyed = (thai + english).enumerated().map { (SplitMix.hash(2, $0.offset), $0.element) }
        keyed.sort { $0.0 < $1.0 }
        let titles = keyed.map(\.1)
        precondition(Set(titles).count == titles.count, "the batch's titles are not distinct")
        print("titles: \(titles.count) distinct (\(thai.count) Thai from \(testTitles.count) test titles, "
              + "\(english.count) English labels with noise), \(titles.reduce(0) { $0 + $1.count } / titles.count) characters a title")
        // The tokenizer remembers the terms of chunks (runs without ASCII whitespace) it has seen in
        // a batch; titles made from 300 stems repeat chunks more than a day's postings might.
        let chunks = titles.flatMap { $0.split(whereSeparator: \.isWhitespace) }
        print("chunks: \(chunks.count), \(Set(chunks).count) distinct; samples: " + titles.prefix(6).map { "«\($0)»" }.joined(separator: ", "))
        return titles
    }()

    static let subset: [String] = Swift.stride(from: 0, to: batch.count, by: subsetStride).map { batch[$0] }
}

enum Coder {
    static let knowledge: OccupationKnowledge = try! OccupationKnowledge.embedded()

    static let coder: OccupationCoder = {
        let start = ContinuousClock.now
        let coder = try! OccupationCoder.train(knowledge: knowledge)
        print("trained in \(ContinuousClock.now - start): \(coder.knowledge.occupations.count) occupations, "
              + "\(coder.knowledge.labels.count) labels, \(coder.model.kind) scorer, validation top-1 "
              + String(format: "%.3f", coder.training.validationTop1) + "; BLAS: "
              + ((try? BLAS.info().description) ?? "unavailable") + "; \(ProcessInfo.processInfo.activeProcessorCount) processors")
        return coder
    }()

    static let baseline = LexicalOccupationMatcher(knowledge: knowledge)

    /// Trains the coder and makes the titles, then codes the batch once and prints what it gave:
    /// a check that the titles are codable, and a first figure.
    static func prepare() {
        let (coder, titles) = (Coder.coder, Titles.batch)
        let start = ContinuousClock.now
        let codings = try! coder.code(titles, top: 5)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let empty = codings.filter(\.matches.isEmpty).count
        print("check: \(titles.count) titles in " + String(format: "%.2f s (%.0f titles/s)", seconds, Double(titles.count) / seconds)
              + ", \(empty) without a candidate")
        for (title, coding) in zip(titles, codings).prefix(3) {
            let best = coding.unitGroups.first.map { "\($0.isco.digits) \($0.isco.label) (" + String(format: "%.2f", $0.probability) + ")" } ?? "none"
            print("  «\(title)» → \(best)")
        }
    }
}

let benchmarks = {
    // Titles/s as counts, not rounded to thousands.
    let units: [BenchmarkMetric: BenchmarkUnits] = [Metrics.titles: .count]

    Benchmark(
        "Code unique titles (batch)",
        configuration: .init(metrics: [.wallClock, Metrics.titles, .peakMemoryResident], timeUnits: .milliseconds, units: units,
                             warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10, setup: { Coder.prepare() })
    ) { benchmark in
        let (coder, titles) = (Coder.coder, Titles.batch)
        benchmark.startMeasurement()
        let start = ContinuousClock.now
        let codings = try! coder.code(titles, top: 5)
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        benchmark.stopMeasurement()
        blackHole(codings)
        benchmark.measurement(Metrics.titles, Int(Double(titles.count) / elapsed))
    }

    Benchmark(
        "Lexical baseline (per title)",
        configuration: .init(metrics: [.wallClock, Metrics.titles, .peakMemoryResident], timeUnits: .milliseconds, units: units,
                             warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5,
                             setup: { _ = (Coder.baseline, Titles.subset) })
    ) { benchmark in
        let (baseline, titles) = (Coder.baseline, Titles.subset)
        benchmark.startMeasurement()
        let start = ContinuousClock.now
        for title in titles { blackHole(baseline.rank(title)) }
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        benchmark.stopMeasurement()
        benchmark.measurement(Metrics.titles, Int(Double(titles.count) / elapsed))
    }

    var next = 0
    Benchmark(
        "Code one title (latency)",
        configuration: .init(metrics: [.wallClock, .throughput], timeUnits: .microseconds,
                             warmupIterations: 20, maxDuration: .seconds(10), maxIterations: 5_000,
                             setup: { _ = (Coder.coder, Titles.subset) })
    ) { benchmark in
        let (coder, titles) = (Coder.coder, Titles.subset)
        let title = titles[next % titles.count]
        next += 1
        benchmark.startMeasurement()
        blackHole(try! coder.code(title, top: 5))
        benchmark.stopMeasurement()
    }
}
