import Foundation
import Testing
@testable import MatchCore

/// True for a cannotWrite error with a reason.
func isCannotWrite(_ error: NPYError?) -> Bool {
    guard case .cannotWrite(let reason) = error?.problem else { return false }
    return !reason.isEmpty
}

@Suite("Output files are never left half-written")
struct StagedFileTests {
    @Test func writingIntoAMissingFolderThrowsCannotWriteAndLeavesNothing() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("no-such-folder/vectors.npy")
            let error = expectNPYError { try NPY.write(Matrix(rows: 2, columns: 2), to: path) }
            #expect(error?.file == path)
            #expect(isCannotWrite(error))
            #expect(!fileExists(path))
            let names = try directory.contents()
            #expect(names.isEmpty)

            let ids = directory.path("no-such-folder/ids.npy")
            let idsError = expectNPYError { try NPY.write(DenseMatrix<Int32>(rows: 1, columns: 1), to: ids) }
            #expect(idsError?.file == ids)
            #expect(!fileExists(ids))
        }
    }

    @Test func stagedFileIsInvisibleUntilCommitted() throws {
        try withTemporaryDirectory { directory in
            let destination = directory.path("out.npy")
            let staged = try StagedFile(destination: destination)
            try staged.write(Array("hello".utf8))
            #expect(staged.destination == destination)
            #expect(!fileExists(destination))
            // Only a hidden temporary file, beside the destination.
            let names = try directory.contents()
            #expect(names.count == 1)
            #expect(names.first?.hasPrefix(".out.npy.") == true)
            try staged.commit()
            #expect(try readBytes(destination) == Array("hello".utf8))
            #expect(try directory.contents() == ["out.npy"])
        }
    }

    @Test func uncommittedStagedFileLeavesNothing() throws {
        try withTemporaryDirectory { directory in
            let destination = directory.path("out.npy")
            do {
                let staged = try StagedFile(destination: destination)
                try NPY.write(Matrix(rows: 3, columns: 2, repeating: 1), to: staged)
                #expect(try directory.contents().count == 1)
            }  // released without a commit
            #expect(!fileExists(destination))
            #expect(try directory.contents().isEmpty)
        }
    }

    @Test func uncommittedStagedFileLeavesAnExistingFileAlone() throws {
        try withTemporaryDirectory { directory in
            let destination = try directory.write(Array("old".utf8), to: "out.npy")
            do {
                let staged = try StagedFile(destination: destination)
                try staged.write(Array("new contents".utf8))
            }
            #expect(try readBytes(destination) == Array("old".utf8))
            #expect(try directory.contents() == ["out.npy"])
        }
    }

    @Test func committedStagedFileReplacesAnExistingFile() throws {
        try withTemporaryDirectory { directory in
            let destination = try directory.write(Array("old contents, longer than the new ones".utf8), to: "out.npy")
            let staged = try StagedFile(destination: destination)
            try staged.write(Array("new".utf8))
            #expect(try readBytes(destination) == Array("old contents, longer than the new ones".utf8))
            try staged.commit()
            #expect(try readBytes(destination) == Array("new".utf8))
            #expect(try directory.contents() == ["out.npy"])
        }
    }

    @Test func replacementIsARenameNotAnOverwrite() throws {
        // A reader that opened the old file keeps reading the old file: the new one is a new inode.
        try withTemporaryDirectory { directory in
            let destination = try directory.write(Array("old".utf8), to: "out.npy")
            let reader = try #require(FileHandle(forReadingAtPath: destination))
            defer { try? reader.close() }
            let staged = try StagedFile(destination: destination)
            try staged.write(Array("new".utf8))
            try staged.commit()
            #expect(Array(try reader.readToEnd() ?? Data()) == Array("old".utf8))
            #expect(try readBytes(destination) == Array("new".utf8))
        }
    }

    @Test func committedFileIsReadableByOthers() throws {
        try withTemporaryDirectory { directory in
            let destination = directory.path("out.npy")
            try NPY.write(Matrix(rows: 1, columns: 1), to: destination)
            let attributes = try FileManager.default.attributesOfItem(atPath: destination)
            #expect(attributes[.posixPermissions] as? Int == 0o644)
        }
    }

    @Test func twoStagedFilesForOneDestinationDoNotCollide() throws {
        try withTemporaryDirectory { directory in
            let destination = directory.path("out.npy")
            let first = try StagedFile(destination: destination)
            let second = try StagedFile(destination: destination)
            try first.write(Array("first".utf8))
            try second.write(Array("second".utf8))
            #expect(try directory.contents().count == 2)
            try second.commit()
            try first.commit()
            #expect(try readBytes(destination) == Array("first".utf8))
            #expect(try directory.contents() == ["out.npy"])
        }
    }

    @Test func failedRenameLeavesNoTemporaryFile() throws {
        try withTemporaryDirectory { directory in
            // The destination is a non-empty folder, so the final rename fails.
            let destination = directory.path("taken")
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
            try directory.write([1], to: "taken/inside")
            let error = expectNPYError { try NPY.write(Matrix(rows: 1, columns: 1), to: destination) }
            #expect(error?.file == destination)
            #expect(isCannotWrite(error))
            #expect(try directory.contents() == ["taken"])
        }
    }
}
