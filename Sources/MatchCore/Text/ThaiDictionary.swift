import Foundation

/// A Thai word list, normalised and held in a prefix tree: what ``DictionarySegmenter`` matches
/// text against.
///
/// ``standard()`` is PyThaiNLP's word list (62,107 entries, CC0; see
/// `Sources/MatchCore/Resources/thai/SOURCE.md`), read from the package's resources on first use
/// and kept for the life of the process. A service can add its own words (job titles, brand names,
/// districts) with ``init(words:)``:
///
/// ```swift
/// let dictionary = ThaiDictionary(words: try ThaiDictionary.standardWords() + ["โฟล์คลิฟท์"])
/// ```
///
/// Entries are normalised with ``TextNormalizer`` (so mark order and typing slips match the
/// text). An entry that is not one run of Thai letters (an abbreviation with dots such as "น.",
/// a phrase with spaces, anything with digits, Latin letters or ๆ, which is always a token of
/// its own) could never match a segment and is left out, as is an entry longer than 128 scalars
/// (the standard list's longest is 70).
public struct ThaiDictionary: Sendable {
    let trie: WordTrie

    /// A dictionary of `words`.
    ///
    /// - Complexity: O(total length · log(count)) for the sort.
    public init(words: some Sequence<String>) {
        let normalizer = TextNormalizer()
        var scalars: [Unicode.Scalar] = []
        var accepted: [[Unicode.Scalar]] = []
        for word in words where Self.isThaiEntry(word) {
            normalizer.normalize(word, into: &scalars)
            if Self.isSegmentable(scalars) { accepted.append(scalars) }
        }
        trie = WordTrie(words: accepted)
    }

    /// Number of distinct words kept.
    public var count: Int { trie.count }

    /// The length, in Unicode scalars, of the longest word.
    public var longestWord: Int { trie.longestWord }

    /// True when `word`, normalised, is in the dictionary.
    public func contains(_ word: String) -> Bool {
        var scalars: [Unicode.Scalar] = []
        TextNormalizer().normalize(word, into: &scalars)
        return trie.contains(scalars)
    }

    /// True when `word` has nothing but Thai word scalars, whitespace and invisible characters:
    /// abbreviations such as "น." would otherwise normalise to a one-letter "word".
    static func isThaiEntry(_ word: String) -> Bool {
        word.unicodeScalars.allSatisfy { scalar in
            ThaiScript.isWordScalar(scalar.value) || TextNormalizer.isInvisible(scalar.value)
                || scalar.properties.isWhitespace
        }
    }

    /// True for a non-empty run of Thai word scalars without ๆ, of at most
    /// ``WordTrie/maximumWordLength`` (128) scalars.
    static func isSegmentable(_ scalars: [Unicode.Scalar]) -> Bool {
        !scalars.isEmpty && scalars.count <= WordTrie.maximumWordLength && scalars.allSatisfy { ThaiScript.isWordScalar($0.value) && $0.value != ThaiScript.maiYamok }
    }

    // MARK: The standard dictionary

    /// The standard dictionary: PyThaiNLP's Thai word list, loaded once, on first use.
    ///
    /// - Throws: ``TextResourceError`` when the package's resource bundle is missing or damaged
    ///   (every later call throws the same error).
    public static func standard() throws(TextResourceError) -> ThaiDictionary {
        try standardDictionary.get()
    }

    /// The entries of the standard word list, as written in the file.
    ///
    /// - Throws: ``TextResourceError``.
    public static func standardWords() throws(TextResourceError) -> [String] {
        try TextResources.lines(of: "words_th")
    }

    private static let standardDictionary = Result { () throws(TextResourceError) -> ThaiDictionary in
        ThaiDictionary(words: try standardWords())
    }
}

/// A word list or other text resource of MatchCore that cannot be read.
public struct TextResourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The resource's file name.
    public var resource: String
    /// What went wrong.
    public var problem: String

    public var description: String { "MatchCore resource \(resource): \(problem)" }
}

/// The text files under `Sources/MatchCore/Resources/thai` (and `reference`).
enum TextResources {
    /// The UTF-8 text of `<folder>/<name>.<extension>` in the package's resources.
    static func text(of name: String, extension: String, in folder: String) throws(TextResourceError) -> String {
        let file = "\(folder)/\(name).\(`extension`)"
        guard let url = Bundle.module.url(forResource: name, withExtension: `extension`, subdirectory: folder) else {
            throw TextResourceError(resource: file, problem: "not found in the MatchCore resource bundle")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TextResourceError(resource: file, problem: "cannot be read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TextResourceError(resource: file, problem: "is not UTF-8")
        }
        return text
    }

    /// The lines of `name`.txt, trimmed of surrounding whitespace and byte-order marks, empty
    /// lines left out.
    static func lines(of name: String) throws(TextResourceError) -> [String] {
        let text = try text(of: name, extension: "txt", in: "thai")
        var lines: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if !trimmed.isEmpty { lines.append(trimmed) }
        }
        return lines
    }
}
