import Foundation

/// What the occupation coder knows: occupations (ESCO occupations and ISCO-08 unit groups) and
/// their labels in English and Thai, plus any titles that people have coded.
///
/// The embedded knowledge (``embedded()``) is
/// - the 3,007 occupations of ESCO v1.1.1 with their preferred, alternative and hidden labels
///   (`Resources/occupations/esco_occupations.csv`),
/// - the 436 ISCO-08 unit groups, each an occupation of its own, labelled with its English
///   title (`Resources/reference/isco08.csv`) and the project's Thai name and Thai job-board
///   titles (`Resources/occupations/isco08_th.csv`; ESCO has no Thai).
///
/// Sources and licences are in `Resources/occupations/SOURCE.md`. Knowledge is a value: hold
/// labels out of it for evaluation (``holdingOut(share:seed:)``) or add coded titles to it
/// (``adding(_:)``) without touching the original.
public struct OccupationKnowledge: Sendable, Equatable, Codable {
    /// One occupation the coder can answer with.
    public struct Occupation: Sendable, Equatable, Codable {
        /// The ESCO occupation's UUID (its URI is `http://data.europa.eu/esco/occupation/` + id),
        /// or `isco:` + the four digits for an ISCO-08 unit group.
        public var id: String
        /// The ESCO code ("2654.1.7"), or the four ISCO digits for a unit group.
        public var code: String
        public var isco: ISCOCode
        /// The English preferred label (ESCO) or group title (ISCO).
        public var name: String
        /// The Thai name, where the project has written one (unit groups).
        public var thaiName: String?

        public var isESCO: Bool { !id.hasPrefix("isco:") }
    }

    /// Where a label comes from; the coder learns how much each kind is worth.
    public enum LabelKind: UInt8, Sendable, Codable, CaseIterable {
        case preferred, alternative, hidden, groupTitle, thai, coded
    }

    /// One label: a text that names an occupation.
    public struct Label: Sendable, Equatable, Codable {
        public var text: String
        /// Index into ``occupations``.
        public var occupation: Int32
        public var kind: LabelKind
    }

    public private(set) var occupations: [Occupation]
    public private(set) var labels: [Label]

    public init(occupations: [Occupation], labels: [Label]) {
        precondition(labels.allSatisfy { $0.occupation >= 0 && Int($0.occupation) < occupations.count },
                     "OccupationKnowledge: a label points past the occupations")
        self.occupations = occupations
        self.labels = labels
    }

    /// The index of the unit-group occupation of each ISCO code.
    public var unitGroupIndex: [ISCOCode: Int32] {
        var index: [ISCOCode: Int32] = [:]
        for (position, occupation) in occupations.enumerated() where !occupation.isESCO { index[occupation.isco] = Int32(position) }
        return index
    }

    /// The ESCO occupations and ISCO-08 unit groups that ship with MatchCore.
    ///
    /// - Throws: ``TextResourceError`` when a resource is missing or damaged (naming the file
    ///   and record).
    public static func embedded() throws(TextResourceError) -> OccupationKnowledge {
        var occupations: [Occupation] = []
        var labels: [Label] = []
        let escoFile = "occupations/esco_occupations.csv"
        let esco = try table(escoFile, columns: ["occupation_id", "esco_code", "isco_code", "preferred_label", "alt_labels", "hidden_labels"])
        for (number, record) in esco.enumerated() {
            guard let isco = try? ISCOCode(parsing: record["isco_code"]!) else {
                throw TextResourceError(resource: escoFile, problem: "record \(number + 1): isco_code \(record["isco_code"]!) is not an ISCO-08 unit group")
            }
            let index = Int32(occupations.count)
            let name = record["preferred_label"]!
            occupations.append(Occupation(id: record["occupation_id"]!, code: record["esco_code"]!, isco: isco, name: name))
            labels.append(Label(text: name, occupation: index, kind: .preferred))
            for text in listItems(record["alt_labels"]!) where text != name {
                labels.append(Label(text: text, occupation: index, kind: .alternative))
            }
            for text in listItems(record["hidden_labels"]!) where text != name {
                labels.append(Label(text: text, occupation: index, kind: .hidden))
            }
        }
        let thai = try thaiTitles()
        for code in ISCOCode.unitGroups {
            let entry = thai[code]!
            let index = Int32(occupations.count)
            occupations.append(Occupation(id: "isco:\(code.digits)", code: code.digits, isco: code, name: code.label, thaiName: entry.name))
            labels.append(Label(text: code.label, occupation: index, kind: .groupTitle))
            var seen: Set<String> = []
            for text in [entry.name] + entry.titles where seen.insert(text).inserted {
                labels.append(Label(text: text, occupation: index, kind: .thai))
            }
        }
        return OccupationKnowledge(occupations: occupations, labels: labels)
    }

