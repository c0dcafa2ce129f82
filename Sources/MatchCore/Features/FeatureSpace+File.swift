import Foundation

/// A fitted feature space as one file (`.jmfs`), versioned:
///
/// | bytes | content |
/// | --- | --- |
/// | 8 | magic `JMFSPACE` |
/// | 4 | format version, UInt32 little-endian (``FeatureSpace/formatVersion``) |
/// | 4 | header length h, UInt32 little-endian |
/// | h | header, JSON: configuration, fit summary, countries, wage cuts, and the arrays' table |
/// | … | the arrays, little-endian, each at an 8-byte aligned offset from the end of the header |
///
/// Arrays: `text.keys` (UInt64), `text.weights` (Float32), `text.projection` (Float32,
/// vocabulary × dimension, row-major), and the same for `skills` and `occupation`. Each has an
/// FNV-1a 64 checksum in the table, checked on load.
extension FeatureSpace {
    static let magic = Array("JMFSPACE".utf8)

    struct FileHeader: Codable {
        struct ArrayEntry: Codable {
            var name: String
            var type: String
            var count: Int
            var offset: Int
            var checksum: String
        }

        var configuration: FeatureConfiguration
        var summary: FitSummary
        var countries: [String]
        var wageCuts: [Int]
        var arrays: [ArrayEntry]
    }

    /// Writes the space to `path` atomically (a reader sees the old file or the whole new one).
    public func save(to path: String) throws {
        var payload: [UInt8] = []
        var entries: [FileHeader.ArrayEntry] = []
        func add<T: BitwiseCopyable>(_ name: String, _ type: String, _ values: [T]) {
            while payload.count % 8 != 0 { payload.append(0) }
            let offset = payload.count
            values.withUnsafeBytes { payload.append(contentsOf: $0) }
            entries.append(.init(name: name, type: type, count: values.count, offset: offset,
                                 checksum: Self.checksum(payload[offset...])))
        }
        for (name, projection) in [("text", text), ("skills", skills), ("occupation", occupation)] {
            add("\(name).keys", "u8", projection.keys.map { $0.littleEndian })
            add("\(name).weights", "f4", projection.weights.map { $0.bitPattern.littleEndian })
            add("\(name).projection", "f4", projection.projection.elements.map { $0.bitPattern.littleEndian })
        }
        let header = FileHeader(configuration: configuration, summary: summary, countries: countries.map(\.alpha2),
                                wageCuts: wageCuts, arrays: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headerBytes = Array(try encoder.encode(header))
        while (16 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }
        var bytes = Self.magic
        withUnsafeBytes(of: UInt32(Self.formatVersion).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += headerBytes
        let file = try StagedFile(destination: path)
        try file.write(bytes)
        try file.write(payload)
        try file.commit()
    }

    /// Reads a space saved by ``save(to:)``.
    ///
    /// - Throws: ``FeatureSpaceError/unreadable(path:reason:)`` for a file that is not a
    ///   feature space, is truncated or damaged, or was fitted with a tokenizer that gives other
    ///   terms than this build's; ``FeatureSpaceError/unsupportedVersion(path:found:supported:)``.
    public static func load(from path: String) throws -> FeatureSpace {
        func fail(_ reason: String) -> FeatureSpaceError { .unreadable(path: path, reason: reason) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw fail("it does not start with JMFSPACE") }
        func uint32(at offset: Int) -> Int {
            Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
        let version = uint32(at: 8)
        guard version == formatVersion else {
            throw FeatureSpaceError.unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let headerLength = uint32(at: 12)
        guard 16 + headerLength <= bytes.count else { throw fail("the header runs past the end of the file") }
        let header: FileHeader
        do {
            header = try JSONDecoder().decode(FileHeader.self, from: Data(bytes[16..<16 + headerLength]))
        } catch {
            throw fail("the header is not valid: \(error)")
        }
        let payload = bytes[(16 + headerLength)...]
        func array<T: BitwiseCopyable>(_ name: String, _ type: String, as: T.Type) throws -> [T] {
            guard let entry = header.arrays.first(where: { $0.name == name }) else { throw fail("no array \(name)") }
            let size = MemoryLayout<T>.stride
            guard entry.type == type, entry.offset >= 0, entry.count >= 0, entry.offset <= payload.count,
                  entry.count <= (payload.count - entry.offset) / size else {
                throw fail("array \(name) is not \(entry.count) values of \(type) inside the file (truncated?)")
            }
            let start = payload.startIndex + entry.offset
            let slice = payload[start..<start + entry.count * size]
            guard checksum(slice) == entry.checksum else { throw fail("array \(name) fails its checksum (damaged file)") }
            return [T](unsafeUninitializedCapacity: entry.count) { buffer, count in
                slice.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                }
                count = entry.count
            }
        }
        func projection(_ name: String, dimension: Int) throws -> TermProjection {
            let keys = try array("\(name).keys", "u8", as: UInt64.self).map { UInt64(littleEndian: $0) }
            let weights = try array("\(name).weights", "f4", as: UInt32.self).map { Float(bitPattern: UInt32(littleEndian: $0)) }
            let values = try array("\(name).projection", "f4", as: UInt32.self).map { Float(bitPattern: UInt32(littleEndian: $0)) }
            let (expected, overflow) = keys.count.multipliedReportingOverflow(by: dimension)
            guard weights.count == keys.count, !overflow, values.count == expected, Set(keys).count == keys.count else {
                throw fail("\(name): \(keys.count) keys, \(weights.count) weights and \(values.count) projection values do not agree with dimension \(dimension)")
            }
            // Projection coefficients are at most 1 in magnitude (unit columns, or the
            // identity); the text block's are also rounded to half precision, which holds
            // magnitudes below 65,520 only.
            if let bad = values.firstIndex(where: { !$0.isFinite || $0.magnitude > 2 }) {
                throw fail("\(name).projection: value \(values[bad]) at row \(bad / max(dimension, 1)), column \(bad % max(dimension, 1)) is not a projection coefficient")
            }
            let retained = switch name {
            case "text": header.summary.textRetainedEnergy
            case "skills": header.summary.skillRetainedEnergy
            default: header.summary.occupationRetainedEnergy
            }
            return TermProjection(keys: keys, weights: weights, projection: Matrix(rows: keys.count, columns: dimension, elements: values),
                                  retainedEnergy: retained)
        }
        let configuration = header.configuration
        do { try configuration.validate() } catch { throw fail("\(error)") }
        let tokenizer = try Tokenizer(configuration.tokenizer)
        guard fingerprint(of: tokenizer) == header.summary.tokenizerFingerprint else {
            throw fail("it was fitted with a tokenizer (Thai dictionary, stop words) that gives other terms than this jobmatch's; refit it")
        }
        var countries: [CountryCode] = []
        for code in header.countries {
            guard let country = CountryCode(alpha2: code) else { throw fail("unknown country \(code)") }
            countries.append(country)
        }
        guard header.wageCuts == header.wageCuts.sorted(), Set(header.wageCuts).count == header.wageCuts.count else {
            throw fail("wage cuts are not increasing")
        }
        return FeatureSpace(
            configuration: configuration, summary: header.summary, tokenizer: tokenizer,
            text: try projection("text", dimension: configuration.textDimension),
            occupation: try projection("occupation", dimension: configuration.occupationDimension),
            skills: try projection("skills", dimension: configuration.skillDimension),
            countries: countries, wageCuts: header.wageCuts)
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        var hash = TermHash()
        for byte in bytes { hash.combine(byte: byte) }
        return "fnv1a64:" + String(hash.value, radix: 16)
    }
}
