import Testing
@testable import MatchCore

#if os(Linux)
@Suite("ICUSegmenter")
struct ICUSegmenterTests {
    static let icu = try! ICUSegmenter()

    @Test func segmentsTheReferencePhrase() {
        #expect(Self.icu.words(inThaiRun: "ผู้จัดการฝ่ายขายประจำกรุงเทพมหานคร")
                == ["ผู้", "จัดการ", "ฝ่าย", "ขาย", "ประจำ", "กรุงเทพมหานคร"])
    }

    @Test func coversEveryScalarOfLongAndEmptyRuns() {
        let long = String(repeating: "พนักงานขายหน้าร้าน", count: 500)
        #expect(Self.icu.words(inThaiRun: long).joined() == long)
        #expect(Self.icu.words(inThaiRun: "").isEmpty)
    }

    @Test func worksFromManyTasksAtOnce() async {
        let segmenter = try! WordSegmenter(engine: .icu)
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<16 { group.addTask { segmenter.words(in: "รับสมัครพนักงานบัญชี ด่วน!!") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == ["รับ", "สมัคร", "พนักงาน", "บัญชี", "ด่วน"] })
    }
}
#endif
