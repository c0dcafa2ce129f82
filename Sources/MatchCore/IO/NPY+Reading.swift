import Foundation

extension NPY {
    /// An open `.npy` file being read; closed when released.
    final class InputFile {
        let path: String
        let descriptor: Int32
        let size: Int

        init(path: String) throws {
            self.path = path
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw NPYError(file: path, problem: .cannotOpen(String(cString: strerror(errno))))
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                close(descriptor)
                throw NPYError(file: path, problem: .cannotOpen("not a regular file"))
            }
            size = Int(status.st_size)
        }

        deinit { close(descriptor) }

        /// Reads and checks the header; with `expected`, also the dtype, order and length.
        func header(expecting expected: DType?) throws -> Header {
            var prefix = [UInt8](repeating: 0, count: 12)
            let got = try readAvailable(into: &prefix, at: 0)
            guard got >= 10, prefix[0] == 0x93, Array(prefix[1..<6]) == Array("NUMPY".utf8) else {
                throw NPYError(file: path, problem: .notNPY)
            }
            let version = prefix[6]
            let headerLength: Int
            let dictionaryStart: Int
            switch version {
            case 1:
                headerLength = Int(prefix[8]) | Int(prefix[9]) << 8
                dictionaryStart = 10
            case 2, 3:
                guard got >= 12 else { throw NPYError(file: path, problem: .malformedHeader("ends inside the header length")) }
                headerLength = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
                dictionaryStart = 12
            default:
                throw NPYError(file: path, problem: .unsupportedVersion(version))
            }
            guard dictionaryStart + headerLength <= size, headerLength <= 1 << 20 else {
                throw NPYError(file: path, problem: .malformedHeader("header length \(headerLength) runs past the end of the file"))
            }
            var dictionaryBytes = [UInt8](repeating: 0, count: headerLength)
            _ = try readAvailable(into: &dictionaryBytes, at: dictionaryStart)
            guard let text = String(validating: dictionaryBytes, as: UTF8.self) else {
                throw NPYError(file: path, problem: .malformedHeader("not UTF-8 text"))
            }
            var header: Header
            do {
                var parser = HeaderParser(text: text)
                header = try parser.parse()
            } catch {
                throw NPYError(file: path, problem: .malformedHeader(error.message))
            }
            header.version = version
            header.dataOffset = dictionaryStart + headerLength

            guard let expected else { return header }
            let dtype = header.dtype == "=" + expected.rawValue.dropFirst() ? expected.rawValue : header.dtype
            guard dtype == expected.rawValue else {
                throw NPYError(file: path, problem: .unsupportedDType(found: header.dtype, expected: expected.rawValue))
            }
            header.dtype = dtype
            let isVector = header.shape.count == 1
            if header.fortranOrder && !isVector { throw NPYError(file: path, problem: .fortranOrder) }
            var elements = 1
            for extent in header.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
                guard !overflow else { throw NPYError(file: path, problem: .malformedHeader("shape \(header.shape) is too large")) }
                elements = product
            }
            let (bytes, overflow) = elements.multipliedReportingOverflow(by: expected.size)
            let available = size - header.dataOffset
            guard !overflow else { throw NPYError(file: path, problem: .malformedHeader("shape \(header.shape) is too large")) }
            if available < bytes { throw NPYError(file: path, problem: .truncated(expectedBytes: bytes, foundBytes: available)) }
            if available > bytes { throw NPYError(file: path, problem: .trailingBytes(available - bytes)) }
            return header
        }

        /// Fills `buffer` from `offset`, failing if the file ends first.
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
            var done = 0
            while done < buffer.count {
                let chunk = min(buffer.count - done, 1 << 26)
                let got = pread(descriptor, buffer.baseAddress! + done, chunk, off_t(offset + done))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw NPYError(file: path, problem: .cannotOpen(String(cString: strerror(errno))))
                }
                if got == 0 { throw NPYError(file: path, problem: .truncated(expectedBytes: buffer.count, foundBytes: done)) }
                done += got
            }
            #if _endian(big)
            #error("jobmatch reads little-endian .npy data into native memory; big-endian hosts are not supported")
            #endif
        }

        private func readAvailable(into bytes: inout [UInt8], at offset: Int) throws -> Int {
            let wanted = min(bytes.count, max(0, size - offset))
            try bytes.withUnsafeMutableBytes { raw in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<wanted]), at: offset)
            }
            return wanted
        }
    }

    /// Parses the Python dictionary literal of a `.npy` header:
    /// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
    struct HeaderParser {
        struct Failure: Error { var message: String }

        private let characters: [Character]
        private var position = 0

        init(text: String) { characters = Array(text) }

        mutating func parse() throws(Failure) -> Header {
            var descr: String?
            var fortran: Bool?
            var shape: [Int]?
            try expect("{")
            while true {
                skipSpace()
                if peek() == "}" { position += 1; break }
                let key = try string()
                try expect(":")
                switch key {
                case "descr": descr = try string()
                case "fortran_order": fortran = try boolean()
                case "shape": shape = try tuple()
                default: throw Failure(message: "unknown key '\(key)'")
                }
                skipSpace()
                if peek() == "," { position += 1 }
            }
            guard let descr else { throw Failure(message: "no 'descr'") }
            guard let fortran else { throw Failure(message: "no 'fortran_order'") }
            guard let shape else { throw Failure(message: "no 'shape'") }
            return Header(version: 0, dtype: descr, fortranOrder: fortran, shape: shape, dataOffset: 0)
        }

        private func peek() -> Character? { position < characters.count ? characters[position] : nil }

        private mutating func skipSpace() {
            while let c = peek(), c.isWhitespace { position += 1 }
        }

        private mutating func expect(_ c: Character) throws(Failure) {
            skipSpace()
            guard peek() == c else { throw Failure(message: "expected '\(c)' at character \(position)") }
            position += 1
        }

        private mutating func string() throws(Failure) -> String {
            skipSpace()
            guard let quote = peek(), quote == "'" || quote == "\"" else {
                throw Failure(message: "expected a string at character \(position)")
            }
            position += 1
            var value = ""
            while let c = peek(), c != quote { value.append(c); position += 1 }
            guard peek() == quote else { throw Failure(message: "unterminated string") }
            position += 1
            return value
        }

        private mutating func boolean() throws(Failure) -> Bool {
            skipSpace()
            for (word, value) in [("True", true), ("False", false)] where characters[position...].starts(with: word) {
                position += word.count
                return value
            }
            throw Failure(message: "expected True or False at character \(position)")
        }

        private mutating func tuple() throws(Failure) -> [Int] {
            try expect("(")
            var values: [Int] = []
            while true {
                skipSpace()
                if peek() == ")" { position += 1; return values }
                var digits = ""
                while let c = peek(), c.isASCII, c.isNumber { digits.append(c); position += 1 }
                if let c = peek(), c == "L" { position += 1 }  // Python 2 longs
                guard let value = Int(digits) else { throw Failure(message: "expected a dimension at character \(position)") }
                values.append(value)
                skipSpace()
                if peek() == "," { position += 1 } else if peek() != ")" {
                    throw Failure(message: "expected ',' or ')' at character \(position)")
                }
            }
        }
    }
}
