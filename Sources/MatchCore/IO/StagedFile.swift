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
    /// - Throws: ``NPYError``; the destination then keeps what it had.
    public func commit() throws {
        try StagedFile.commit([self])
    }

    /// Commits several staged files as one: either all replace their destinations, or none
    /// does and every destination keeps what it had (a destination that existed is restored
    /// from a hard-link backup taken just before the renames).
    /// - Throws: ``NPYError`` naming the file that could not be committed.
    public static func commit(_ files: [StagedFile]) throws {
        for file in files {
            precondition(!file.committed, "\(file.destination) committed twice")
            try file.flushAndClose()
            var status = stat()
            if stat(file.destination, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                throw NPYError(file: file.destination, problem: .cannotWrite("is a directory"))
            }
        }
        var backups: [String?] = []
        defer { for case let backup? in backups { unlink(backup) } }
        for file in files {
            let backup = file.temporary + ".previous"
            backups.append(link(file.destination, backup) == 0 ? backup : nil)
        }
        for (index, file) in files.enumerated() {
            guard rename(file.temporary, file.destination) == 0 else {
                let error = file.failure()
                for (done, backup) in zip(files[..<index], backups) {
                    if let backup { rename(backup, done.destination) } else { unlink(done.destination) }
                    done.committed = false
                }
                throw error
            }
            file.committed = true
        }
    }

    private func flushAndClose() throws {
        guard descriptor >= 0 else { return }
        guard fsync(descriptor) == 0 else { throw failure() }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw failure() }
    }

    private func failure() -> NPYError {
        NPYError(file: destination, problem: .cannotWrite(String(cString: strerror(errno))))
    }
}