    /// The project's Thai name and Thai job-board titles of every ISCO-08 unit group
    /// (`Resources/occupations/isco08_th.csv`), the commonest title first. The simulator posts
    /// vacancies under these titles too: one table for both.
    ///
    /// - Throws: ``TextResourceError`` when the file is missing or damaged, or lacks a unit group
    ///   or a title for one.
    public static func thaiTitles() throws(TextResourceError) -> [ISCOCode: (name: String, titles: [String])] {
        let file = "occupations/isco08_th.csv"
        var thai: [ISCOCode: (name: String, titles: [String])] = [:]
        for record in try table(file, columns: ["isco_code", "level", "name_th", "titles_th"]) where record["level"] == "4" {
            guard let code = try? ISCOCode(parsing: record["isco_code"]!) else {
                throw TextResourceError(resource: file, problem: "\(record["isco_code"]!) is not an ISCO-08 unit group")
            }
            thai[code] = (record["name_th"]!, listItems(record["titles_th"]!))
        }
        for code in ISCOCode.unitGroups where thai[code]?.titles.isEmpty ?? true {
            throw TextResourceError(resource: file, problem: "has no Thai title for unit group \(code.digits)")
        }
        return thai
    }

    private static func table(_ file: String, columns: [String]) throws(TextResourceError) -> [[String: String]] {
        let parts = file.split(separator: "/")
        return try ReferenceTables.records(of: String(parts[1].dropLast(4)), columns: columns, in: String(parts[0]))
    }

    private static func listItems(_ field: String) -> [String] {
        field.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: - Held-out labels and coded titles

    /// A title with the occupation it should get: a held-out label, or a title a person coded.
    public struct CodedTitle: Sendable, Equatable, Codable {
        public var title: String
        /// The occupation's index in the knowledge, when the title names one (ESCO coded).
        public var occupation: Int32?
        /// The unit group.
        public var isco: ISCOCode

        public init(title: String, occupation: Int32? = nil, isco: ISCOCode) {
            self.title = title
            self.occupation = occupation
            self.isco = isco
        }
    }

    /// This knowledge without a share of the ESCO alternative labels, and those labels as
    /// coded titles for evaluation.
    ///
    /// A label is held out when a hash of its text and `seed` falls in `share` (so the choice
    /// does not depend on the order of the table). A held-out label whose normalised text is
    /// still the text of a kept label (ESCO repeats some labels across occupations) is dropped
    /// from the test as well, since it would test nothing but an exact lookup; `duplicates`
    /// counts them. Preferred labels are never held out, so every occupation keeps a name.
    public func holdingOut(share: Double, seed: UInt64) -> (kept: OccupationKnowledge, heldOut: [CodedTitle], duplicates: Int) {
        precondition(share >= 0 && share < 1, "holdingOut: share must be in [0, 1)")
        let threshold = UInt64(share * Double(UInt64.max))
        var kept: [Label] = [], held: [Label] = []
        for label in labels {
            var hash = TermHash()
            for byte in withUnsafeBytes(of: seed.littleEndian, Array.init) { hash.combine(byte: byte) }
            for byte in label.text.utf8 { hash.combine(byte: byte) }
            hash.combine(byte: UInt8(truncatingIfNeeded: label.occupation))
            if label.kind == .alternative, SeededGenerator.mix(hash.value) < threshold { held.append(label) } else { kept.append(label) }
        }
        let keptTexts = Set(kept.map { Self.lookupKey($0.text) })
        var heldOut: [CodedTitle] = [], duplicates = 0
        for label in held {
            if keptTexts.contains(Self.lookupKey(label.text)) { duplicates += 1; continue }
            heldOut.append(CodedTitle(title: label.text, occupation: label.occupation, isco: occupations[Int(label.occupation)].isco))
        }
        return (OccupationKnowledge(occupations: occupations, labels: kept), heldOut, duplicates)
    }

    /// This knowledge with `titles` as labels of kind `.coded`: each goes to its occupation, or,
    /// when it names only a unit group, to that group's occupation.
    public func adding(_ titles: [CodedTitle]) -> OccupationKnowledge {
        let groups = unitGroupIndex
        var copy = self
        for title in titles {
            guard let occupation = title.occupation ?? groups[title.isco] else { continue }
            copy.labels.append(Label(text: title.title, occupation: occupation, kind: .coded))
        }
        return copy
    }

    /// The text an exact-match lookup compares: lower case, runs of whitespace as one space,
    /// none at either end.
    static func lookupKey(_ text: String) -> String {
        String(decoding: lookupBytes(text), as: UTF8.self)
    }

    /// FNV-1a of ``lookupKey(_:)``'s bytes, without making the string.
    static func lookupHash(_ text: String) -> UInt64 {
        var hash = TermHash()
        for byte in lookupBytes(text) { hash.combine(byte: byte) }
        return hash.value
    }

    private static func lookupBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var pendingSpace = false
        for byte in text.lowercased().utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(0x20); pendingSpace = false }
            bytes.append(byte)
        }
        return bytes
    }
}

extension ISCOCode: Codable {
    /// Decodes the four digits ("7212").
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try ISCOCode(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an ISCO-08 unit group")
        }
    }

    /// Encodes the four digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
