/// What a seeker did with a vacancy, in the order of a hiring funnel. The raw value is stored.
public enum EventKind: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case view = 1, apply, interview, hire, reject, withdraw

    public var code: String {
        switch self {
        case .view: "view"
        case .apply: "apply"
        case .interview: "interview"
        case .hire: "hire"
        case .reject: "reject"
        case .withdraw: "withdraw"
        }
    }

    public var description: String { code }

    public static func < (a: EventKind, b: EventKind) -> Bool { a.rawValue < b.rawValue }

    static let vocabulary = Vocabulary<EventKind>([
        (.view, ["view", "viewed", "ดู", "เข้าชม"]),
        (.apply, ["apply", "applied", "application", "สมัคร", "สมัครงาน"]),
        (.interview, ["interview", "interviewed", "สัมภาษณ์", "นัดสัมภาษณ์"]),
        (.hire, ["hire", "hired", "placed", "จ้าง", "ได้งาน", "บรรจุ"]),
        (.reject, ["reject", "rejected", "ปฏิเสธ", "ไม่ผ่าน"]),
        (.withdraw, ["withdraw", "withdrawn", "ถอน", "ยกเลิกการสมัคร"]),
    ])

    /// Parses an English code or Thai word, case-insensitively.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> EventKind {
        try vocabulary.parse(bytes, expected: "view, apply, interview, hire, reject or withdraw")
    }
}

/// A closed list of codes, each with the English and Thai words that feeds use for it.
/// Matching is case-insensitive on ASCII, after trimming spaces and a trailing dot.
struct Vocabulary<Value: Sendable>: Sendable {
    private let values: [String: Value]

    init(_ entries: [(Value, [String])]) {
        var values: [String: Value] = [:]
        for (value, words) in entries {
            for word in words { values[word.lowercased()] = value }
        }
        self.values = values
    }

    func parse(_ bytes: UnsafeBufferPointer<UInt8>, expected: String) throws(FieldProblem) -> Value {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        var start = 0
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        guard start < end else { throw .missing }
        let lowered = bytes[start..<end].map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        guard let value = values[String(decoding: lowered, as: UTF8.self)] else {
            throw .malformed(expected: expected)
        }
        return value
    }
}

/// An identifier a service gives to a record that is not a person (vacancy, application):
/// 1 to 64 ASCII letters, digits and `-_./:#`.
enum ExternalID {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> String {
        guard !bytes.isEmpty else { throw .missing }
        guard bytes.count <= 64 else { throw .tooLong(maximum: 64) }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "#"):
                continue
            default: throw .malformed(expected: "an identifier of ASCII letters, digits and -_./:#")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A calendar year, Buddhist era (≥ 2400, minus 543) or Common era, 1900 to 2100.
enum Year {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> Int {
        var year = try Number.integer(bytes, in: 1900...2700)
        if year >= 2400 { year -= 543 }
        guard (1900...2100).contains(year) else { throw .outOfRange("a year from 1900 to 2100 (or 2443 to 2643 BE)") }
        return year
    }
}
