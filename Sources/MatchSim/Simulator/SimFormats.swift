import Foundation
import MatchCore

/// The varied ways real exports write values, drawn per field: dates in ISO or Buddhist-era
/// forms, Thai digits, Thai month names, provinces by code or name, money with separators.
struct SimFormats {
    static let thaiMonths = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    static func day(_ day: Day, _ random: inout SimRandom) -> String {
        let form = random.uniform()
        if form < 0.62 { return day.description }
        if form < 0.88 { return "\(two(day.day))/\(two(day.month))/\(day.year + 543)" }
        if form < 0.93 { return thaiDigits("\(day.day)/\(day.month)/\(day.year + 543)") }
        return "\(day.day) \(thaiMonths[day.month - 1]) \(day.year + 543)"
    }

    /// A time in Bangkok (UTC+7) from seconds since 1970 (UTC), ISO with the zone, sometimes
    /// without it (Bangkok implied) or with a Buddhist-era year.
    static func time(_ seconds: Int64, _ random: inout SimRandom) -> String {
        let form = random.below(20)
        if form < 16 { return isoTime(seconds) }
        let local = seconds + 7 * 3_600
        let day = Day(daysSince1970: Int32(local / 86_400))
        let second = Int(local % 86_400)
        let clock = "\(two(second / 3_600)):\(two(second / 60 % 60)):\(two(second % 60))"
        if form < 19 { return "\(day) \(clock)" }
        return "\(day.year + 543)-\(two(day.month))-\(two(day.day))T\(clock)+07:00"
    }

    /// The same, always ISO with the zone (event times, which sort by text): built in one
    /// 25-byte buffer, because the events feed writes millions of them.
    static func isoTime(_ seconds: Int64) -> String {
        let local = seconds + 7 * 3_600
        let (year, month, day) = Day(daysSince1970: Int32(local / 86_400)).components
        let second = Int(local % 86_400)
        return String(unsafeUninitializedCapacity: 25) { buffer in
            func put(_ value: Int, _ digits: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(48 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = 0x2D
            put(month, 2, at: 5)
            buffer[7] = 0x2D
            put(day, 2, at: 8)
            buffer[10] = 0x54
            put(second / 3_600, 2, at: 11)
            buffer[13] = 0x3A
            put(second / 60 % 60, 2, at: 14)
            buffer[16] = 0x3A
            put(second % 60, 2, at: 17)
            for (offset, byte) in "+07:00".utf8.enumerated() { buffer[19 + offset] = byte }
            return 25
        }
    }

    static func province(_ code: UInt8, _ random: inout SimRandom) -> String {
        let province = Province(code: code)!
        let form = random.uniform()
        if form < 0.35 { return province.nameThai }
        if form < 0.6 { return String(province.code) }
        if form < 0.8 { return province.nameEnglish }
        // Bangkok is not a จังหวัด: it is written กรุงเทพฯ or กทม. instead.
        if form < 0.9 { return province.code == 10 ? "กทม." : "จ." + province.nameThai }
        if form < 0.95 { return province.iso3166_2 }
        return province.code == 10 ? "กรุงเทพฯ" : "จังหวัด" + province.nameThai
    }

    static func money(_ amount: Int, _ random: inout SimRandom) -> String {
        let form = random.below(10)
        let grouped = amount >= 1_000 ? "\(amount / 1_000),\(String(amount % 1_000 + 1_000).dropFirst())" : String(amount)
        if form < 5 { return String(amount) }
        if form < 9 { return grouped }
        return grouped + " บาท"
    }

    static func education(_ level: Int8, _ random: inout SimRandom) -> String {
        let education = EducationLevel(rawValue: level)!
        switch random.below(10) {
        case 0..<5: return education.code
        case 5..<8: return education.thaiName
        default: return education.englishName
        }
    }

    static func year(_ year: Int, _ random: inout SimRandom) -> String {
        random.chance(0.5) ? String(year + 543) : String(year)
    }

    static func thaiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x30...0x39).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x30 + 0x0E50)! : scalar
        }))
    }

    /// A typing slip: one character (a Thai consonant with its marks, or a letter) dropped or
    /// doubled, never the first.
    static func misspell(_ text: String, _ random: inout SimRandom) -> String {
        var characters = Array(text)
        let candidates = characters.indices.dropFirst().filter { index in
            guard let scalar = characters[index].unicodeScalars.first else { return false }
            // Not right after a leading vowel (เ แ โ ใ ไ), which would be left with nothing to sit on.
            let previous = characters[index - 1].unicodeScalars.first?.value ?? 0
            guard !(0x0E40...0x0E44).contains(previous) else { return false }
            return (0x0E01...0x0E2E).contains(scalar.value) || (scalar.properties.isAlphabetic && scalar.isASCII)
        }
        guard !candidates.isEmpty else { return text }
        let position = candidates[random.below(candidates.count)]
        if random.chance(0.5) { characters.remove(at: position) } else { characters.insert(characters[position], at: position) }
        return String(characters)
    }
}
