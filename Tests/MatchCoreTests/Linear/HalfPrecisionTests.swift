import Testing
import TextKernels
@testable import MatchCore

@Suite("Half precision")
struct HalfPrecisionTests {
    /// Every normal half and zero survives the round trip; its neighbours' midpoints round to
    /// even; nothing is subnormal.
    @Test func roundsToTheNearestNormalHalf() {
        for pattern in UInt16.min...UInt16.max {
            let exponent = pattern & 0x7C00
            guard exponent != 0x7C00 else { continue }  // infinities and NaNs: never stored
            if exponent == 0 {
                // Subnormal patterns are never produced; their values flush to 0 or 2⁻¹⁴.
                let magnitude = Float(pattern & 0x03FF) * 0x1p-24
                let rounded = HalfPrecision.bits(magnitude)
                #expect(rounded == (magnitude < 0x1p-15 ? 0 : 0x0400), "\(magnitude)")
                continue
            }
            let value = HalfPrecision.value(pattern)
            #expect(HalfPrecision.bits(value) == pattern, "\(pattern)")
            guard pattern < 0x7BFF else { continue }  // the negatives mirror the positives
            #expect(HalfPrecision.bits(-value) == pattern | 0x8000)
            // The midpoint to the next half up goes to the even significand of the two; either
            // side of it, to the nearer.
            let midpoint = (value + HalfPrecision.value(pattern + 1)) / 2  // exact: 12 bits
            #expect(HalfPrecision.bits(midpoint) == (pattern & 1 == 0 ? pattern : pattern + 1), "\(pattern) midpoint")
            #expect(HalfPrecision.bits(midpoint.nextDown) == pattern && HalfPrecision.bits(midpoint.nextUp) == pattern + 1)
        }
        #expect(HalfPrecision.bits(1) == 0x3C00 && HalfPrecision.bits(-2) == 0xC000 && HalfPrecision.bits(65_000) == 0x7BEF)
        #expect(HalfPrecision.value(0x3555) == 0.33325195)
    }

    #if !(os(macOS) && arch(x86_64))
    /// The same rounding as Swift's `Float16` wherever the result is normal.
    @Test func agreesWithFloat16() {
        var generator = SeededGenerator(seed: 16)
        for _ in 0..<200_000 {
            let value = Float.random(in: -2...2, using: &generator) * Float(sign: .plus, exponent: Int.random(in: -12...12, using: &generator), significand: 1)
            let reference = Float16(value)
            guard reference.isNormal, reference.magnitude < 65_504 else { continue }
            #expect(HalfPrecision.bits(value) == reference.bitPattern, "\(value)")
            #expect(HalfPrecision.value(reference.bitPattern) == Float(reference))
        }
    }
    #endif

    /// The kernel (F16C where the processor has it) adds exactly what a product then a sum in
    /// Swift adds, for every length (the tail after the last 8 too).
    @Test func kernelAddsEachProductThenEachSum() {
        var generator = SeededGenerator(seed: 17)
        for count in 0..<40 {
            let x = (0..<count).map { _ in HalfPrecision.bits(Float.random(in: -1...1, using: &generator)) }
            let start = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
            let a = Float.random(in: -3...3, using: &generator)
            var y = start
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in jm_add_scaled_halves(a, x.baseAddress, y.baseAddress, count) }
            }
            let expected = zip(start, x).map { y, x in
                let product = a * HalfPrecision.value(x)
                return y + product
            }
            #expect(y.map(\.bitPattern) == expected.map(\.bitPattern), "count \(count)")
        }
    }
}
