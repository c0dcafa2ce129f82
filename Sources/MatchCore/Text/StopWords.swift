/// Words too common to tell vacancies and seekers apart, which ``Tokenizer`` leaves out.
///
/// ``standard()`` is PyThaiNLP's Thai stop-word list (1,030 entries, CC0; see
/// `Sources/MatchCore/Resources/thai/SOURCE.md`) less ``keptThaiWords``, plus ``english``.
/// Entries are normalised with ``TextNormalizer`` and compared with whole words as the
/// segmenter gives them.
public struct StopWords: Sendable {
    /// The normalised entries, one after another: entry i is `scalars[starts[i]..<starts[i + 1]]`.
    private var scalars: [Unicode.Scalar] = []
    private var starts: [Int32] = [0]
    /// The entries by their ``TermHash``, in open addressing (linear probing from the hash's top
    /// bits): a lookup hashes the word once (the tokenizer has that hash anyway) and compares
    /// scalars only on a hash hit.
    private var slots: [Slot] = []
    /// `slots.count` is `1 << (64 - shift)`.
    private var shift: UInt64 = 64
    /// Number of distinct entries.
    public var count: Int { starts.count - 1 }

    private struct Slot {
        var hash: UInt64 = 0
        /// The entry's index plus 1; 0 for an empty slot.
        var entry: Int32 = 0
    }

    /// Stop words from a list; entries are normalised, empty ones ignored.
    public init(_ words: some Sequence<String>) {
        let normalizer = TextNormalizer()
        var seen = Set<[Unicode.Scalar]>()
        var word: [Unicode.Scalar] = []
        for text in words {
            normalizer.normalize(text, into: &word)
            guard !word.isEmpty, seen.insert(word).inserted else { continue }
            scalars.append(contentsOf: word)
            starts.append(Int32(scalars.count))
        }
        var bits: UInt64 = 1
        while 1 << bits < 2 * count { bits += 1 }  // at most half full
        shift = 64 - bits
        slots = Array(repeating: Slot(), count: 1 << bits)
        for entry in 0..<count {
            let hash = scalars.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[Int(starts[entry])..<Int(starts[entry + 1])])) }
            var index = Int(hash >> shift)
            while slots[index].entry != 0 { index = (index + 1) & (slots.count - 1) }
            slots[index] = Slot(hash: hash, entry: Int32(entry + 1))
        }
    }

    /// True when normalised `word` is a stop word.
    public func contains(_ word: String) -> Bool {
        var scalars: [Unicode.Scalar] = []
        TextNormalizer().normalize(word, into: &scalars)
        return scalars.withUnsafeBufferPointer { contains($0, hash: Self.hash($0)) }
    }

    /// True when the normalised `word`, whose ``TermHash`` is `hash`, is a stop word.
    @inline(__always)
    func contains(_ word: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) -> Bool {
        slots.withUnsafeBufferPointer { slots in
            var index = Int(hash >> shift)
            while true {
                let slot = slots[index]
                if slot.entry == 0 { return false }
                if slot.hash == hash && entryEquals(Int(slot.entry) - 1, word) { return true }
                index = (index + 1) & (slots.count - 1)
            }
        }
    }

    private func entryEquals(_ entry: Int, _ word: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        scalars.withUnsafeBufferPointer { scalars in
            let start = Int(starts[entry]), end = Int(starts[entry + 1])
            return UnsafeBufferPointer(rebasing: scalars[start..<end]).elementsEqual(word)
        }
    }

    static func hash(_ word: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64 {
        var hash = TermHash()
        hash.combine(word)
        return hash.value
    }

    // MARK: The standard list

    /// PyThaiNLP's Thai stop words less ``keptThaiWords``, plus ``english``; read once.
    ///
    /// - Throws: ``TextResourceError`` when the package's resource bundle is missing or damaged.
    public static func standard() throws(TextResourceError) -> StopWords {
        try standardList.get()
    }

    private static let standardList = Result { () throws(TextResourceError) -> StopWords in
        let kept = Set(keptThaiWords)
        let thai = try TextResources.lines(of: "stopwords_th").filter { !kept.contains($0) }
        return StopWords(thai + english)
    }

    /// Words of the Thai list that name job functions in vacancies ("ผู้จัดการ" segments as
    /// ผู้|จัดการ with some engines, "ฝ่าย" is department, "ส่ง" delivery, "ประกอบ" assembly,
    /// "จัดหา" procurement, "ช่วย" in ผู้ช่วย assistant, "ใหม่" in จบใหม่ new graduate), so
    /// they are not stop words here.
    public static let keptThaiWords = [
        "จัดการ", "ฝ่าย", "ส่ง", "จัดหา", "จัดทำ", "เขียน", "พูด", "ประกอบ", "ช่วย", "แก้ไข",
        "เก็บ", "ยก", "ใหม่", "ภาค", "ปฏิบัติ", "เปิด", "ปิด",
    ]

    /// English function words. Short on purpose: "it", "us", "am", "pm", "no" and "not" are
    /// left out because in vacancies they are mostly IT, the US, shifts and requirements.
    public static let english = [
        "a", "an", "and", "or", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from",
        "as", "is", "are", "was", "were", "be", "been", "being", "this", "that", "these", "those",
        "we", "our", "you", "your", "they", "their", "he", "she", "his", "her", "i", "me", "my",
        "will", "shall", "can", "may", "must", "should", "would", "could", "has", "have", "had",
        "do", "does", "did", "if", "then", "than", "so", "such", "into", "about", "per", "etc",
        "also", "any", "all", "who", "which", "what", "when", "where", "how",
    ]
}
