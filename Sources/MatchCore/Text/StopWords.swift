/// Words too common to tell vacancies and seekers apart, which ``Tokenizer`` leaves out.
///
/// ``standard()`` is PyThaiNLP's Thai stop-word list (1,030 entries, CC0; see
/// `Sources/MatchCore/Resources/thai/SOURCE.md`) less ``keptThaiWords``, plus ``english``.
/// Entries are normalised with ``TextNormalizer`` and compared with whole words as the
/// segmenter gives them.
public struct StopWords: Sendable {
    /// The normalised entries by their ``TermHash``: a lookup hashes the word once (the tokenizer
    /// has that hash anyway) and compares scalars only on a hash hit.
    private var entries: [UInt64: [[Unicode.Scalar]]] = [:]
    /// Number of distinct entries.
    public private(set) var count = 0

    /// Stop words from a list; entries are normalised, empty ones ignored.
    public init(_ words: some Sequence<String>) {
        let normalizer = TextNormalizer()
        var scalars: [Unicode.Scalar] = []
        for word in words {
            normalizer.normalize(word, into: &scalars)
            guard !scalars.isEmpty else { continue }
            let hash = scalars.withUnsafeBufferPointer { Self.hash($0) }
            if entries[hash, default: []].contains(scalars) { continue }
            entries[hash, default: []].append(scalars)
            count += 1
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
        guard let candidates = entries[hash] else { return false }
        return candidates.contains { $0.elementsEqual(word) }
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
