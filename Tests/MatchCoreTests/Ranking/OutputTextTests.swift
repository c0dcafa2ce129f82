import Foundation
@testable import MatchCore
import Testing

@Suite("Output text: JSON scalars and CSV fields written by hand")
struct OutputTextTests {
    @Test(arguments: [
        (Float(0.72764), "0.7276"), (1.5, "1.5"), (-2, "-2"), (0, "0"), (-0.00001, "0"), (0.00006, "0.0001"),
        (-0.1, "-0.1"), (12345.6789, "12345.6787"), (0.0102, "0.0102"),
    ] as [(Float, String)])
    func numbersRoundToFourDecimals(value: Float, expected: String) {
        #expect(JSONText.number(value) == expected)
    }

    @Test func nonFiniteNumbersAreNull() {
        #expect(JSONText.number(.nan) == "null" && JSONText.number(.infinity) == "null")
    }

    @Test func stringsAreValidJSONWithThaiKept() throws {
        let texts = ["ช่างเชื่อม \"TIG\"", "line\nbreak\ttab\\slash", "\u{1}control", "ค่าจ้าง 13,000 บาท", ""]
        for text in texts {
            let json = JSONText.string(text)
            let back = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as! [String]
            #expect(back == [text])
        }
        #expect(JSONText.string("ไทย") == "\"ไทย\"")
    }

    @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
        #expect(CSVText.quoted("พนักงานขาย") == "พนักงานขาย")
        #expect(CSVText.quoted("ค่าจ้าง 13,000 บาท") == "\"ค่าจ้าง 13,000 บาท\"")
        #expect(CSVText.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.records(CSVText.quoted("a,\"b\"\nc") + "\n") == [["a,\"b\"\nc"]])
    }
}
