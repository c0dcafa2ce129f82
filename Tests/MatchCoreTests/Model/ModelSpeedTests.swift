import Foundation
import Testing
@testable import MatchCore

extension ModelTests {
    /// A correctness check on the shape of the importer's work (many rows of ~20 fields parsed
    /// from one reused byte buffer), not a benchmark: nothing here depends on time. Run
    /// `swift test -c release --filter ModelSpeed` to see the rate it prints.
    @Suite("ModelSpeed")
    struct ModelSpeedTests {
        /// One row of 20 fields, as the feed would have them, mixing forms and scripts.
        static let rows: [[String]] = [
            ["1101400000006", "TH", "7212", "เชียงใหม่", "ปริญญาตรี", "05/03/2564", "2021-03-05T14:30:00+07:00",
             "15,000", "month", "yes", "3", "2.5", "th", "ช่างเชื่อม", "0105536000313", "MMR", "Bangkok",
             "ม.6", "5 มี.ค. 2564", "฿350"],
            ["๑-๑๐๑๔-๐๐๐๐๐-๐๐-๖", "พม่า", "2654.1.7", "TH-10", "Bachelor's degree", "2021-03-05", "2564-03-05 09:00",
             "๑๕,๐๐๐ บาท", "รายวัน", "ไม่ใช่", "๑๒", "0.5", "Burmese", "Sales executive", "0-1055-36000-31-3",
             "Lao PDR", "กทม", "ปวส.", "5 Mar 2021", "15000.50"],
        ]

        @Test func manyRows() throws {
            let encoded = Self.rows.map { $0.map { Array($0.utf8) } }
            let rowCount = 20_000
            var checksum = 0
            let start = ContinuousClock.now
            for index in 0..<rowCount {
                let row = encoded[index % encoded.count]
                checksum &+= try row[0].withUnsafeBufferPointer { b throws(FieldProblem) in try ThaiID(parsing: b) }.value.hashValue & 1
                checksum &+= Int(try row[1].withUnsafeBufferPointer { b throws(FieldProblem) in try CountryCode(parsing: b) }.value & 1)
                checksum &+= Int(try row[2].withUnsafeBufferPointer { b throws(FieldProblem) in try ISCOCode(parsing: b) }.value & 1)
                checksum &+= Int(try row[3].withUnsafeBufferPointer { b throws(FieldProblem) in try Province(parsing: b) }.code & 1)
                checksum &+= Int(try row[4].withUnsafeBufferPointer { b throws(FieldProblem) in try EducationLevel(parsing: b) }.rawValue)
                checksum &+= Int(try row[5].withUnsafeBufferPointer { b throws(FieldProblem) in try Day(parsing: b) }.daysSince1970 & 1)
                checksum &+= Int(try row[6].withUnsafeBufferPointer { b throws(FieldProblem) in try Timestamp(parsing: b) }.secondsSince1970 & 1)
                checksum &+= try row[7].withUnsafeBufferPointer { b throws(FieldProblem) in try Baht.parse(b) } & 1
                checksum &+= Int(try row[8].withUnsafeBufferPointer { b throws(FieldProblem) in try WageUnit(parsing: b) }.rawValue)
                checksum &+= try row[9].withUnsafeBufferPointer { b throws(FieldProblem) in try MatchCore.YesNo.parse(b) } ? 1 : 0
                checksum &+= try row[10].withUnsafeBufferPointer { b throws(FieldProblem) in try Number.integer(b, in: 0...60) }
                checksum &+= Int(try row[11].withUnsafeBufferPointer { b throws(FieldProblem) in try Number.decimal(b, in: 0...10) })
                checksum &+= Int(try row[12].withUnsafeBufferPointer { b throws(FieldProblem) in try LanguageCode(parsing: b) }.value & 1)
                checksum &+= try row[13].withUnsafeBufferPointer { b throws(FieldProblem) in try TextField.parse(b, maximumLength: 200) }.utf8.count
                checksum &+= try row[14].withUnsafeBufferPointer { b throws(FieldProblem) in try JuristicID(parsing: b) }.value.hashValue & 1
                checksum &+= Int(try row[15].withUnsafeBufferPointer { b throws(FieldProblem) in try CountryCode(parsing: b) }.value & 1)
                checksum &+= Int(try row[16].withUnsafeBufferPointer { b throws(FieldProblem) in try Province(parsing: b) }.code & 1)
                checksum &+= Int(try row[17].withUnsafeBufferPointer { b throws(FieldProblem) in try EducationLevel(parsing: b) }.rawValue)
                checksum &+= Int(try row[18].withUnsafeBufferPointer { b throws(FieldProblem) in try Day(parsing: b) }.daysSince1970 & 1)
                checksum &+= try row[19].withUnsafeBufferPointer { b throws(FieldProblem) in try Baht.parse(b) } & 1
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            print("Model: \(rowCount) rows of 20 fields in \(seconds) s, \(Int(Double(rowCount) / seconds)) rows/s")
            #expect(checksum > 0)
        }
    }
}
