extension Array where Element: BitwiseCopyable {
    /// Makes the array at least `count` long, for an array used as the storage of a scratch
    /// buffer, whose contents are overwritten before they are read: it only grows, at least
    /// doubling (then it is replaced, filled with `filler`, not copied), so a buffer reused from
    /// text to text allocates only while the texts get longer, and the code that fills it keeps
    /// track of how much of it is in use.
    @inline(__always)
    mutating func ensureStorage(_ count: Int, filler: Element) {
        guard self.count < count else { return }
        let size = Swift.max(count, 2 * self.count)
        self = Array(unsafeUninitializedCapacity: size) { buffer, initialized in
            buffer.initialize(repeating: filler)
            initialized = size
        }
    }
}
