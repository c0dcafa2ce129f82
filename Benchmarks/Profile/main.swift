// A small driver for profiling feature encoding outside the benchmark framework, so that a
// profiler (valgrind --tool=callgrind) sees only encoding: the space is fitted once and saved,
// and later runs load it.
//
//     Profile fit SPACE [--texts FILE]
//     Profile rows|text|tfidf|tokens SPACE COUNT [--texts FILE] [--workers N] [--repeat R]
//
// The texts are the Features benchmark's 20,000 generated vacancy texts, or FILE's lines (one
// text a line: real-looking postings, say). `rows` encodes full vacancy rows (FeatureCorpus
// vacancies around the texts), `text` each text's dense text block, `tfidf` the sparse TF-IDF
// vectors, `tokens` only the tokenizer's term hashes; each prints texts a second.
// Instructions a text under callgrind: run two COUNTs and divide the difference.

import BenchmarkCorpus
import Foundation
import MatchCore

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func loadTexts() -> [String] {
    guard let path = option("--texts") else { return VacancyTexts.generate(count: 20_000, seed: 2024) }
    let contents = try! String(contentsOfFile: path, encoding: .utf8)
    return contents.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: Profile fit SPACE [--texts FILE] | Profile rows|text|tfidf|tokens SPACE COUNT [--texts FILE] [--workers N] [--repeat R]")
    exit(2)
}
let mode = arguments[1], path = arguments[2]
let texts = loadTexts()

if mode == "fit" {
    let start = ContinuousClock.now
    let space = try FeatureSpace.fit(seekers: FeatureCorpus.seekers(count: 20_000, seed: 9),
                                     vacancies: FeatureCorpus.vacancies(texts: texts))
    try space.save(to: path)
    print("fitted on \(texts.count) texts + 20,000 seekers in \(ContinuousClock.now - start); dimension \(space.dimension)")
    exit(0)
}

let space = try FeatureSpace.load(from: path)
let tokenizer = try Tokenizer()  // the standard one, as the spaces profiled here use
let count = min(Int(arguments[3])!, texts.count)
let workers = Int(option("--workers") ?? "1")!
let repeats = Int(option("--repeat") ?? "1")!
let vacancies = FeatureCorpus.vacancies(texts: Array(texts[..<count]))
let used = Array(texts[..<count])
var checksum = 0.0
let lock = NSLock()
for _ in 0..<repeats {
    let start = ContinuousClock.now
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var encoder = space.makeEncoder()
        var sum = 0.0
        var row = [Float](repeating: 0, count: space.dimension)
        var block = [Float](repeating: 0, count: space.layout.range(of: .text).count)
        var hashes: [UInt64] = []
        var scratch = Tokenizer.Scratch()
        for index in worker * count / workers..<(worker + 1) * count / workers {
            if mode == "tokens" {
                hashes.removeAll(keepingCapacity: true)
                tokenizer.appendTermHashes(in: used[index], to: &hashes, scratch: &scratch)
                sum += Double(hashes.count)
            } else if mode == "rows" {
                row.withUnsafeMutableBufferPointer { encoder.encode(vacancies[index], into: $0) }
                sum += Double(row[0]) + Double(row[row.count - 1])
            } else if mode == "text" {
                block.withUnsafeMutableBufferPointer { encoder.encodeText(used[index], into: $0) }
                sum += Double(block[0]) + Double(block[block.count - 1])
            } else {
                for term in encoder.textTerms(of: used[index]) { sum += Double(term.weight) }
            }
        }
        lock.lock()
        checksum += sum
        lock.unlock()
    }
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    print("\(mode) \(count) texts, \(workers) workers: \(Int(Double(count) / seconds)) texts/s")
}
print("checksum \(checksum)")
