#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A bounded memo, kept in a ``Tokenizer/Scratch``, from chunks of raw text to their term
/// hashes, so that the phrases postings repeat (titles, skills, benefits boilerplate) are
/// normalised, segmented and hashed once per thread rather than once per text.
///
/// **A chunk** is a maximal run of a text's UTF-8 without ASCII whitespace (space, tab, line
/// feed, vertical tab, form feed, carriage return). The terms of a text are exactly the terms of
/// its chunks, one after the other, because no step looks across ASCII whitespace:
///
/// - ``TextNormalizer``: an ASCII whitespace scalar is always a separator (no connector rule
///   keeps it) and ends the token before it; after it the pass is in the state it starts a text
///   in (no previous scalar, so no typing-slip fix, mark reordering or connector rule reaches
///   back); looking ahead (`.`, `,`, `+`, `&`, `'`) stops at it and treats it as it treats the
///   end of the text (neither is a letter or digit); leading and trailing separators are dropped
///   and separator runs collapse to one space, so the normalised text is the normalised chunks
///   joined by single spaces. NFC cannot compose or reorder across a space (a starter that
///   composes with nothing), and a chunk takes the Foundation path exactly when it holds a scalar
///   that needs it, which gives what the fast path gives everywhere else.
/// - ``WordSegmenter``: words end at spaces; Thai runs, number and Latin words lie within one
///   space-separated piece.
/// - ``Tokenizer``: every term (word, compound part, character n-gram) comes from one word, and
///   the stop-word test reads only that word. No term spans two words.
///
/// The key is the chunk's bytes (compared in full: a hash only finds the slot), so the result
/// is the tokenizer's, bit for bit; the cache belongs to one tokenizer (its configuration,
/// dictionary and stop words) and empties itself when the scratch is used with another.
///
/// **Stepping aside.** The cache pays only when texts repeat chunks. On texts that do not
/// (the Features benchmark's generated vacancies, whose Thai phrases are random: 1.8 % of chunk
/// bytes came from the cache) keying, probing and filling it made tokenizing 15 % slower than
/// tokenizing each text whole. So it keeps count: after every ``Adaptation/window`` texts through
/// it, if less than ``Adaptation/minimumHitShare`` of their bytes came from it, the next
/// ``Adaptation/pause`` texts are tokenized whole, then it tries again, so that it notices when
/// texts start repeating. Each window in a row that fails doubles the pause, up to
/// ``Adaptation/longestPause`` (texts that repeat nothing then pay for one window in 49), and
/// a window that succeeds starts again from the shortest. Either way the terms are the same.
///
/// **Memory** is fixed: a table of ``Limits/slots`` entries, at most half of them in use, over
/// at most ``Limits/bytes`` bytes of chunks and ``Limits/terms`` hashes (about 2.4 MB with the
/// standard limits, allocated on first use). When one of them would be exceeded the cache is
/// emptied and fills again, so it follows what a stream of texts repeats now. Chunks longer
/// than ``Limits/chunkBytes`` are tokenized without it.
struct ChunkCache: Sendable {
    /// The sizes that bound the cache.
    struct Limits: Sendable, Equatable {
        /// Table slots, a power of two; at most half hold a chunk.
        var slots: Int
        /// Bytes of chunk text kept.
        var bytes: Int
        /// Term hashes kept.
        var terms: Int
        /// The longest chunk, in UTF-8 bytes, that is cached.
        var chunkBytes: Int

        /// 16,384 slots, 1 MiB of chunks, 131,072 hashes (1 MiB), chunks up to 256 bytes
        /// (about 85 Thai letters: a long phrase written without spaces).
        static let standard = Limits(slots: 1 << 14, bytes: 1 << 20, terms: 1 << 17, chunkBytes: 256)
    }

    private struct Slot {
        /// The chunk's ``key(_:)``.
        var key: UInt64 = 0
        var byteStart: UInt32 = 0
        /// 0 for an empty slot (chunks are never empty).
        var byteCount: UInt32 = 0
        var termStart: UInt32 = 0
        var termCount: UInt32 = 0
    }

    /// When the cache steps aside (see above).
    struct Adaptation: Sendable, Equatable {
        /// Texts through the cache between two decisions.
        var window: Int
        /// The share of a window's chunk bytes that must come from the cache for it to stay.
        var minimumHitShare: Double
        /// Texts tokenized whole after a window below the share.
        var pause: Int
        /// The longest pause, after windows in a row below the share (each doubles the pause).
        var longestPause: Int

        /// Windows of 32 texts, at least 20 % of bytes from the cache, pauses of 96 texts, then
        /// 192, 384, … up to 1,536.
        static let standard = Adaptation(window: 32, minimumHitShare: 0.2, pause: 96, longestPause: 1536)
        /// Never step aside (tests of the cache itself).
        static let never = Adaptation(window: Int.max, minimumHitShare: 0, pause: 0, longestPause: 0)
    }

    let limits: Limits
    let adaptation: Adaptation
    /// The texts of the current window, their chunk bytes and the bytes that came from the cache.
    private struct Window {
        var texts = 0, bytes = 0, hitBytes = 0
    }

