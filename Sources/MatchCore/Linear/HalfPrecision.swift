/// IEEE 754 half precision (binary16) as bit patterns: the text block's projection is held this
/// way for encoding (``TermProjection``), half the bytes of `Float` to read.
///
/// Rounding keeps 11 significant bits (a relative error of at most 2⁻¹², half a unit in the
/// last place). Magnitudes below 2⁻¹⁴ (6.1 · 10⁻⁵, the smallest normal half) become 0 or 2⁻¹⁴,
/// whichever is nearer: no subnormals, which would cost slow microcode assists on x86 wherever
/// they are widened in software. Written in integer arithmetic, so it is the same on every
/// platform (Swift's `Float16` is missing on Intel Macs).
enum HalfPrecision {
    /// The bit pattern of the half nearest to `value` (ties to even), among zero and the
    /// normal halves.
    ///
    /// - Precondition: `value` is finite and rounds to at most 65,504 (the largest half).
    static func bits(_ value: Float) -> UInt16 {
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        let magnitude = value.magnitude
        precondition(magnitude.isFinite && magnitude < 65_520, "\(value) has no half-precision value")
        if magnitude < 0x1p-14 { return magnitude < 0x1p-15 ? sign : sign | 0x0400 }
        var exponent = Int(magnitude.exponent)  // −14…15
        // The significand with 10 bits after the point, rounded: 1,024…2,048.
        var significand = Int(Float(sign: .plus, exponent: 10 - exponent, significand: magnitude).rounded(.toNearestOrEven))
        if significand == 2048 {
            significand = 1024
            exponent += 1
        }
        return sign | UInt16(exponent + 15) << 10 | UInt16(significand - 1024)
    }

    /// The value of the bit pattern of zero or a normal half (what ``bits(_:)`` gives).
    static func value(_ bits: UInt16) -> Float {
        let wide = UInt32(bits)
        guard wide & 0x7C00 != 0 else { return 0 }
        // The exponent and significand moved into place, the exponent's bias from 15 to 127.
        return Float(bitPattern: ((wide & 0x7FFF) << 13 &+ 0x3800_0000) | (wide & 0x8000) << 16)
    }
}
