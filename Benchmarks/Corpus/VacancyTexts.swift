// Generated Thai/English vacancy texts for the Text and Features benchmarks, reproducible for a
// seed: each text is phrases of 2–6 Thai words written without spaces, as Thai is, separated by
// spaces; 80% of Thai words come from a list of common job-board words below and 20% from the
// whole standard dictionary (rare words, as in real descriptions), with English words (15%) and
// salaries (5%) mixed in, about 60 words a text.

import MatchCore

public enum VacancyTexts {
    public static let jobWords = [
        "พนักงาน", "ขาย", "บัญชี", "ผู้จัดการ", "ฝ่าย", "ประจำ", "สาขา", "เงินเดือน", "บาท", "ช่าง",
        "เชื่อม", "ไฟฟ้า", "ซ่อมบำรุง", "คลังสินค้า", "ขับรถ", "ส่งของ", "ประสบการณ์", "ปี", "วุฒิ",
        "ปริญญาตรี", "การตลาด", "ทำงาน", "สวัสดิการ", "ประกันสังคม", "โบนัส", "รับสมัคร", "ด่วน",
        "เจ้าหน้าที่", "ธุรการ", "บุคคล", "แม่บ้าน", "ทำความสะอาด", "ต้อนรับ", "โรงแรม", "ร้านอาหาร",
        "แคชเชียร์", "วิศวกร", "โยธา", "โปรแกรมเมอร์", "ลูกค้า", "บริการ", "สามารถ", "ภาษาอังกฤษ",
        "คอมพิวเตอร์", "โรงงาน", "ผลิต", "ควบคุม", "คุณภาพ", "จัดซื้อ", "ประสานงาน", "ติดต่อ",
        "เอกสาร", "รายงาน", "กรุงเทพมหานคร", "ชลบุรี", "ระยอง", "เชียงใหม่", "นิคมอุตสาหกรรม", "กะ",
        "ล่วงเวลา", "ค่าคอมมิชชั่น", "ยินดี", "จบใหม่", "มี", "และ", "หรือ", "ได้", "ที่", "ใน", "การ",
        "อายุ", "ไม่เกิน", "เพศ", "ชาย", "หญิง", "สุขภาพ", "แข็งแรง", "ขยัน", "อดทน", "รับผิดชอบ",
    ]
    public static let englishWords = [
        "Sales", "Executive", "Engineer", "Excel", "C++", "Python", "FMCG", "full-time", "part-time",
        "TIG", "MIG", "Driver", "Accounting", "Marketing", "Admin", "Warehouse", "Forklift", "IT",
        "Support", "Manager", "SAP", "TOEIC", "GPA", "B2B", "KPI", "Java", "AutoCAD", "QC", "HR",
    ]

    /// `count` texts of about `words` words each.
    public static func generate(count: Int, words: Int = 60, seed: UInt64) -> [String] {
        let dictionary = try! ThaiDictionary.standardWords().filter { word in
            word.unicodeScalars.allSatisfy { (0x0E01...0x0E4E).contains($0.value) && $0.value != 0x0E46 }
        }
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in phrase(words: words, dictionary: dictionary, using: &generator) }
    }

    /// A text of about `words` words.
    public static func phrase(words target: Int, dictionary: [String], using generator: inout SeededGenerator) -> String {
        var text = ""
        var words = 0
        while words < target {
            let roll = Int.random(in: 0..<100, using: &generator)
            if roll < 15 {
                text += " " + englishWords.randomElement(using: &generator)!
                words += 1
            } else if roll < 20 {
                text += " \(Int.random(in: 9...80, using: &generator)),000"  // a salary
                words += 1
            } else {
                text += " "
                for _ in 0..<Int.random(in: 2...6, using: &generator) {
                    let common = Int.random(in: 0..<5, using: &generator) < 4
                    text += common ? jobWords.randomElement(using: &generator)! : dictionary.randomElement(using: &generator)!
                    words += 1
                }
            }
        }
        return text
    }
}
