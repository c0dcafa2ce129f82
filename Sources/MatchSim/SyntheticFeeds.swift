import Foundation
import MatchCore

/// Valid-looking feed files of any size, for tests and import benchmarks: every value drawn
/// independently (no labour-market behaviour; that is the simulator's job), written in the
/// varied forms real exports use (Buddhist-era dates, Thai digits, Thai and English names,
/// province codes and names), with a chosen share of deliberately invalid rows.
///
/// Deterministic: row `i` of a feed depends only on the seed, the feed and `i`.
public struct SyntheticFeeds: Sendable {
    public var seed: UInt64
    /// Size of the pool of people and employers rows are drawn from.
    public var people: Int
    public var employers: Int
    /// Vacancy IDs are `V` followed by the vacancy number, below this count.
    public var vacancies: Int
    /// Dates fall in the `days` days from `start`.
    public var start: Day
    public var days: Int
    /// Share of rows made invalid (one bad field each), in 0...1.
    public var badRowRate: Double

    public init(
        seed: UInt64, people: Int, employers: Int, vacancies: Int,
        start: Day = Day(year: 2025, month: 1, day: 1)!, days: Int = 365, badRowRate: Double = 0
    ) {
        self.seed = seed
        self.people = max(1, people)
        self.employers = max(1, employers)
        self.vacancies = max(1, vacancies)
        self.start = start
        self.days = max(1, days)
        self.badRowRate = badRowRate
    }

    /// The citizen ID of person `index` (13 digits, valid check digit, first digit 1–8).
    public func citizenID(person index: Int) -> String {
        thaiID(first: 1 + UInt64(index % 8), index: index, salt: 0xC1)
    }

    /// The juristic ID of employer `index` (starts with 0).
    public func juristicID(employer index: Int) -> String {
        thaiID(first: 0, index: index, salt: 0x7A)
    }

    private func thaiID(first: UInt64, index: Int, salt: UInt64) -> String {
        // 11 pseudo-random digits from a bijection of the index keep IDs distinct.
        let mixed = (UInt64(index) &* 0x9E37_79B9_7F4A_7C15 ^ seed ^ salt) % 100_000_000_000
        let body = first * 100_000_000_000 + (UInt64(index) * 7_919 + mixed % 7_919) % 100_000_000_000
        var digits = String(body)
        digits = String(repeating: "0", count: 12 - digits.count) + digits
        let check = ThaiID.checkDigit(of: digits.map { Int(String($0))! })
        return digits + String(check)
    }

    /// Writes `count` job-board seeker rows (people `0..<count` of the pool, wrapping).
    /// Returns the number of rows made invalid.
    @discardableResult
    public func writeSeekers(count: Int, to path: String) throws -> Int {
        let writer = try FeedWriter(path: path, columns: FeedKind.seekers.schema.columns, lists: FeedKind.seekers.schema.lists)
        var bad = 0
        for row in 0..<count {
            var random = generator(feed: 1, row: row)
            let person = row % people
            let registered = start + Int.random(in: 0..<days, using: &random)
            var values: [String?] = [
                citizenID(person: person), nil, nil,
                Self.names.randomElement(using: &random)! + " " + Self.surnames.randomElement(using: &random)!,
                year(Int.random(in: 1965...2008, using: &random), &random),
                province(&random),
                (0..<Int.random(in: 1...3, using: &random)).map { _ in Self.occupations.randomElement(using: &random)!.code }
                    .joined(separator: "|"),
                Self.occupations.randomElement(using: &random)!.title,
                (0..<Int.random(in: 2...8, using: &random)).map { _ in Self.skills.randomElement(using: &random)! }
                    .joined(separator: "|"),
                Self.educations.randomElement(using: &random)!,
                Self.fields.randomElement(using: &random)!,
                String(Int.random(in: 0...20, using: &random)),
                money(Int.random(in: 9...60, using: &random) * 1_000, &random),
                Bool.random(using: &random) ? "month" : nil,
                (0..<Int.random(in: 0...2, using: &random)).map { _ in String(Province.all.randomElement(using: &random)!.code) }
                    .joined(separator: "|"),
                Bool.random(using: &random) ? "yes" : "no",
                Bool.random(using: &random) ? "th|en" : "th",
                date(registered, &random),
                Int.random(in: 0..<10, using: &random) == 0 ? date(registered + Int.random(in: 1...90, using: &random), &random) : nil,
                timestamp(registered, &random),
                nil,  // licences
            ]
            if spoil(&values, &random, bad: [(0, "1234567890123"), (5, "Atlantis"), (17, "2021-02-30"), (12, "-5"), (6, "0000")]) {
                bad += 1
            }
            try writer.write(values)
        }
        try writer.close()
        return bad
    }

