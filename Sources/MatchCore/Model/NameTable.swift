/// A closed list of names (codes, spellings, abbreviations, Thai and English) for values, looked
/// up on the raw UTF-8 of a field without building a `String`.
///
/// Names are compared after ``NameKey`` normalisation, so "Lop Buri", "lopburi" and "LOP-BURI"
/// are one key, as are "ป.ตรี" and "ปตรี", or "ม.๖" and "ม6". The table is an open-addressing
/// hash table of 64-bit hashes; a hit is confirmed byte by byte, so an unknown name never
/// matches by a hash collision. Immutable once built, so it is shared (a class) rather than
/// copied on every lookup.
final class NameTable<Value: Equatable & Sendable>: Sendable {
    /// Entry index + 1 per slot, 0 for an empty slot.
    private let slots: [Int32]
    private let hashes: [UInt64]
    /// Entry i's key is `keyBytes[keyEnds[i - 1] ..< keyEnds[i]]` (from 0 for the first).
    private let keyEnds: [Int]
    private let keyBytes: [UInt8]
    private let values: [Value]
    private let mask: Int

    /// Names that were given for two different values; the first was kept. Empty for every table
    /// of the parsers (their tests check it).
    let conflicts: [String]

    /// A table of `entries` (name, value). A name given twice for one value is kept once.
    ///
    /// - Precondition: every name has a non-empty key of at most ``NameKey/maximumLength`` bytes.
    init(_ entries: [(String, Value)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        var hashes: [UInt64] = [], keyEnds: [Int] = [], keyBytes: [UInt8] = [], values: [Value] = []
        var conflicts: [String] = []
        let mask = capacity - 1
        for (name, value) in entries {
            let key = NameKey.key(of: name)
            precondition(!key.isEmpty, "name table entry \(name.debugDescription) is empty or too long")
            let hash = key.withUnsafeBufferPointer { NameKey.hash($0) }
            var slot = Self.slot(of: hash, mask: mask)
            var found: Int? = nil
            while slots[slot] != 0 {
                let entry = Int(slots[slot]) - 1
                let start = entry == 0 ? 0 : keyEnds[entry - 1]
                if hashes[entry] == hash, keyBytes[start..<keyEnds[entry]].elementsEqual(key) {
                    found = entry
                    break
                }
                slot = (slot + 1) & mask
            }
            if let found {
                if values[found] != value { conflicts.append(name) }
                continue
            }
            slots[slot] = Int32(values.count + 1)
            hashes.append(hash)
            keyBytes += key
            keyEnds.append(keyBytes.count)
            values.append(value)
        }
        (self.slots, self.hashes, self.keyEnds, self.keyBytes, self.values) = (slots, hashes, keyEnds, keyBytes, values)
        (self.mask, self.conflicts) = (mask, conflicts)
    }

    /// Number of distinct keys.
    var count: Int { values.count }

    @inline(__always)
    private static func slot(of hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash ^ hash >> 29) & mask }

