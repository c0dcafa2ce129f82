/// Byte-level helpers of the feed readers: word-at-a-time searches and UTF-8 validation.
///
/// The word helpers treat 8 bytes as one `UInt64` (SWAR, "SIMD within a register"): a
/// result is nonzero when some byte of the word matches. They may report a match in a byte
/// that does not match when a lower byte does (borrow propagation), never miss one, so
/// callers use them to skip words that certainly hold nothing of interest and look at the
/// remaining bytes one by one.
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes at `pointer`, any alignment, in memory order from the low byte.
    @inline(__always)
    static func word(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// Nonzero when some byte of `word` is `byte` (see the type's note on false matches).
    @inline(__always)
    static func has(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits
    }

    /// Nonzero when some byte of `word` is below `bound` (at most 128).
    @inline(__always)
    static func hasLess(_ word: UInt64, than bound: UInt8) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highBits
    }

    /// True when all `count` bytes at `start` are ASCII (below 0x80).
    ///
    /// - Complexity: O(count), 8 bytes per step.
    static func isASCII(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var p = start
        let end = start + count
        var bits: UInt64 = 0
        while end - p >= 8 {
            bits |= word(p)
            p += 8
        }
        while p < end {
            bits |= UInt64(p.pointee)
            p += 1
        }
        return bits & highBits == 0
    }

    /// True when the `count` bytes at `start` are well-formed UTF-8 (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF, no truncated sequence).
    ///
    /// - Complexity: O(count); runs of ASCII go 8 bytes per step.
    static func isValidUTF8(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        while i < count {
            if count - i >= 8 && word(start + i) & highBits == 0 {
                i += 8
                continue
            }
            let lead = start[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // bounds of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard count - i >= length else { return false }
            let second = start[i + 1]
            guard second >= low && second <= high else { return false }
            var k = 2
            while k < length {
                guard start[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += length
        }
        return true
    }
}
