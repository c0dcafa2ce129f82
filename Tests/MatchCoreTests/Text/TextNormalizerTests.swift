import Foundation
import Testing
@testable import MatchCore

@Suite("TextNormalizer")
struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    static let cases: [(input: String, expected: String)] = [
        ("", ""),
        ("   \t\n  ", ""),
        ("\u{200B}\u{FEFF}", ""),
        ("Sales Executive", "sales executive"),
        ("  Sales   exec\t(FMCG)\nประจำสาขาบางนา ", "sales exec fmcg ประจำสาขาบางนา"),
        ("รับสมัครพนักงานบัญชี ด่วน!!", "รับสมัครพนักงานบัญชี ด่วน"),
        ("เงินเดือน ๑๕,๐๐๐ บาท", "เงินเดือน 15000 บาท"),
        ("฿15,000-20,000/เดือน", "15000 20000 เดือน"),
        ("1,234,567 and 1,2345 and 12,5", "1234567 and 1 2345 and 12 5"),
        ("GPA 3.5, node.js, ASP.NET.", "gpa 3.5 node.js asp.net"),
        ("C++ / C# / F#, A+ grade", "c++ c# f# a+ grade"),
        ("a+b 10+ years +66", "a b 10 years 66"),
        ("R&D, AT&T, Sales & Marketing", "r&d at&t sales marketing"),
        ("men's don\u{2019}t 'quoted'", "mens dont quoted"),
        ("part-time/full-time", "part time full time"),
        ("วุฒิ ป.ตรี ม.6", "วุฒิ ป ตรี ม 6"),
        ("ＡＢＣ１２３　ｘｙｚ", "abc123 xyz"),
        ("Café CRÈME Ärzte", "café crème ärzte"),
        ("e\u{301}cole", "école"),                          // composed by NFC
        ("พนัก\u{200B}งาน\u{00AD}ขาย", "พนักงานขาย"),        // zero-width space, soft hyphen
        ("ก\u{E48}\u{E38}", "ก\u{E38}\u{E48}"),             // tone before sara u: canonical order
        ("เเม่บ้าน", "แม่บ้าน"),                            // two sara e typed for sara ae
        ("ทํางาน", "ทำงาน"),                                // nikhahit + sara aa
        ("ก่่อน", "ก่อน"),                                   // tone mark typed twice
        ("กรุงเทพฯ ต่างๆ", "กรุงเทพฯ ต่างๆ"),                // ฯ and ๆ belong to words
        ("๏ หัวข้อ ๚ ๛", "หัวข้อ"),
        ("<b>Hello</b> #1", "b hello b 1"),
        ("ช่างเชื่อม TIG/MIG", "ช่างเชื่อม tig mig"),
        ("Line1\r\nLine2\u{2028}Line3\u{00A0}end", "line1 line2 line3 end"),
    ]

    @Test(arguments: cases.indices)
    func normalizes(index: Int) {
        let (input, expected) = Self.cases[index]
        let output = normalizer.normalize(input)
        #expect(Array(output.unicodeScalars) == Array(expected.unicodeScalars), "\(input.debugDescription) → \(output.debugDescription)")
    }

    @Test(arguments: cases.indices)
    func isIdempotent(index: Int) {
        let once = normalizer.normalize(Self.cases[index].input)
        #expect(Array(normalizer.normalize(once).unicodeScalars) == Array(once.unicodeScalars))
    }

    @Test func outputIsNFCAndClean() {
        var generator = SeededGenerator(seed: 11)
        // Random mixes of Thai, Latin, marks, digits, punctuation and spaces.
        let pool: [Unicode.Scalar] = Array("กขคงจพนักงานเแโใไะาำิีึืุู่้๊๋็์ั๐๙ABCxyz019 .,-+#&'!?()/\t\n\u{200B}\u{301}é".unicodeScalars)
        for _ in 0..<300 {
            let length = Int.random(in: 0..<40, using: &generator)
            var view = String.UnicodeScalarView()
            for _ in 0..<length { view.append(pool.randomElement(using: &generator)!) }
            let input = String(view)
            let output = normalizer.normalize(input)
            let scalars = Array(output.unicodeScalars)
            #expect(Array(output.precomposedStringWithCanonicalMapping.unicodeScalars) == scalars, "\(input.debugDescription)")
            #expect(scalars.first != " " && scalars.last != " ")
            #expect(!output.contains("  "))
            #expect(!scalars.contains { $0.value == 0x200B || ($0.properties.isUppercase && $0.value < 0x80) })
            #expect(!scalars.contains { ThaiScript.isDigit($0.value) })
            #expect(Array(normalizer.normalize(output).unicodeScalars) == scalars, "not idempotent: \(input.debugDescription)")
        }
    }
}
