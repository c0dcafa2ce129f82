import Foundation

/// An occupation coder's file: JSON with a format name and version, the knowledge (so coded
/// titles travel with the model), the configuration, the trained scorer, the temperature, what it
/// was trained on and any evaluation. The index is rebuilt from the knowledge on load (it is
/// deterministic), so the file stays small and readable.
public struct OccupationCoderFile: Sendable, Codable, Equatable {
    public static let format = "jobmatch-occupation-coder"
    public static let currentVersion = 1

    public var format = OccupationCoderFile.format
    public var version = OccupationCoderFile.currentVersion
    public var createdAt: String
    public var codeVersion: String
    /// The tokenizer's terms for a probe text: a coder is refused by a jobmatch whose
    /// tokenizer would give other terms.
    public var tokenizerFingerprint: String
    public var configuration: OccupationCoderConfiguration
    public var knowledge: OccupationKnowledge
    public var model: ScoringModel
    public var temperature: Float
    public var training: OccupationCoderTraining
    public var evaluations: [OccupationEvaluation]
}

extension OccupationCoder {
    /// Writes the coder atomically, with `evaluations` for the record.
    public func save(to path: String, evaluations: [OccupationEvaluation] = []) throws {
        let file = OccupationCoderFile(
            createdAt: ISO8601DateFormatter().string(from: Date()), codeVersion: JobMatchVersion.current,
            tokenizerFingerprint: FeatureSpace.fingerprint(of: index.tokenizer), configuration: configuration,
            knowledge: knowledge, model: model, temperature: temperature, training: training, evaluations: evaluations)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(file).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a coder file and rebuilds its index.
    ///
    /// - Throws: ``ModelError/unreadable`` for a file that is not an occupation coder of this
    ///   version, a damaged one, or one whose tokenizer differs from this jobmatch's;
    ///   ``ModelError/schemaMismatch`` for a scorer of other features.
    public static func load(from path: String) throws -> (coder: OccupationCoder, file: OccupationCoderFile) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ModelError.unreadable(file: name, reason: "cannot be read (\((error as NSError).localizedDescription))")
        }
        struct Header: Decodable { var format: String?, version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == OccupationCoderFile.format else {
            throw ModelError.unreadable(file: name, reason: "no \"format\": \"\(OccupationCoderFile.format)\" header")
        }
        guard header.version == OccupationCoderFile.currentVersion else {
            throw ModelError.unreadable(file: name, reason: "format version \(header.version.map(String.init) ?? "none"), this jobmatch reads \(OccupationCoderFile.currentVersion)")
        }
        let file: OccupationCoderFile
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { file = try decoder.decode(OccupationCoderFile.self, from: data) } catch {
            throw ModelError.unreadable(file: name, reason: "damaged (\(ModelFile.describe(error)))")
        }
        try file.model.validate(file: name)
        try file.model.checkSchema(schema, source: name)
        guard file.temperature > 0, file.temperature.isFinite else { throw ModelError.unreadable(file: name, reason: "temperature \(file.temperature)") }
        let labels = file.knowledge.labels, occupations = file.knowledge.occupations.count
        guard labels.allSatisfy({ $0.occupation >= 0 && Int($0.occupation) < occupations }) else {
            throw ModelError.unreadable(file: name, reason: "a label points past the occupations")
        }
        let tokenizer = try Tokenizer(file.configuration.tokenizer)
        guard FeatureSpace.fingerprint(of: tokenizer) == file.tokenizerFingerprint else {
            throw ModelError.unreadable(file: name, reason: "made by a tokenizer that gives other terms; train the coder again")
        }
        let finder = try CandidateFinder(knowledge: file.knowledge, configuration: file.configuration, tokenizer: tokenizer)
        let coder = OccupationCoder(finder: finder, model: file.model, temperature: file.temperature, training: file.training)
        return (coder, file)
    }
}