    private var window = Window()
    /// Texts still to tokenize whole in the current pause.
    private var pauseLeft = 0
    /// The length of the next pause: doubles with each failed window in a row.
    private var nextPause = 0
    /// How many times the cache stepped aside (for tests and diagnostics).
    private(set) var pauses = 0
    private var slots: [Slot] = []
    private var bytes: [UInt8] = []
    private var terms: [UInt64] = []
    private var entries = 0
    /// The tokenizer whose terms the cache holds (kept alive, so no other can take its identity).
    private var owner: (AnyObject & Sendable)?
    /// How many times the cache was emptied because it was full (for tests and diagnostics).
    private(set) var evictions = 0

    init(limits: Limits = .standard, adaptation: Adaptation = .standard) {
        precondition(limits.slots >= 2 && limits.slots & (limits.slots - 1) == 0, "slots must be a power of two")
        precondition(limits.chunkBytes <= limits.bytes, "a cached chunk must fit in the byte budget")
        precondition(limits.bytes < Int(UInt32.max) && limits.terms < Int(UInt32.max))
        precondition(adaptation.window > 0 && adaptation.pause >= 0 && adaptation.longestPause >= adaptation.pause)
        self.limits = limits
        self.adaptation = adaptation
        nextPause = adaptation.pause
    }

    /// True when the next text should go through the cache; false during a pause (and counts
    /// the text).
    @inline(__always)
    mutating func takesNextText() -> Bool {
        guard pauseLeft > 0 else { return true }
        pauseLeft -= 1
        return false
    }

    /// Records a text that went through the cache: `bytes` of chunks, `hitBytes` of them from
    /// the cache. At the end of a window, starts a pause if too few came from it.
    mutating func record(bytes: Int, hitBytes: Int) {
        window.texts += 1
        window.bytes += bytes
        window.hitBytes += hitBytes
        guard window.texts >= adaptation.window else { return }
        if Double(window.hitBytes) < adaptation.minimumHitShare * Double(window.bytes) && adaptation.pause > 0 {
            pauseLeft = nextPause
            pauses += 1
            nextPause = min(2 * nextPause, adaptation.longestPause)
        } else {
            nextPause = adaptation.pause
        }
        window = Window()
    }

    /// The number of chunks held.
    var count: Int { entries }

    /// Makes the cache hold `owner`'s terms: empties it if it held another's.
    @inline(__always)
    mutating func bind(to owner: AnyObject & Sendable) {
        guard self.owner !== owner else { return }
        removeAll()
        window = Window()
        pauseLeft = 0
        nextPause = adaptation.pause
        self.owner = owner
    }

    /// True for the bytes that separate chunks: ASCII whitespace.
    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte &- 0x09 < 5
    }

    /// A 64-bit hash of `chunk`'s bytes, 8 at a time, to place it in the table.
    @inline(__always)
    static func key(_ chunk: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(chunk)
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(chunk.count) &* multiplier
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
            hash ^= hash >> 29
            offset += 8
        }
        if offset < raw.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < raw.count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ tail) &* multiplier
        }
        hash ^= hash >> 32
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 29)
    }

    /// Appends the cached terms of `chunk` (whose ``key(_:)`` is `key`) to `output` and returns
    /// true, or returns false when the chunk is not cached.
    @inline(__always)
    func append(_ chunk: UnsafeBufferPointer<UInt8>, key: UInt64, to output: inout [UInt64]) -> Bool {
        guard entries > 0 else { return false }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key) & mask
            while true {
                let slot = slots[index]
                if slot.byteCount == 0 { return false }
                if slot.key == key && Int(slot.byteCount) == chunk.count
                    && bytes.withUnsafeBufferPointer({ bytes in
                        memcmp(bytes.baseAddress! + Int(slot.byteStart), chunk.baseAddress!, chunk.count) == 0
                    }) {
                    terms.withUnsafeBufferPointer { terms in
                        output.append(contentsOf: UnsafeBufferPointer(
                            rebasing: terms[Int(slot.termStart)..<Int(slot.termStart) + Int(slot.termCount)]))
                    }
                    return true
                }
                index = (index + 1) & mask
            }
        }
    }

    /// Remembers `chunkTerms` as the terms of `chunk` (not cached yet; ``key(_:)`` is `key`),
    /// emptying the cache first if it is full. A chunk longer than ``Limits/chunkBytes`` or with
    /// more terms than the cache can hold is not kept.
    mutating func insert(_ chunk: UnsafeBufferPointer<UInt8>, key: UInt64, terms chunkTerms: UnsafeBufferPointer<UInt64>) {
        guard chunk.count > 0, chunk.count <= limits.chunkBytes, chunkTerms.count <= limits.terms else { return }
        if slots.isEmpty {
            slots = Array(repeating: Slot(), count: limits.slots)
            bytes.reserveCapacity(limits.bytes)
            terms.reserveCapacity(limits.terms)
        }
        if 2 * (entries + 1) > limits.slots || bytes.count + chunk.count > limits.bytes
            || terms.count + chunkTerms.count > limits.terms {
            removeAll()
            evictions += 1
        }
        let slot = Slot(key: key, byteStart: UInt32(bytes.count), byteCount: UInt32(chunk.count),
                        termStart: UInt32(terms.count), termCount: UInt32(chunkTerms.count))
        bytes.append(contentsOf: chunk)
        terms.append(contentsOf: chunkTerms)
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key) & mask
            while slots[index].byteCount != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
        entries += 1
    }

    /// Forgets every chunk, keeping the storage.
    mutating func removeAll() {
        guard entries > 0 else { return }
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: Slot()) }
        bytes.removeAll(keepingCapacity: true)
        terms.removeAll(keepingCapacity: true)
        entries = 0
    }
}