    /// Writes one row per employer.
    public func writeEmployers(to path: String) throws {
        let writer = try FeedWriter(path: path, columns: FeedKind.employers.schema.columns)
        for index in 0..<employers {
            var random = generator(feed: 2, row: index)
            try writer.write([
                juristicID(employer: index), "บริษัท \(Self.companies.randomElement(using: &random)!) \(index) จำกัด",
                province(&random), Self.industries.randomElement(using: &random)!,
                String(Int.random(in: 5...5_000, using: &random)), timestamp(start, &random),
            ])
        }
        try writer.close()
    }

    /// Writes one row per vacancy (`V0` …). Returns the number of invalid rows.
    @discardableResult
    public func writeVacancies(to path: String) throws -> Int {
        let schema = FeedKind.vacancies.schema
        let writer = try FeedWriter(path: path, columns: schema.columns, lists: schema.lists)
        var bad = 0
        for index in 0..<vacancies {
            var random = generator(feed: 3, row: index)
            let occupation = Self.occupations.randomElement(using: &random)!
            let opens = start + Int.random(in: 0..<days, using: &random)
            let low = Int.random(in: 9...40, using: &random) * 1_000
            let abroad = Int.random(in: 0..<20, using: &random) == 0
            var values: [String?] = [
                "V\(index)", juristicID(employer: index % employers),
                occupation.title + (Bool.random(using: &random) ? " / \(occupation.english)" : ""),
                "รับสมัคร\(occupation.title) ประจำสาขา ทำงานจันทร์-ศุกร์ มีประกันสังคม",
                occupation.code,
                (0..<Int.random(in: 1...5, using: &random)).map { _ in Self.skills.randomElement(using: &random)! }.joined(separator: "|"),
                "ทำงานเป็นทีม|ความรับผิดชอบ",
                Self.educations.randomElement(using: &random)!, String(Int.random(in: 0...5, using: &random)),
                money(low, &random), money(low + Int.random(in: 0...20, using: &random) * 1_000, &random), "month",
                String(Int.random(in: 1...10, using: &random)),
                abroad ? nil : province(&random), abroad ? ["TW", "KR", "JP", "IL"].randomElement(using: &random)! : nil,
                date(opens, &random), date(opens + Int.random(in: 30...120, using: &random), &random),
                Bool.random(using: &random) ? "yes" : "no", timestamp(opens, &random),
                nil, nil,  // required_licences, education_required
            ]
            if spoil(&values, &random, bad: [(1, "0105500000000"), (4, "12345"), (15, "31/02/2568"), (9, "abc")]) { bad += 1 }
            try writer.write(values)
        }
        try writer.close()
        return bad
    }

    /// Writes `count` events of people of the pool with vacancies (all valid).
    public func writeEvents(count: Int, to path: String) throws {
        let writer = try FeedWriter(path: path, columns: FeedKind.events.schema.columns)
        let kinds = ["view", "view", "view", "apply", "apply", "interview", "hire", "reject", "withdraw"]
        for row in 0..<count {
            var random = generator(feed: 4, row: row)
            let at = start + Int.random(in: 0..<days, using: &random)
            try writer.write([
                citizenID(person: Int.random(in: 0..<people, using: &random)), nil, nil,
                "V\(Int.random(in: 0..<vacancies, using: &random))", kinds.randomElement(using: &random)!,
                "\(at)T\(String(format: "%02d:%02d", Int.random(in: 8...20, using: &random), Int.random(in: 0...59, using: &random))):00+07:00",
                ["web", "app", "office"].randomElement(using: &random)!,
            ])
        }
        try writer.close()
    }

    // MARK: Value forms

