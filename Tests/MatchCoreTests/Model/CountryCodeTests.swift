import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("CountryCode")
    struct CountryCodeTests {
        @Test func holdsAll249Codes() throws {
            let all = CountryCode.all
            #expect(all.count == 249)
            #expect(Set(all).count == 249)
            #expect(all == all.sorted())
            for country in all {
                #expect(CountryCode(alpha2: country.alpha2) == country)
                #expect(CountryCode(alpha2: country.alpha2.lowercased()) == country)
                #expect(try CountryCode(parsing: country.alpha2) == country)
                #expect(try CountryCode(parsing: country.englishName) == country, "\(country.englishName)")
            }
        }

        @Test func constants() {
            #expect(CountryCode.thailand.alpha2 == "TH")
            #expect(CountryCode.myanmar.alpha2 == "MM")
            #expect(CountryCode.laos.alpha2 == "LA")
            #expect(CountryCode.cambodia.alpha2 == "KH")
            #expect(CountryCode.thailand.englishName == "Thailand")
            #expect(CountryCode.thailand.description == "TH")
            #expect(CountryCode(alpha2: "XX") == nil)
            #expect(CountryCode(alpha2: "THA") == nil)
        }

        @Test(arguments: [
            // alpha-2, any case
            ("TH", "TH"), ("th", "TH"), (" mm ", "MM"), ("La", "LA"), ("us", "US"),
            // alpha-3
            ("MMR", "MM"), ("lao", "LA"), ("KHM", "KH"), ("VNM", "VN"), ("CHN", "CN"), ("JPN", "JP"),
            ("KOR", "KR"), ("TWN", "TW"), ("ISR", "IL"), ("MYS", "MY"), ("SGP", "SG"), ("USA", "US"),
            ("GBR", "GB"), ("DEU", "DE"), ("AUS", "AU"), ("IND", "IN"), ("PHL", "PH"), ("IDN", "ID"),
            ("tha", "TH"),
            // English
            ("Myanmar", "MM"), ("Burma", "MM"), ("Laos", "LA"), ("Lao PDR", "LA"), ("LAO P.D.R.", "LA"),
            ("Cambodia", "KH"), ("Taiwan", "TW"), ("South Korea", "KR"), ("south-korea", "KR"),
            ("Korea", "KR"), ("Korea, Republic of", "KR"), ("Japan", "JP"), ("JAPAN", "JP"), ("Israel", "IL"),
            ("Vietnam", "VN"), ("Viet Nam", "VN"), ("United Kingdom", "GB"), ("UK", "GB"),
            ("United States of America", "US"), ("UAE", "AE"), ("Hong Kong", "HK"), ("Turkey", "TR"),
            ("Cote d'Ivoire", "CI"), ("Côte d’Ivoire", "CI"),
            // Thai
            ("ไทย", "TH"), ("ประเทศไทย", "TH"), ("เมียนมา", "MM"), ("พม่า", "MM"), ("ลาว", "LA"),
            ("สปป.ลาว", "LA"), ("สปป. ลาว", "LA"), ("กัมพูชา", "KH"), ("เขมร", "KH"), ("เวียดนาม", "VN"),
            ("จีน", "CN"), ("ญี่ปุ่น", "JP"), ("ประเทศญี่ปุ่น", "JP"), ("เกาหลีใต้", "KR"), ("ไต้หวัน", "TW"),
            ("อิสราเอล", "IL"), ("มาเลเซีย", "MY"), ("สิงคโปร์", "SG"), ("สหรัฐอเมริกา", "US"),
            ("อังกฤษ", "GB"), ("สหรัฐอาหรับเอมิเรตส์", "AE"),
        ])
        func parses(text: String, alpha2: String) throws {
            #expect(try CountryCode(parsing: text).alpha2 == alpha2)
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try CountryCode(parsing: bytes) }.alpha2 == alpha2)
        }

        @Test(arguments: ["XX", "zz", "UKX", "ABC", "Atlantis", "ประเทศ", "ประเทศอะไร", "T", "T H", "12"])
        func refusesUnknown(text: String) {
            #expect(problem { () throws(FieldProblem) in try CountryCode(parsing: text) }
                == .unknown("unknown country (ISO 3166-1 alpha-2 expected)"))
        }

        @Test func refusesEmpty() {
            #expect(problem { () throws(FieldProblem) in try CountryCode(parsing: " \t") } == .missing)
        }

        @Test func namesHaveNoConflicts() {
            #expect(CountryCode.names.conflicts == [])
        }
    }
}
