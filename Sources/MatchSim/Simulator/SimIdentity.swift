import Foundation
import MatchCore

/// How simulated people and employers are named in the feeds: identity numbers (distinct, with
/// valid check digits), Thai and foreign names, employer names, vacancy IDs.
struct SimIdentity: Sendable {
    let seed: UInt64

    /// A bijection of `0..<10^11`: distinct indices give distinct 11-digit bodies.
    private func body(_ index: Int, salt: UInt64) -> UInt64 {
        let modulus: UInt64 = 100_000_000_000
        let offset = (seed ^ salt) % modulus
        // 7,919 is prime and coprime to 10^11, so index ↦ index × 7,919 + offset is a bijection.
        return (UInt64(index) % modulus * 7_919 + offset) % modulus
    }

    private func withCheckDigit(first: UInt64, body: UInt64) -> String {
        var digits = String(body)
        digits = String(first) + String(repeating: "0", count: 11 - digits.count) + digits
        return digits + String(ThaiID.checkDigit(of: digits.utf8.map { Int($0) - 48 }))
    }

    /// The citizen ID of a Thai seeker: first digit 1 for people born from 1984 (registered at
    /// birth), 3 for older people.
    func citizenID(seeker index: Int, birthYear: Int) -> String {
        withCheckDigit(first: birthYear >= 1984 ? 1 : 3, body: body(index, salt: 0xC171))
    }

    /// The juristic ID of an employer (first digit 0).
    func juristicID(employer index: Int) -> String {
        withCheckDigit(first: 0, body: body(index, salt: 0x7A11))
    }

    /// The number a seeker is named by in the feeds: the citizen ID, or for a foreign worker
    /// the passport number (with the nationality beside it).
    func documentNumber(seeker index: Int, _ seeker: SimSeeker) -> String {
        seeker.nationality == 0
            ? citizenID(seeker: index, birthYear: Int(seeker.birthYear))
            : passport(seeker: index, nationality: seeker.nationality)
    }

    /// A passport number by nationality (1 Myanmar, 2 Lao, 3 Cambodian).
    func passport(seeker index: Int, nationality: UInt8) -> String {
        // Eight digits: distinct for every seeker count the simulator allows (below 2^26).
        let number = String(body(index, salt: 0x9A55) % 100_000_000)
        let padded = String(repeating: "0", count: 8 - number.count) + number
        switch nationality {
        case 1: return "MC" + padded
        case 2: return "P" + padded
        default: return "N" + padded
        }
    }

    /// A work-permit (pink card) number: 13 digits starting with 00.
    func permitNumber(seeker index: Int) -> String {
        let number = String(body(index, salt: 0x9E2B))
        return "00" + String(repeating: "0", count: 11 - number.count) + number
    }

    func vacancyID(_ index: Int) -> String {
        let number = String(index)
        return "JB" + String(repeating: "0", count: max(0, 7 - number.count)) + number
    }

    /// The person's name, the same in every feed: drawn from the person's own stream, with a
    /// title (นาย, นาง, นางสาว) that fits the given name when one is written.
    func name(seeker index: Int, nationality: UInt8, birthYear: Int) -> String {
        var random = SimRandom(seed: seed, stream: .name, index: index)
        switch nationality {
        case 0:
            let male = random.chance(0.5)
            let name = (male ? random.pick(Self.thaiMaleNames) : random.pick(Self.thaiFemaleNames)) + " " + random.pick(Self.thaiSurnames)
            let married = random.chance(0.4) && birthYear < 2005  // นาง (Mrs.) from about 20
            guard random.chance(0.08) else { return name }
            return (male ? "นาย" : married ? "นาง" : "นางสาว") + name
        case 1: return random.pick(Self.burmeseNames) + " " + random.pick(Self.burmeseNames)
        case 2: return random.pick(Self.laoNames) + " " + random.pick(Self.laoSurnames)
        default: return random.pick(Self.khmerSurnames) + " " + random.pick(Self.khmerNames)
        }
    }

