import Foundation
import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("Province")
    struct ProvinceTests {
        @Test func holds77Provinces() {
            let all = Province.all
            #expect(all.count == 77)
            #expect(Set(all.map(\.code)).count == 77)
            #expect(all.map(\.code) == all.map(\.code).sorted())
            #expect(all.first?.code == 10)
            #expect(all.last?.code == 96)
            #expect(Set(all.map(\.abbreviationThai)).count == 77)
            #expect(Set(all.map(\.threeLetterCode)).count == 77)
            var perRegion: [Province.Region: Int] = [:]
            for province in all { perRegion[province.region, default: 0] += 1 }
            #expect(perRegion == [.north: 9, .central: 22, .northeast: 20, .west: 5, .east: 7, .south: 14])
            for province in all {
                #expect((5.5...20.5).contains(province.latitude))
                #expect((97.3...105.7).contains(province.longitude))
            }
        }

        /// Every province round-trips by code, ISO code, Thai name (bare, with จังหวัด or จ.),
        /// Thai abbreviation, English name (as given, upper case, without spaces), OCHA spelling
        /// and three-letter code.
        @Test(arguments: Province.all)
        func roundTrips(province: Province) throws {
            let code = String(province.code)
            var texts = [code, thaiDigits(code), "TH-\(code)", "th-\(code)", province.iso3166_2,
                         province.nameThai, "จังหวัด" + province.nameThai, "จังหวัด " + province.nameThai,
                         "จ." + province.nameThai, "จ. " + province.nameThai, province.abbreviationThai,
                         province.nameEnglish, province.nameEnglish.uppercased(), province.nameEnglish.lowercased(),
                         province.nameEnglish.replacingOccurrences(of: " ", with: ""),
                         province.nameEnglish + " Province", province.nameEnglishOCHA,
                         province.threeLetterCode, province.threeLetterCode.lowercased()]
            texts.append(" \(province.nameThai)\t")
            for text in texts {
                #expect(try Province(parsing: text) == province, "\(text)")
                let parsed = try withBytes(text) { bytes throws(FieldProblem) in try Province(parsing: bytes) }
                #expect(parsed.code == province.code)
                #expect(parsed.nameThai == province.nameThai)
            }
            #expect(Province(code: province.code) == province)
        }

        @Test(arguments: [
            ("Lop Buri", 16), ("Lopburi", 16), ("LOPBURI", 16), ("Phang-nga", 82), ("Phangnga", 82),
            ("Phang Nga", 82), ("Chon Buri", 20), ("Chonburi", 20), ("กรุงเทพฯ", 10), ("กรุงเทพ", 10),
            ("กรุงเทพมหานคร", 10), ("กทม", 10), ("กทม.", 10), ("ก.ท.ม.", 10), ("Bangkok Metropolis", 10),
            ("BKK", 10), ("bangkok", 10), ("KBI", 81), ("กบ", 81), ("Krabi", 81), ("จ.กระบี่", 81),
            ("Ayutthaya", 14), ("อยุธยา", 14), ("Korat", 30), ("โคราช", 30), ("Buriram", 31),
            ("Sisaket", 33), ("Si Sa Ket", 33), ("Nong Bua Lamphu", 39), ("Chiang Mai Province", 50),
            ("เชียงใหม่", 50), ("ชม", 50), ("๕๐", 50), ("TH-๕๐", 50),
        ])
        func parsesVariants(text: String, code: Int) throws {
            #expect(try Province(parsing: text).code == UInt8(code))
        }

        @Test(arguments: ["29", "00", "99", "1", "100", "TH-99", "TH-1", "TH10x", "Atlantis", "จังหวัด", "จ.",
                          "Bangkok City Hall", "กรุงเทพมหานครฯ", "10 Bangkok", "Province"])
        func refusesUnknown(text: String) {
            #expect(problem { () throws(FieldProblem) in try Province(parsing: text) } == .unknown("unknown province"))
        }

        @Test func refusesEmpty() {
            #expect(problem { () throws(FieldProblem) in try Province(parsing: "") } == .missing)
            #expect(Province(code: 29) == nil)
            #expect(Province(code: 0) == nil)
            #expect(Province(code: 255) == nil)
        }

        @Test func namesHaveNoConflicts() {
            #expect(Province.names.conflicts == [])
        }

        @Test func bangkok() throws {
            let bangkok = try #require(Province(code: 10))
            #expect(bangkok.nameThai == "กรุงเทพมหานคร")
            #expect(bangkok.nameEnglish == "Bangkok")
            #expect(bangkok.region == .central)
            #expect(bangkok.abbreviationThai == "กทม")
            #expect(bangkok.threeLetterCode == "BKK")
            #expect(bangkok.iso3166_2 == "TH-10")
            #expect(bangkok.description == "10 Bangkok")
            #expect(Province.Region.central.nameThai == "ภาคกลาง")
            #expect(Province.Region.northeast.nameEnglish == "Northeast")
            #expect(Province.Region.allCases.count == 6)
        }

        @Test func distances() throws {
            let bangkok = try #require(Province(code: 10)), chiangMai = try #require(Province(code: 50))
            let phuket = try #require(Province(code: 83)), narathiwat = try #require(Province(code: 96))
            // Expected values: the haversine formula in Python on the centroids of provinces.csv.
            #expect(abs(bangkok.distanceKilometres(to: chiangMai) - 595.1044123720674) < 1e-6)
            #expect(abs(bangkok.distanceKilometres(to: phuket) - 691.0844943333188) < 1e-6)
            #expect(abs(chiangMai.distanceKilometres(to: narathiwat) - 1441.0007251016273) < 1e-6)
            for a in Province.all {
                #expect(a.distanceKilometres(to: a) == 0)
                for b in Province.all.prefix(10) {
                    #expect(abs(a.distanceKilometres(to: b) - b.distanceKilometres(to: a)) < 1e-9)
                    #expect(a.distanceKilometres(to: b) < 1700)
                }
            }
        }

        @Test func referenceDataLoads() throws {
            try ReferenceData.check()
        }
    }
}
