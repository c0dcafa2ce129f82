/// Byte-level helpers of the feed readers: word-at-a-time searches and UTF-8 validation.
///
/// The word helpers treat 8 bytes as one `UInt64` (SWAR, "SIMD within a register"): a
/// result has the high bit of each matching byte set. A byte above a matching one may be
/// flagged without matching (borrow propagation), but no byte below the first match ever is,
/// so the lowest flag, of one result or of several combined with `|`, is always a true match:
/// ``firstFlagged(_:)`` gives its index.
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

    /// The index (0 to 7) of the first byte flagged in `mask`, a nonzero result of ``has(_:_:)``
    /// or ``hasLess(_:than:)`` or of several combined with `|`.
    @inline(__always)
    static func firstFlagged(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }

    /// True when the `count` bytes at `a` and at `b` are equal.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        var k = 0
        while count - k >= 8 {
            if word(a + k) != word(b + k) { return false }
            k += 8
        }
        while k < count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// True when the `count` bytes at `start` are well-formed UTF-8 (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF, no truncated sequence).
    ///
    /// - Complexity: O(count); runs of ASCII go 8 bytes per step.
    static func isValidUTF8(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        while i < count {
            if count - i >= 8 {
                let high = word(start + i) & highBits
                if high == 0 {
                    i += 8
                    continue
                }
                i += firstFlagged(high)
            }
            let lead = start[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            if lead & 0xF0 == 0xE0 {
                // Three bytes, U+0800 to U+FFFF without surrogates: Thai and most scripts, which
                // come in runs, checked here without going back to the ASCII test.
                repeat {
                    guard count - i >= 3 else { return false }
                    let first = start[i], second = start[i + 1], third = start[i + 2]
                    let scalar = UInt32(first & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                    guard second & 0xC0 == 0x80 && third & 0xC0 == 0x80,
                          scalar >= 0x800 && scalar & 0xF800 != 0xD800 else { return false }
                    i += 3
                } while i < count && start[i] & 0xF0 == 0xE0
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // bounds of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
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
