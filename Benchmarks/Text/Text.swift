// Thai/English text to terms: ICU segmentation against dictionary segmentation, and the whole
// tokenizer, on generated vacancy texts, in one run.
//
// - "normalize": TextNormalizer alone.
// - "segment icu" / "segment dictionary": WordSegmenter.segment (normalising, segmenting,
//   making a String per word) with each Thai engine.
// - "tokenizer …": Tokenizer (default configuration: words, compound parts, character
//   3-grams, stop words removed) giving strings (terms) or FNV-1a hashes (termHashes, also with
//   the caller's own Tokenizer.Scratch); and the hashes on all cores, the figure to compare with the target of 50,000 vacancy texts a
//   second on the 2-core machine.
//
// Every benchmark reports texts/s and tokens/s (words for segmenters, terms for the tokenizer,
// scalars for the normaliser) over one pass of the whole corpus per iteration.
//
// The corpus: 2,000 vacancy texts of about 60 words from BenchmarkCorpus (Benchmarks/Corpus),
// seed 2024: phrases of 2–6 Thai words written without spaces, as Thai is, separated by spaces;
// 80% of Thai words from a list of common job-board words and 20% from the whole standard
// dictionary (rare words, as in real descriptions), with English words (15%) and numbers (5%).

import Benchmark
import BenchmarkCorpus
import Foundation
import MatchCore

enum Metrics {
    static let texts = BenchmarkMetric.custom("texts/s", polarity: .prefersLarger, useScalingFactor: false)
    static let tokens = BenchmarkMetric.custom("tokens/s", polarity: .prefersLarger, useScalingFactor: false)
}

enum Corpus {
    static let texts = VacancyTexts.generate(count: 2000, seed: 2024)
}


/// One pass of `body` over the corpus, measured: reports texts/s and tokens/s (the sum of
/// what `body` returns) and prints them.
func measure(_ benchmark: Benchmark, _ name: String, _ body: ([String]) -> Int) {
    let texts = Corpus.texts
    benchmark.startMeasurement()
    let start = ContinuousClock.now
    let tokens = body(texts)
    let elapsed = (ContinuousClock.now - start).seconds
    benchmark.stopMeasurement()
    benchmark.measurement(Metrics.texts, Int(Double(texts.count) / elapsed))
    benchmark.measurement(Metrics.tokens, Int(Double(tokens) / elapsed))
    let perText = (Double(tokens) / Double(texts.count) * 10).rounded() / 10
    print("\(name): \(Int(Double(texts.count) / elapsed)) texts/s, \(Int(Double(tokens) / elapsed)) tokens/s "
          + "(\(perText) tokens a text)")
}

let benchmarks = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, Metrics.texts, Metrics.tokens], timeUnits: .milliseconds,
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 10)
    let scalars = Corpus.texts.reduce(0) { $0 + $1.unicodeScalars.count }
    print("corpus: \(Corpus.texts.count) texts, \(scalars / Corpus.texts.count) scalars a text; "
          + "\(ProcessInfo.processInfo.activeProcessorCount) processors")
    print("sample: \(Corpus.texts[0])")

    let normalizer = TextNormalizer()
    Benchmark("normalize", configuration: configuration) { benchmark in
        measure(benchmark, "normalize (tokens = scalars)") { texts in
            texts.reduce(0) { $0 + normalizer.normalize($1).unicodeScalars.count }
        }
    }

    for engine in WordSegmenter.Engine.allCases {
        Benchmark("segment \(engine.rawValue)", configuration: configuration) { benchmark in
            let segmenter = try! WordSegmenter(engine: engine)
            measure(benchmark, "segment \(engine.rawValue) (tokens = words)") { texts in
                texts.reduce(0) { $0 + segmenter.segment($1).count }
            }
        }
    }

    for engine in WordSegmenter.Engine.allCases {
        Benchmark("tokenizer termHashes \(engine.rawValue)", configuration: configuration) { benchmark in
            let tokenizer = try! Tokenizer(.init(engine: engine))
            measure(benchmark, "tokenizer termHashes \(engine.rawValue) (tokens = terms)") { texts in
                texts.reduce(0) { $0 + tokenizer.termHashes(in: $1).count }
            }
        }
    }

    Benchmark("tokenizer termHashes dictionary, own scratch", configuration: configuration) { benchmark in
        let tokenizer = try! Tokenizer()
        var scratch = Tokenizer.Scratch()
        var hashes: [UInt64] = []
        measure(benchmark, "tokenizer termHashes dictionary, own scratch (tokens = terms)") { texts in
            texts.reduce(0) { count, text in
                hashes.removeAll(keepingCapacity: true)
                tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &scratch)
                return count + hashes.count
            }
        }
    }

    Benchmark("tokenizer terms dictionary", configuration: configuration) { benchmark in
        let tokenizer = try! Tokenizer()
        measure(benchmark, "tokenizer terms dictionary (tokens = terms)") { texts in
            texts.reduce(0) { $0 + tokenizer.terms(in: $1).count }
        }
    }

    Benchmark("tokenizer termHashes dictionary, all cores", configuration: configuration) { benchmark in
        let tokenizer = try! Tokenizer()
        let workers = ProcessInfo.processInfo.activeProcessorCount
        measure(benchmark, "tokenizer termHashes dictionary on \(workers) cores (tokens = terms)") { texts in
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
            defer { counts.deallocate() }
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var count = 0
                var hashes: [UInt64] = []
                for index in stride(from: worker, to: texts.count, by: workers) {
                    hashes.removeAll(keepingCapacity: true)
                    tokenizer.appendTermHashes(in: texts[index], to: &hashes)
                    count += hashes.count
                }
                counts[worker] = count
            }
            return counts.reduce(0, +)
        }
    }
}
