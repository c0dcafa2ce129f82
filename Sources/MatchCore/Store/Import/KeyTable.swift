/// A set of byte strings (JSON keys, column names) numbered in the order they were added,
/// looked up by their bytes without making a `String`: open addressing over FNV-1a hashes.
struct KeyTable {
    /// The bytes of all keys, one after another.
    private var storage: [UInt8] = []
    /// Key `k` is `storage[offsets[k]..<offsets[k + 1]]`.
    private var offsets: [Int] = [0]
    /// Key numbers by hash slot, -1 when the slot is empty; a power of two long, at most
    /// half full.
    private var slots: [Int32]

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 8) {
        var size = 8
        while size < 2 * capacity { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
    }

    /// A table of `keys`, numbered in order. Repeated keys keep their first number.
    init(_ keys: [String]) {
        self.init(capacity: keys.count)
        for key in keys {
            var bytes = Array(key.utf8)
            _ = bytes.withUnsafeMutableBufferPointer { insert(UnsafeBufferPointer($0)) }
        }
    }

    /// The number of keys.
    var count: Int { offsets.count - 1 }

    /// The bytes of key `index`, as a string (invalid UTF-8 repaired).
    func name(_ index: Int) -> String {
        String(decoding: storage[offsets[index]..<offsets[index + 1]], as: UTF8.self)
    }

    /// The number of `key`, or nil when it is not in the table.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let found = Int(slots[slot])
            if found < 0 { return nil }
            if matches(found, key) { return found }
            slot = (slot + 1) & mask
        }
    }

    /// True when key `index` is exactly `key`.
    @inline(__always)
    func matches(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[index]
        guard offsets[index + 1] - start == key.count else { return false }
        if key.count == 0 { return true }
        return storage.withUnsafeBufferPointer { bytes in
            ByteScan.equal(bytes.baseAddress! + start, key.baseAddress!, count: key.count)
        }
    }

    /// Adds `key` unless present; returns its number either way.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        if let found = index(of: key) { return found }
        let number = count
        storage.append(contentsOf: key)
        offsets.append(storage.count)
        if 2 * count > slots.count {
            slots = [Int32](repeating: -1, count: 2 * slots.count)
            for k in 0..<count { place(k) }
        } else {
            place(number)
        }
        return number
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        let hash = storage.withUnsafeBufferPointer { bytes in
            Self.hash(UnsafeBufferPointer(rebasing: bytes[offsets[index]..<offsets[index + 1]]))
        }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