    private func generator(feed: UInt64, row: Int) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ (feed << 56) ^ UInt64(row))
        return SeededGenerator(seed: mixer.next())
    }

    private func spoil(_ values: inout [String?], _ random: inout SeededGenerator, bad: [(Int, String)]) -> Bool {
        guard badRowRate > 0, Double.random(in: 0..<1, using: &random) < badRowRate else { return false }
        let (column, value) = bad.randomElement(using: &random)!
        values[column] = value
        return true
    }

    /// A day as ISO, as Thai `dd/mm/BE`, or with Thai digits.
    private func date(_ day: Day, _ random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<6: return day.description
        case 6..<9: return String(format: "%02d/%02d/%04d", day.day, day.month, day.year + 543)
        default: return SimFormats.thaiDigits(String(format: "%d/%d/%d", day.day, day.month, day.year + 543))
        }
    }

    private func timestamp(_ day: Day, _ random: inout SeededGenerator) -> String {
        "\(day)T\(String(format: "%02d:%02d:%02d", Int.random(in: 0...23, using: &random), Int.random(in: 0...59, using: &random), Int.random(in: 0...59, using: &random)))+07:00"
    }

    private func year(_ year: Int, _ random: inout SeededGenerator) -> String {
        Bool.random(using: &random) ? String(year + 543) : String(year)
    }

    private func province(_ random: inout SeededGenerator) -> String {
        let province = Province.all.randomElement(using: &random)!
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return String(province.code)
        case 1: return province.nameThai
        case 2: return province.nameEnglish
        default: return "จ." + province.nameThai
        }
    }

    private func money(_ amount: Int, _ random: inout SeededGenerator) -> String {
        let formatted = amount >= 1_000 ? "\(amount / 1_000),\(String(format: "%03d", amount % 1_000))" : String(amount)
        return Bool.random(using: &random) ? formatted : String(amount)
    }

    // MARK: Vocabularies

    static let occupations: [(code: String, title: String, english: String)] = [
        ("5223", "พนักงานขาย", "Sales assistant"), ("7212", "ช่างเชื่อม", "Welder"),
        ("4311", "พนักงานบัญชี", "Accounting clerk"), ("8322", "พนักงานขับรถ", "Driver"),
        ("5120", "พ่อครัว", "Cook"), ("9112", "แม่บ้าน", "Cleaner"), ("2512", "นักพัฒนาซอฟต์แวร์", "Software developer"),
        ("4110", "เจ้าหน้าที่ธุรการ", "Office clerk"), ("7411", "ช่างไฟฟ้า", "Electrician"),
        ("8211", "พนักงานประกอบรถยนต์", "Car assembler"), ("5414", "พนักงานรักษาความปลอดภัย", "Security guard"),
        ("3221", "ผู้ช่วยพยาบาล", "Nursing associate"), ("9333", "พนักงานคลังสินค้า", "Warehouse worker"),
        ("6111", "เกษตรกร", "Farmer"), ("4222", "พนักงานคอลเซ็นเตอร์", "Call centre agent"),
    ]
    static let skills = [
        "ขับรถยนต์", "Microsoft Excel", "ภาษาอังกฤษ", "งานเชื่อม MIG", "บริการลูกค้า", "บัญชีเบื้องต้น", "Python",
        "ขับรถโฟล์คลิฟท์", "ทำอาหารไทย", "ซ่อมบำรุง", "งานขาย", "ความปลอดภัยในการทำงาน", "SQL", "การตลาดออนไลน์",
    ]
    static let educations = ["primary", "ม.3", "ม.6", "ปวช.", "ปวส.", "ปริญญาตรี", "bachelor", "master", "ป.ตรี"]
    static let fields = ["บริหารธุรกิจ", "วิศวกรรมไฟฟ้า", "การบัญชี", "Computer Science", "ช่างยนต์", ""]
    static let names = ["สมชาย", "สมหญิง", "วิชัย", "สุดา", "ประเสริฐ", "มาลี", "Somsak", "อนันต์", "กมล", "ณัฐพล"]
    static let surnames = ["ใจดี", "สุขสวัสดิ์", "ทองดี", "ศรีสุข", "Wongsakul", "บุญมา", "แสงทอง", "รักไทย"]
    static let companies = ["ไทยพัฒนา", "สยามเทค", "อีสานรุ่งเรือง", "ชลบุรีอุตสาหกรรม", "Bangkok Foods", "ล้านนาค้าส่ง"]
    static let industries = ["manufacturing", "retail", "logistics", "hospitality", "construction", "ICT", "agriculture"]
}
