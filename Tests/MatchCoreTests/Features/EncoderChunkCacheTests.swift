import Foundation
import Testing
@testable import MatchCore

/// Rows and sparse text vectors with the tokenizer's chunk cache equal, bit for bit, those
/// without it, on the Fixtures' seekers and vacancies (Thai, English and mixed postings) and on
/// texts longer than the cache's chunk limit, encoded twice so that the second pass is served
/// from the cache.
@Suite("Feature encoding with the chunk cache")
struct EncoderChunkCacheTests {
    @Test func rowsAndTextTermsAreTheSameWithAndWithoutTheCache() {
        let (snapshot, space, _, _) = fixtureCorpus
        var cached = space.makeEncoder()
        var whole = FeatureEncoder(space: space, cachingChunks: false)
        var a = [Float](repeating: .nan, count: space.dimension)
        var b = [Float](repeating: .nan, count: space.dimension)
        var vacancies = snapshot.vacancies
        for index in 0..<5 {  // descriptions with chunks far past the cache's chunk limit
            var long = vacancies[index]
            long.description = String(repeating: long.description, count: 20).replacingOccurrences(of: " ", with: "")
            vacancies.append(long)
        }
        var rows = 0, texts = 0
        for _ in 0..<2 {
            for vacancy in vacancies {
                a.withUnsafeMutableBufferPointer { cached.encode(vacancy, into: $0) }
                b.withUnsafeMutableBufferPointer { whole.encode(vacancy, into: $0) }
                if a.map(\.bitPattern) != b.map(\.bitPattern) { rows += 1 }
                let text = vacancy.title + "\n" + vacancy.description
                if cached.textTerms(of: text).map({ "\($0.term):\($0.weight.bitPattern)" })
                    != whole.textTerms(of: text).map({ "\($0.term):\($0.weight.bitPattern)" }) { texts += 1 }
            }
            for seeker in snapshot.seekers {
                a.withUnsafeMutableBufferPointer { cached.encode(seeker, into: $0) }
                b.withUnsafeMutableBufferPointer { whole.encode(seeker, into: $0) }
                if a.map(\.bitPattern) != b.map(\.bitPattern) { rows += 1 }
            }
        }
        #expect(rows == 0)
        #expect(texts == 0)
        #expect(snapshot.vacancies.count > 100 && snapshot.seekers.count > 100)
    }
}
