import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("ISCOCode")
    struct ISCOCodeTests {
        @Test func all436UnitGroupsAreValid() throws {
            let groups = ISCOCode.unitGroups
            #expect(groups.count == 436)
            #expect(groups == groups.sorted())
            #expect(groups.first?.digits == "0110")
            #expect(groups.last?.digits == "9629")
            for group in groups {
                #expect(try ISCOCode(parsing: group.digits) == group)
                #expect(try ISCOCode(parsing: thaiDigits(group.digits)) == group)
                #expect(try ISCOCode(parsing: group.digits + ".1") == group)
                #expect(ISCOCode(value: group.value) == group)
                #expect(!group.label.isEmpty)
                #expect(group.digits.count == 4)
            }
            let valid = Set(groups.map(\.value))
            for value in UInt16(0)...9999 where !valid.contains(value) { #expect(ISCOCode(value: value) == nil) }
            #expect(ISCOCode(value: 10_000) == nil)
        }

        @Test func tableHoldsAllLevels() {
            #expect(ISCOTable.shared.labels.count == 619)
        }

        @Test(arguments: ["0000", "9999", "1000", "7210", "๙๙๙๙", "0000.1"])
        func refusesUnknown(text: String) {
            #expect(problem { () throws(FieldProblem) in try ISCOCode(parsing: text) } == .unknown("unknown ISCO-08 unit group"))
        }

        @Test(arguments: ["721", "72121", "7212.", "7212..1", "7212.a", "72 12", "abcd", "7212 .1", "7212-1", ".7212",
                          "110", "7212.1.", "x7212"])
        func refusesMalformed(text: String) {
            #expect(problem { () throws(FieldProblem) in try ISCOCode(parsing: text) }
                == .malformed(expected: "a 4-digit ISCO-08 code such as 7212 or 7212.1"))
        }

        @Test func refusesEmpty() {
            #expect(problem { () throws(FieldProblem) in try ISCOCode(parsing: "  ") } == .missing)
        }

        @Test func escoSuffixes() throws {
            #expect(try ISCOCode(parsing: "7212.1").value == 7212)
            #expect(try ISCOCode(parsing: " 2654.1.7 ").value == 2654)
            #expect(try ISCOCode(parsing: "๗๒๑๒.๑").value == 7212)
        }

        @Test func labelsAndLevels() throws {
            let welder = try ISCOCode(parsing: "7212")
            #expect(welder.label == "Welders and flamecutters")
            #expect(welder.groupLabel(level: 1) == "Craft and related trades workers")
            #expect(welder.groupLabel(level: 2) == "Metal, machinery and related trades workers")
            #expect(welder.groupLabel(level: 3) == "Sheet and structural metal workers, moulders and welders, and related workers")
            #expect(welder.majorGroup == 7)
            #expect(welder.skillLevel == 2)
            #expect(welder.description == "7212")
            let officer = try ISCOCode(parsing: "0110")
            #expect(officer.majorGroup == 0)
            #expect(officer.skillLevel == 2)
            #expect(officer.label == "Commissioned armed forces officers")
            let expected = [0: 2, 1: 4, 2: 4, 3: 3, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 1]
            for group in ISCOCode.unitGroups { #expect(group.skillLevel == expected[group.majorGroup]) }
            #expect(Set(ISCOCode.unitGroups.map(\.majorGroup)) == Set(0...9))
        }

        @Test func orders() throws {
            #expect(try ISCOCode(parsing: "0110") < ISCOCode(parsing: "7212"))
        }
    }
}
