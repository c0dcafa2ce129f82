import ICUWords
import Synchronization

/// Thai word segmentation by the word break iterator of the system's ICU (Linux, `libicu-dev`),
/// whose data carries the Unicode consortium's Thai dictionary.
///
/// Kept as the reference the dictionary engine is compared with (tests and `Benchmarks/Text`),
/// not as the default: see ``DictionarySegmenter`` for why. ICU cuts finer than maximal
/// matching over PyThaiNLP's list ("พนักงาน|บัญชี" where the dictionary engine keeps the compound
/// "พนักงานบัญชี" and adds its parts as terms), is about as fast (measured: 11,200–16,000 against
/// 12,600–13,400 vacancy texts a second on one core of a shared machine), does not say which words it did not know, makes
/// mistakes the dictionary does not ("ช่างไฟ|ฟ้า"), and gives results that depend on the
/// installed ICU version (72 on Debian 12) and none on macOS.
///
/// A break iterator is not thread-safe, so each call borrows one from a pool (cloned from the
/// first on demand, at most one per concurrent caller) and gives it back afterwards.
public struct ICUSegmenter: Sendable {
    private let pool: BreakerPool

    /// Opens ICU's Thai word break iterator.
    ///
    /// - Throws: ``TextResourceError`` when ICU cannot open it: its data is missing, or the
    ///   platform is not Linux.
    public init() throws(TextResourceError) {
        pool = try BreakerPool()
    }

    /// Appends the word ends of `run` (Thai scalars, all in the BMP) to `ends`. If ICU fails
    /// (it cannot clone an iterator or set the text), the run is one unknown word.
    func breakRun(_ run: UnsafeBufferPointer<Unicode.Scalar>, into ends: inout [ThaiBreak], scratch: inout [Int32]) {
        guard !run.isEmpty else { return }
        var utf16 = [UInt16](repeating: 0, count: run.count)
        for (index, scalar) in run.enumerated() { utf16[index] = UInt16(truncatingIfNeeded: scalar.value) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: repeatElement(0, count: run.count))
        var count: Int32 = -1
        if let breaker = pool.take() {
            count = jm_word_breaker_ends(breaker.pointer, utf16, Int32(run.count), &scratch)
            pool.give(breaker)
        }
        guard count > 0, scratch[Int(count) - 1] == Int32(run.count) else {
            ends.append(ThaiBreak(end: run.count, known: false))
            return
        }
        for index in 0..<Int(count) { ends.append(ThaiBreak(end: Int(scratch[index]), known: true)) }
    }

    /// The words of one run of Thai letters, for tests and diagnostics.
    func words(inThaiRun text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var ends: [ThaiBreak] = []
        var scratch: [Int32] = []
        scalars.withUnsafeBufferPointer { breakRun($0, into: &ends, scratch: &scratch) }
        var start = 0
        return ends.map { end in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end.end])
            start = end.end
            return String(view)
        }
    }
}

/// An ICU break iterator that may move between threads inside the pool's lock.
private struct Breaker: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// The break iterators of one ``ICUSegmenter`` and its copies; closed when the last copy goes.
private final class BreakerPool: Sendable {
    private let prototype: Mutex<Breaker>
    private let free = Mutex<[Breaker]>([])

    init() throws(TextResourceError) {
        var error: UnsafePointer<CChar>?
        guard let pointer = jm_word_breaker_open("th", &error) else {
            throw TextResourceError(resource: "ICU word break iterator (th)",
                                    problem: "cannot be opened: \(error.map { String(cString: $0) } ?? "unknown error")")
        }
        prototype = Mutex(Breaker(pointer: pointer))
    }

    deinit {
        free.withLock { breakers in for breaker in breakers { jm_word_breaker_close(breaker.pointer) } }
        prototype.withLock { jm_word_breaker_close($0.pointer) }
    }

    /// A free iterator, or a new clone of the first; nil if ICU cannot clone (out of memory).
    func take() -> Breaker? {
        if let breaker = free.withLock({ $0.popLast() }) { return breaker }
        return prototype.withLock { prototype in
            jm_word_breaker_clone(prototype.pointer).map(Breaker.init(pointer:))
        }
    }

    func give(_ breaker: Breaker) {
        free.withLock { $0.append(breaker) }
    }
}
