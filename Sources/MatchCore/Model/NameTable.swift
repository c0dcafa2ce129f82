/// A closed list of names (codes, spellings, abbreviations, Thai and English) for values, looked
/// up on the raw UTF-8 of a field without building a `String`.
///
/// Names are compared after ``NameKey`` normalisation, so "Lop Buri", "lopburi" and "LOP-BURI"
/// are one key, as are "ป.ตรี" and "ปตรี", or "ม.๖" and "ม6". The table is an open-addressing
/// hash table of 64-bit FNV-1a hashes; a hit is confirmed byte by byte, so an unknown name never
/// matches by a hash collision.
struct NameTable<Value: Equatable & Sendable>: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keyEnds: [Int] = []
    private var keyBytes: [UInt8] = []
    private var values: [Value] = []
    private let mask: Int

    /// Names that were given for two different values; the first was kept. Empty for every table
    /// of the parsers (their tests check it).
    private(set) var conflicts: [String] = []

    /// A table of `entries` (name, value). A name given twice for one value is kept once.
    init(_ entries: [(String, Value)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (name, value) in entries { insert(name, value) }
    }

    /// Number of distinct keys.
    var count: Int { values.count }

    private mutating func insert(_ name: String, _ value: Value) {
        var utf8 = Array(name.utf8)
        let key = utf8.withUnsafeMutableBufferPointer { bytes in
            [UInt8](unsafeUninitializedCapacity: NameKey.maximumLength) { buffer, count in
                count = NameKey.normalize(UnsafeBufferPointer(bytes), into: buffer) ?? 0
            }
        }
        precondition(!key.isEmpty, "name table entry \(name.debugDescription) is empty or too long")
        let found = key.withUnsafeBufferPointer { find($0, hash: NameKey.hash($0)) }
        if let found {
            if values[found] != value { conflicts.append(name) }
            return
        }
        let hash = key.withUnsafeBufferPointer { NameKey.hash($0) }
        var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(values.count)
        hashes.append(hash)
        keyBytes += key
        keyEnds.append(keyBytes.count)
        values.append(value)
    }

    /// The index of the entry whose key is `key`, or nil.
    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash {
                let start = entry == 0 ? 0 : keyEnds[entry - 1]
                if keyEnds[entry] - start == key.count
                    && keyBytes.withUnsafeBufferPointer({ stored in
                        (0..<key.count).allSatisfy { stored[start + $0] == key[$0] }
                    })
                {
                    return entry
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The value named by the raw bytes `name` (normalised first), or nil.
    func lookup(_ name: UnsafeBufferPointer<UInt8>) -> Value? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NameKey.maximumLength) { buffer in
            guard let length = NameKey.normalize(name, into: buffer), length > 0 else { return nil }
            let key = UnsafeBufferPointer(rebasing: buffer[..<length])
            return find(key, hash: NameKey.hash(key)).map { values[$0] }
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
///   and zero-width space. So spacing, hyphenation and abbreviation dots do not matter.
/// - Thai digits become ASCII digits.
/// - Two common Thai typing variants become the standard letter: nikhahit + sara aa (ํ า) is
///   sara am (ำ), two sara e (เ เ) are sara ae (แ).
enum NameKey {
    /// Longest key kept, in bytes (a Thai letter is three): longer names are never found.
    static let maximumLength = 192

    /// Writes the key of `bytes` into `buffer` (at least ``maximumLength`` long) and returns its
    /// length, or nil when it would be longer than ``maximumLength``.
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var length = 0
        var index = 0
        let count = bytes.count
        func emit(_ byte: UInt8) -> Bool {
            guard length < maximumLength else { return false }
            buffer[length] = byte
            length += 1
            return true
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                switch byte {
                case 0x09...0x0D, 0x20, 0x27, 0x28, 0x29, 0x2C, 0x2D, 0x2E, 0x2F, 0x5F: break
                default: guard emit(FieldBytes.lowercased(byte)) else { return nil }
                }
                index += 1
                continue
            }
            if byte == 0xE0, index + 2 < count {
                let second = bytes[index + 1], third = bytes[index + 2]
                if second == 0xB9, third &- 0x90 < 10 {             // Thai digit
                    guard emit(0x30 + (third &- 0x90)) else { return nil }
                    index += 3
                    continue
                }
                if index + 5 < count, bytes[index + 3] == 0xE0 {
                    let next = (bytes[index + 4], bytes[index + 5])
                    var replacement: UInt8? = nil
                    if second == 0xB9, third == 0x8D, next == (0xB8, 0xB2) { replacement = 0xB3 }  // ํ + า → ำ
                    if second == 0xB9, third == 0x80, next == (0xB9, 0x80) { replacement = 0x81 }  // เ + เ → แ
                    if let replacement {
                        guard emit(0xE0), emit(replacement == 0xB3 ? 0xB8 : 0xB9), emit(replacement) else { return nil }
                        index += 6
                        continue
                    }
                }
            }
            if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80,
               bytes[index + 2] == 0x98 || bytes[index + 2] == 0x99 || bytes[index + 2] == 0x8B
            {
                index += 3                                          // ‘ ’ zero-width space
                continue
            }
            if byte == 0xC2, index + 1 < count, bytes[index + 1] == 0xA0 {
                index += 2                                          // no-break space
                continue
            }
            guard emit(byte) else { return nil }
            index += 1
        }
        return length
    }

    /// 64-bit FNV-1a of `key`.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
