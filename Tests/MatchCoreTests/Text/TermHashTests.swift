import Testing
@testable import MatchCore

@Suite("TermHash")
struct TermHashTests {
    // Reference values of 64-bit FNV-1a (the FNV authors' test vectors).
    @Test(arguments: [
        ("", 0xCBF2_9CE4_8422_2325 as UInt64),
        ("a", 0xAF63_DC4C_8601_EC8C),
        ("foobar", 0x8594_4171_F739_67E8),
    ])
    func matchesFNV1aVectors(text: String, hash: UInt64) {
        #expect(TermHash.hash(text) == hash)
    }

    @Test func scalarsHashAsTheirUTF8() {
        for text in ["a", "é", "พนักงาน", "€", "😀", "#<ช่", "c++ 3.5"] {
            var hash = TermHash()
            for scalar in text.unicodeScalars { hash.combine(scalar) }
            #expect(hash.value == TermHash.hash(text), "\(text)")
            let scalars = Array(text.unicodeScalars)
            #expect(scalars.withUnsafeBufferPointer { String.fromScalars($0) } == text)
        }
    }
}
