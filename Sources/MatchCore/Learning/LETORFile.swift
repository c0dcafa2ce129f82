import Foundation

/// Ranking examples as SVMlight/LETOR text, one row per line:
///
/// ```
/// 3 qid:17 1:0.8125 2:0.5 3:nan ... 29:1 # person=41 vacancy=9
/// ```
///
/// - the label, `qid:` and the group id, then every feature as `index:value` with 1-based
///   indices in ``RankingExamples/schema`` order; a group's rows are consecutive and a qid never
///   reappears after another group;
/// - values in the shortest text that reads back to the same `Float` (`0`, `1`, `0.8125`,
///   `1e-05`); an unknown value (NaN) is `nan`, which LightGBM 4.7 and scikit-learn's
///   `load_svmlight_file` read as missing;
/// - `# person=K vacancy=K`: the pseudonymous keys of the pair (never an ID number), when known;
/// - beside `FILE`, `FILE.features.json`: `{"features": [names]}`, the schema.
///
/// Reading accepts the same, and also sparse lines (an index left out is 0, as in SVMlight) and
/// files without keys or sidecar (features are then named `f1`, `f2`, …). Files are written
/// atomically (``StagedFile``): a failed write leaves nothing.
///
/// LightGBM's own file parser (4.7) refuses `qid:` and `#`: load with
/// `sklearn.datasets.load_svmlight_file(path, query_id=True)` and pass `group=` sizes to
/// `lightgbm.Dataset` (see `docs/scorer.md`).
public enum LETORFile {
    /// Writes `examples` to `path` and the schema to `path.features.json`, both atomically.
    /// - Throws: ``NPYError`` when a file cannot be written.
    public static func write(_ examples: RankingExamples, to path: String) throws {
        let file = try StagedFile(destination: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        let width = examples.featureCount
        try examples.values.withUnsafeBufferPointer { values in
            for group in 0..<examples.groupCount {
                let qid = Array(" qid:\(examples.groupIDs[group])".utf8)
                for row in examples.rows(ofGroup: group) {
                    appendNumber(examples.labels[row], to: &buffer)
                    buffer.append(contentsOf: qid)
                    for column in 0..<width {
                        buffer.append(UInt8(ascii: " "))
                        appendInteger(column + 1, to: &buffer)
                        buffer.append(UInt8(ascii: ":"))
                        appendNumber(values[row * width + column], to: &buffer)
                    }
                    if !examples.keys.isEmpty {
                        let key = examples.keys[row]
                        buffer.append(contentsOf: " # person=".utf8)
                        appendInteger(key.person, to: &buffer)
                        buffer.append(contentsOf: " vacancy=".utf8)
                        appendInteger(key.vacancy, to: &buffer)
                    }
                    buffer.append(UInt8(ascii: "\n"))
                    if buffer.count >= 1 << 22 {
                        try file.write(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        try file.write(buffer)
        let sidecar = try StagedFile(destination: path + ".features.json")
        let json = try JSONSerialization.data(withJSONObject: ["features": examples.schema], options: [.sortedKeys])
        try sidecar.write(Array(json) + [UInt8(ascii: "\n")])
        try StagedFile.commit([file, sidecar])
    }

    /// Reads a file written by ``write(_:to:)`` (or any SVMlight file with `qid:`).
    ///
    /// - Parameter schema: the feature names; by default those of `path.features.json`, else
    ///   `f1` … `fN` with N the largest index in the file.
    /// - Throws: ``LETORError`` naming the file, line and field of the first problem.
    /// - Complexity: one pass over the bytes; a million rows of 29 features take about a second.
    public static func read(from path: String, schema: [String]? = nil) throws(LETORError) -> RankingExamples {
        let names = schema ?? sidecarSchema(of: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LETORError(file: path, line: 0, field: nil, problem: "cannot read the file")
        }
        let result: Result<RankingExamples, LETORError> = data.withUnsafeBytes { raw in
            do throws(LETORError) {
                var parser = LETORParser(bytes: raw.bindMemory(to: UInt8.self), file: path, schema: names)
                return .success(try parser.parse())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The names in `path.features.json`, or nil.
    static func sidecarSchema(of path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path + ".features.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["features"] as? [String]
    }

    /// The shortest text that reads back to `value`; integers without a fraction, NaN as `nan`.
    static func appendNumber(_ value: Float, to buffer: inout [UInt8]) {
        if value.isNaN {
            buffer.append(contentsOf: "nan".utf8)
        } else if value == value.rounded(), abs(value) < 16_777_216 {
            if value == 0 && value.sign == .minus { buffer.append(UInt8(ascii: "-")) }
            appendInteger(Int(value), to: &buffer)
        } else {
            buffer.append(contentsOf: value.description.utf8)
        }
    }

    static func appendInteger<T: BinaryInteger>(_ value: T, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: [UInt8] = []
        while magnitude > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        buffer.append(contentsOf: digits.reversed())
    }
}

/// A problem in a LETOR file: where, and what was expected; at most the offending token, cut
/// to 32 bytes, is shown.
public struct LETORError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 for the file as a whole.
    public var line: Int
    /// 1-based whitespace-separated field of the line, when the problem is in one.
    public var field: Int?
    public var problem: String

    public init(file: String, line: Int, field: Int?, problem: String) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        let name = URL(fileURLWithPath: file).lastPathComponent
        guard line > 0 else { return "\(name): \(problem)" }
        return "\(name):\(line): " + (field.map { "field \($0): " } ?? "") + problem
    }
}
