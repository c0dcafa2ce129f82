import Testing
@testable import MatchCore

// Helpers shared by the Model suites.

/// The problem `body` throws, or nil (with a recorded issue) when it throws none.
func problem<R>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(FieldProblem) -> R
) -> FieldProblem? {
    do {
        let value = try body()
        Issue.record("expected a FieldProblem, parsed \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// `text` with its ASCII digits written as Thai digits ๐-๙.
func thaiDigits(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
        scalar.value >= 0x30 && scalar.value <= 0x39 ? Unicode.Scalar(scalar.value - 0x30 + 0x0E50)! : scalar
    }))
}

/// Runs `body` on the UTF-8 bytes of `text` (the byte entry point of the parsers).
func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> R) throws(FieldProblem) -> R {
    let bytes = Array(text.utf8)
    let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(FieldProblem) -> R in try body(buffer) } }
    return try result.get()
}

/// The Model suites, nested here so that `swift test --filter Model` runs them all.
@Suite("Model") enum ModelTests {}
