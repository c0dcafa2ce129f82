extension String {
    /// The string of `scalars`, with `prefix` (an ASCII byte) before them when given, written
    /// straight as UTF-8: much faster than appending to a `UnicodeScalarView`.
    static func fromScalars(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, prefix: UInt8? = nil) -> String {
        var capacity = prefix == nil ? 0 : 1
        for scalar in scalars { capacity += UTF8.width(scalar) }
        return String(unsafeUninitializedCapacity: capacity) { bytes in
            var index = 0
            if let prefix {
                bytes[0] = prefix
                index = 1
            }
            for scalar in scalars {
                let value = scalar.value
                switch UTF8.width(scalar) {
                case 1:
                    bytes[index] = UInt8(value)
                case 2:
                    bytes[index] = UInt8(0xC0 | value >> 6)
                    bytes[index + 1] = UInt8(0x80 | value & 0x3F)
                case 3:
                    bytes[index] = UInt8(0xE0 | value >> 12)
                    bytes[index + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[index + 2] = UInt8(0x80 | value & 0x3F)
                default:
                    bytes[index] = UInt8(0xF0 | value >> 18)
                    bytes[index + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    bytes[index + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[index + 3] = UInt8(0x80 | value & 0x3F)
                }
                index += UTF8.width(scalar)
            }
            return index
        }
    }

    /// The string of `scalars`.
    static func fromScalars(_ scalars: [Unicode.Scalar]) -> String {
        scalars.withUnsafeBufferPointer { fromScalars($0) }
    }
}
