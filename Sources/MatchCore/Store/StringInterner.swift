/// Gives one shared `String` for every occurrence of the same bytes: the snapshot holds millions
/// of skills, titles and fields drawn from a far smaller set, and a repeat then costs a hash and
/// a compare instead of an allocation (and no memory of its own).
struct StringInterner {
    private var table: [UInt64: String] = [:]

    /// The string of `bytes` (valid UTF-8, as stored by the importer).
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard !bytes.isEmpty else { return "" }
        // Short strings are stored inline by String: nothing to share.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let key = Self.hash(bytes)
        if var found = table[key], found.withUTF8({ $0.elementsEqual(bytes) }) { return found }
        let string = String(decoding: bytes, as: UTF8.self)
        table[key] = string  // a rare hash collision only replaces the older entry
        return string
    }

    /// `|`-separated items, each interned.
    mutating func list(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        guard !bytes.isEmpty else { return [] }
        var items: [String] = []
        ListItems.forEach(in: bytes) { item in
            if !item.isEmpty { items.append(string(item)) }
            return true
        }
        return items
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            state = (state ^ UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            state ^= state >> 29
            index += 8
        }
        while index < bytes.count {
            state = (state ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01b3
            index += 1
        }
        return state
    }
}
