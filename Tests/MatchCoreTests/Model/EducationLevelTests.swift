import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("EducationLevel")
    struct EducationLevelTests {
        @Test func codesAndOrder() {
            #expect(EducationLevel.allCases.map(\.code) == [
                "none", "primary", "lower_secondary", "upper_secondary", "vocational_certificate", "diploma",
                "bachelor", "master", "doctorate",
            ])
            #expect(EducationLevel.allCases.map(\.rawValue) == Array(0...8))
            #expect(EducationLevel.allCases == EducationLevel.allCases.sorted())
            #expect(EducationLevel.upperSecondary < .vocationalCertificate)
            #expect(EducationLevel.diploma < .bachelor)
            #expect(EducationLevel.bachelor.description == "bachelor")
        }

        @Test(arguments: EducationLevel.allCases)
        func roundTrips(level: EducationLevel) throws {
            for text in [level.code, level.englishName, level.thaiName, level.code.uppercased(),
                         String(level.rawValue), thaiDigits(String(level.rawValue)), " \(level.thaiName) "] {
                #expect(try EducationLevel(parsing: text) == level, "\(text)")
                #expect(try withBytes(text) { bytes throws(FieldProblem) in try EducationLevel(parsing: bytes) } == level)
            }
        }

        @Test(arguments: [
            ("ไม่มี", EducationLevel.none), ("ไม่ได้เรียน", .none), ("none", .none),
            ("ประถม", .primary), ("ประถมศึกษา", .primary), ("ป.6", .primary), ("ป.๖", .primary), ("ป6", .primary),
            ("Primary", .primary),
            ("มัธยมต้น", .lowerSecondary), ("มัธยมศึกษาตอนต้น", .lowerSecondary), ("ม.3", .lowerSecondary),
            ("ม.๓", .lowerSecondary), ("lower secondary", .lowerSecondary),
            ("มัธยมปลาย", .upperSecondary), ("มัธยมศึกษาตอนปลาย", .upperSecondary), ("ม.6", .upperSecondary),
            ("High School", .upperSecondary), ("high-school", .upperSecondary),
            ("ปวช.", .vocationalCertificate), ("ปวช", .vocationalCertificate),
            ("Vocational Certificate", .vocationalCertificate),
            ("ปวส.", .diploma), ("ปวส", .diploma), ("อนุปริญญา", .diploma), ("High Vocational Certificate", .diploma),
            ("associate degree", .diploma), ("Diploma", .diploma),
            ("ปริญญาตรี", .bachelor), ("ป.ตรี", .bachelor), ("ป. ตรี", .bachelor), ("Bachelor's degree", .bachelor),
            ("bachelor’s degree", .bachelor), ("BACHELOR", .bachelor), ("BA", .bachelor), ("B.A.", .bachelor),
            ("BSc", .bachelor), ("B.Sc.", .bachelor), ("bachelor.", .bachelor),
            ("ปริญญาโท", .master), ("ป.โท", .master), ("Master's", .master), ("MBA", .master), ("M.B.A.", .master),
            ("master's degree", .master),
            ("ปริญญาเอก", .doctorate), ("ป.เอก", .doctorate), ("PhD", .doctorate), ("Ph.D.", .doctorate),
            ("doctorate", .doctorate),
        ])
        func parsesVariants(text: String, level: EducationLevel) throws {
            #expect(try EducationLevel(parsing: text) == level)
        }

        @Test(arguments: ["9", "-1", "kindergarten", "ปริญญา", "อนุบาล", "degree", "ม.", "ป.", "bachelor of arts"])
        func refusesUnknown(text: String) {
            #expect(problem { () throws(FieldProblem) in try EducationLevel(parsing: text) } == .unknown("unknown education level"))
        }

        @Test func refusesEmpty() {
            #expect(problem { () throws(FieldProblem) in try EducationLevel(parsing: "\n") } == .missing)
        }

        @Test func namesHaveNoConflicts() {
            #expect(EducationLevel.names.conflicts == [])
        }
    }
}
