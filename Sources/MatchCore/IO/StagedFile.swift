import Foundation

/// An output file written in full before anyone can see it.
///
/// Bytes go to a temporary file beside the destination (same folder, so the final rename is
/// atomic on POSIX file systems). ``commit()`` flushes it to disk and renames it over the
/// destination; a staged file released without a commit is deleted. A reader therefore sees the
/// old file or the complete new one, never half of it, and a failed run leaves nothing behind.
public final class StagedFile {
    /// The path the file will have once committed.
    public let destination: String
    private let temporary: String
    private var descriptor: Int32
    private var committed = false

    /// Creates the temporary file.
    /// - Throws: ``NPYError`` with ``NPYError/Problem/cannotWrite(_:)``.
    public init(destination: String) throws {
        self.destination = destination
        let url = URL(fileURLWithPath: destination)
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).partial-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw NPYError(file: destination, problem: .cannotWrite(String(cString: strerror(errno))))
        }
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(descriptor, 0o644)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed { unlink(temporary) }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let wrote = Foundation.write(descriptor, bytes.baseAddress! + done, min(bytes.count - done, 1 << 26))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            done += wrote
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in try write(raw) }
    }

    /// Flushes the file to disk and renames it over the destination.
    public func commit() throws {
        precondition(!committed, "\(destination) committed twice")
        guard fsync(descriptor) == 0 else { throw failure() }
        guard close(descriptor) == 0 else { descriptor = -1; throw failure() }
        descriptor = -1
        guard rename(temporary, destination) == 0 else { throw failure() }
        committed = true
    }

    private func failure() -> NPYError {
        NPYError(file: destination, problem: .cannotWrite(String(cString: strerror(errno))))
    }
}
