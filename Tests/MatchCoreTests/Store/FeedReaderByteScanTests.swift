import Foundation
import Testing
@testable import MatchCore

/// The byte helpers of the readers against plain oracles: Swift's own UTF-8 validation and a
/// byte-by-byte search.
@Suite("FeedReader: byte scanning")
struct FeedReaderByteScanTests {
    /// Swift's verdict on `bytes`.
    func swiftAccepts(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    func validates(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteScan.isValidUTF8($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
    }

    @Test func edgeCasesOfUTF8() {
        let cases: [[UInt8]] = [
            [], [0x41], [0xC2, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF],
            [0xE0, 0xB8, 0x81], [0xE0, 0xB8], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE0, 0xB8, 0x81, 0x80], [0xE0, 0xB8, 0x41],
            Array("สมชาย ใจดี".utf8), Array("abcdefghสมชาย".utf8) + [0xE0], Array("😀 é ก".utf8),
        ]
        for bytes in cases {
            #expect(validates(bytes) == swiftAccepts(bytes), "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test(arguments: 1...20 as ClosedRange<UInt64>)
    func randomBytesAgreeWithSwift(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let pieces: [[UInt8]] = [
            Array("abcdefghijk".utf8), Array("กรุงเทพ".utf8), Array("é😀".utf8), [0x80], [0xE0], [0xED, 0xA0],
            [0xF4, 0x90], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xEF, 0xBF], [0x20],
        ]
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                // Mostly valid text, so that invalid bytes land everywhere in long valid runs.
                let piece = Int.random(in: 0..<10, using: &generator) < 8
                    ? pieces[Int.random(in: 0..<3, using: &generator)] : pieces.randomElement(using: &generator)!
                bytes += piece
            }
            #expect(validates(bytes) == swiftAccepts(bytes), "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test(arguments: [UInt8(0x2C), 0x0A, 0x22, 0x5C])
    func firstFlaggedByteIsTheFirstMatch(target: UInt8) {
        var generator = SeededGenerator(seed: UInt64(target))
        let alphabet: [UInt8] = [target, target &- 1, target &+ 1, 0x00, 0x01, 0x1F, 0x20, 0x7F, 0x80, 0xFF, 0x61]
        for _ in 0..<2000 {
            let bytes = (0..<8).map { _ in alphabet.randomElement(using: &generator)! }
            let word = bytes.withUnsafeBufferPointer { ByteScan.word($0.baseAddress!) }
            let match = ByteScan.has(word, target)
            let control = ByteScan.hasLess(word, than: 0x20)
            #expect((match == 0) == !bytes.contains(target))
            if let first = bytes.firstIndex(of: target) { #expect(ByteScan.firstFlagged(match) == first) }
            if let first = bytes.firstIndex(where: { $0 < 0x20 }) {
                #expect(ByteScan.firstFlagged(control) == first)
            } else {
                #expect(control == 0)
            }
            if let first = bytes.firstIndex(where: { $0 == target || $0 < 0x20 }) {
                #expect(ByteScan.firstFlagged(match | control) == first)
            }
        }
    }
}