    func employerName(_ employer: SimEmployer, index: Int) -> String {
        var random = SimRandom(state: UInt64(bitPattern: Int64(employer.name)) ^ seed)
        // Thai names take Thai legal forms, English names English ones.
        if random.chance(0.75) {
            let stem = random.pick(Self.companyStemsThai) + random.pick(Self.companySuffixesThai)
            if employer.agency { return "บริษัท จัดหางาน \(stem) จำกัด" }
            switch random.below(5) {
            case 0: return "ห้างหุ้นส่วนจำกัด \(stem)"
            case 1: return "บริษัท \(stem) จำกัด (มหาชน)"
            default: return "บริษัท \(stem) จำกัด"
            }
        }
        let stem = random.pick(Self.companyStemsEnglish) + " " + random.pick(Self.companySuffixesEnglish)
        if employer.agency { return "\(stem) Recruitment Co., Ltd." }
        return random.chance(0.8) ? "\(stem) Co., Ltd." : "\(stem) Public Company Limited"
    }

    static let thaiMaleNames = [
        "สมชาย", "วิชัย", "ประเสริฐ", "อนันต์", "ณัฐพล", "สมศักดิ์", "ธนากร", "กิตติพงษ์", "สุริยา", "ชัยวัฒน์",
        "พงศกร", "อภิชาติ", "ศุภชัย", "ธีรวัฒน์", "วีระพงษ์", "จักรพันธ์", "ปิยะพงษ์", "ณัฐวุฒิ", "เอกชัย", "สุรเชษฐ์",
    ]
    static let thaiFemaleNames = [
        "สมหญิง", "สุดา", "มาลี", "กมลวรรณ", "ปิยะนุช", "วรรณา", "ศิริพร", "นภัสสร", "กัญญารัตน์", "จิราพร",
        "สุภาพร", "อรุณี", "พรทิพย์", "ณัฐธิดา", "ชลธิชา", "รัตนา", "ธิดารัตน์", "วิภาวดี", "เบญจมาศ", "อัญชลี",
    ]
    static let thaiSurnames = [
        "ใจดี", "สุขสวัสดิ์", "ทองดี", "ศรีสุข", "บุญมา", "แสงทอง", "รักไทย", "วงศ์สวัสดิ์", "จันทร์เพ็ญ", "ประเสริฐศักดิ์",
        "สมบูรณ์", "พรหมมา", "ศรีวงศ์", "แก้วมณี", "บุญเรือง", "ทองคำ", "สายบุญ", "มณีรัตน์", "ศักดิ์ดี", "อินทร์แก้ว",
        "เพชรรัตน์", "ภูมิพัฒน์", "ชัยมงคล", "นาคสวัสดิ์", "ศรีประเสริฐ",
    ]
    static let burmeseNames = ["Aung", "Kyaw", "Min", "Thant", "Zaw", "Myo", "Hla", "Mya", "Thida", "Nandar", "Khin", "Win", "Htet", "Su"]
    static let laoNames = ["Somphone", "Bounmy", "Khamla", "Vanh", "Noy", "Phonsavanh", "Souksavanh", "Keo", "Malaythong"]
    static let laoSurnames = ["Phommachanh", "Sisouphanh", "Vongsay", "Inthavong", "Keomany", "Chanthavong"]
    static let khmerSurnames = ["Sok", "Chea", "Kim", "Heng", "Chan", "Pich", "Sim", "Mao", "Ly"]
    static let khmerNames = ["Dara", "Sophea", "Vanna", "Sreymom", "Rithy", "Bopha", "Chanthou", "Piseth", "Sokha"]
    static let companyStemsThai = [
        "ไทยพัฒนา", "สยาม", "อีสาน", "ชลบุรี", "ล้านนา", "ทักษิณ", "รุ่งเรือง", "เจริญ", "มั่นคง", "ศรีสยาม",
    ]
    static let companySuffixesThai = [
        "อุตสาหกรรม", "ฟู้ดส์", "เทค", "โลจิสติกส์", "ค้าส่ง", "การช่าง", "ก่อสร้าง", "เทรดดิ้ง", "บริการ", "เกษตร",
    ]
    static let companyStemsEnglish = ["Bangkok", "Siam", "Eastern", "Golden", "Asia", "Chao Phraya", "Lanna"]
    static let companySuffixesEnglish = ["Foods", "Logistics", "Engineering", "Trading", "Industries", "Services"]
}