    /// The value named by the raw bytes `name` (normalised first), or nil.
    func lookup(_ name: UnsafeBufferPointer<UInt8>) -> Value? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 192) { buffer -> Value? in
            guard let length = NameKey.normalize(name, into: buffer), length > 0 else { return nil }
            let key = UnsafeBufferPointer(rebasing: buffer[..<length])
            let hash = NameKey.hash(key)
            return keyBytes.withUnsafeBufferPointer { stored -> Value? in
                var slot = Self.slot(of: hash, mask: mask)
                while true {
                    let entry = Int(slots[slot]) - 1
                    if entry < 0 { return nil }
                    if hashes[entry] == hash {
                        let start = entry == 0 ? 0 : keyEnds[entry - 1]
                        if keyEnds[entry] - start == length {
                            var index = 0
                            while index < length, stored[start + index] == key[index] { index += 1 }
                            if index == length { return values[entry] }
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The value named by `name`, or nil.
    func lookup(_ name: String) -> Value? {
        var name = name
        return name.withUTF8 { lookup($0) }
    }
}

/// The normal form in which ``NameTable`` compares names.
///
/// - ASCII letters are lowered; other letters are left as they are.
/// - Dropped: ASCII whitespace and `- ' . , _ / ( )`, the curly apostrophes ‘ ’, no-break space
///   and zero-width space. So spacing, hyphenation and abbreviation dots do not matter. A '-'
///   before anything else is kept, though: "-1" is not "1".
/// - Thai digits become ASCII digits.
/// - Two common Thai typing variants become the standard letter: nikhahit + sara aa (ํ า) is
///   sara am (ำ), two sara e (เ เ) are sara ae (แ).
enum NameKey {
    /// Longest name looked up, in bytes (a Thai letter is three): longer names are never found.
    /// The key is never longer than the name.
    static let maximumLength = 192

    /// What an ASCII byte becomes in a key: itself lowered, or 0 when it is dropped.
    private static let asciiMap: [UInt8] = (0..<128).map { byte in
        switch UInt8(byte) {
        case 0x09...0x0D, 0x20, 0x27, 0x28, 0x29, 0x2C, 0x2D, 0x2E, 0x2F, 0x5F: 0
        case let letter: FieldBytes.lowercased(letter)
        }
    }

    /// Writes the key of `bytes` into `buffer` (at least ``maximumLength`` long) and returns its
    /// length, or nil when `bytes` is longer than ``maximumLength``.
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count <= maximumLength, buffer.count >= count else { return nil }
        var length = 0, index = 0
        return asciiMap.withUnsafeBufferPointer { map -> Int in
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    let mapped = map[Int(byte)]
                    if mapped != 0 {
                        buffer[length] = mapped
                        length += 1
                    } else if byte == 0x2D && length == 0 {           // a leading '-' is a sign: "-1"
                        buffer[0] = byte
                        length = 1
                    }
                    index += 1
                } else if byte == 0xE0 && index + 2 < count {         // Thai (U+0E00–U+0E7F) and more
                    let second = bytes[index + 1], third = bytes[index + 2]
                    if second == 0xB9 && third &- 0x90 < 10 {           // Thai digit
                        buffer[length] = 0x30 + (third &- 0x90)
                        length += 1
                        index += 3
                        continue
                    }
                    if second == 0xB9 && (third == 0x8D || third == 0x80) && index + 5 < count
                        && bytes[index + 3] == 0xE0
                    {
                        if third == 0x8D && bytes[index + 4] == 0xB8 && bytes[index + 5] == 0xB2 {  // ํ + า → ำ
                            (buffer[length], buffer[length + 1], buffer[length + 2]) = (0xE0, 0xB8, 0xB3)
                            length += 3
                            index += 6
                            continue
                        }
                        if third == 0x80 && bytes[index + 4] == 0xB9 && bytes[index + 5] == 0x80 {  // เ + เ → แ
                            (buffer[length], buffer[length + 1], buffer[length + 2]) = (0xE0, 0xB9, 0x81)
                            length += 3
                            index += 6
                            continue
                        }
                    }
                    (buffer[length], buffer[length + 1], buffer[length + 2]) = (byte, second, third)
                    length += 3
                    index += 3
                } else if byte == 0xE2 && index + 2 < count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0x98 || bytes[index + 2] == 0x99 || bytes[index + 2] == 0x8B)
                {
                    index += 3                                          // ‘ ’ zero-width space
                } else if byte == 0xC2 && index + 1 < count && bytes[index + 1] == 0xA0 {
                    index += 2                                          // no-break space
                } else {
                    buffer[length] = byte
                    length += 1
                    index += 1
                }
            }
            return length
        }
    }

    /// The key of `name` as an array (for building tables).
    static func key(of name: String) -> [UInt8] {
        let bytes = Array(name.utf8)
        return bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: max(input.count, 1)) { buffer, count in
                count = normalize(input, into: buffer) ?? 0
            }
        }
    }

    /// A 64-bit hash of `key`, eight bytes at a time (multiply and fold, as in FNV and
    /// wyhash); the table confirms every hit byte by byte, so it need not be strong.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = key.baseAddress else { return 0 }
        let count = key.count
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(count)
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            index += 8
        }
        if index < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                word |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
        }
        return hash &* 0xBF58_476D_1CE4_E5B9
    }
}
