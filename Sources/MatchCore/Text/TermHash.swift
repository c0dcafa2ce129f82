/// The stable 64-bit hash of a term: FNV-1a over its UTF-8 bytes.
///
/// Stable means the same on every platform, process and version of Swift (unlike `Hasher`,
/// which is seeded per process), so a feature space can hash terms into buckets and a model
/// trained on one machine scores on another. ``Tokenizer/termHashes(in:)`` gives, for each term
/// of ``Tokenizer/terms(in:)``, `TermHash.hash(term)`, computed from the scalars without making
/// the string.
public struct TermHash: Sendable, Hashable {
    /// The FNV-1a 64-bit offset basis: the hash of the empty string.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// The FNV-1a 64-bit prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The hash of the bytes combined so far.
    public private(set) var value: UInt64

    /// The hash of nothing yet.
    public init() { value = Self.offsetBasis }

    /// The state whose hash so far is `value`, to go on from.
    init(value: UInt64) { self.value = value }

    /// The hash of `term`'s UTF-8 bytes.
    public static func hash(_ term: String) -> UInt64 {
        var hash = TermHash()
        for byte in term.utf8 { hash.combine(byte: byte) }
        return hash.value
    }

    /// Adds one byte.
    @inline(__always)
    public mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    /// Adds the UTF-8 bytes of `scalar`.
    @inline(__always)
    public mutating func combine(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        if v < 0x80 {
            combine(byte: UInt8(v))
        } else if v < 0x800 {
            combine(byte: UInt8(0xC0 | v >> 6))
            combine(byte: UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            combine(byte: UInt8(0xE0 | v >> 12))
            combine(byte: UInt8(0x80 | v >> 6 & 0x3F))
            combine(byte: UInt8(0x80 | v & 0x3F))
        } else {
            combine(byte: UInt8(0xF0 | v >> 18))
            combine(byte: UInt8(0x80 | v >> 12 & 0x3F))
            combine(byte: UInt8(0x80 | v >> 6 & 0x3F))
            combine(byte: UInt8(0x80 | v & 0x3F))
        }
    }

    /// Adds the UTF-8 bytes of every scalar of `scalars`.
    @inline(__always)
    mutating func combine(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        for scalar in scalars { combine(scalar) }
    }

    /// Adds the `count` bytes (1 to 4) of `utf8`, the first in the lowest 8 bits: one scalar's
    /// UTF-8.
    @inline(__always)
    mutating func combine(utf8: UInt32, count: UInt32) {
        combine(byte: UInt8(truncatingIfNeeded: utf8))
        guard count > 1 else { return }
        combine(byte: UInt8(truncatingIfNeeded: utf8 >> 8))
        guard count > 2 else { return }
        combine(byte: UInt8(truncatingIfNeeded: utf8 >> 16))
        guard count > 3 else { return }
        combine(byte: UInt8(truncatingIfNeeded: utf8 >> 24))
    }
}
