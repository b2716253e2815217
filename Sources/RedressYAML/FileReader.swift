#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RedressDiagnostics

/// Reads a whole file, refusing before reading when it is over the size limit.
enum FileReader {
    /// Why a file could not be read.
    struct Failure: Error {
        var code: YAMLErrorCode
        var message: String
    }

    static func load(path: String, limit: Int) throws(Failure) -> SourceFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(code: .unreadable, message: "cannot open: \(Self.reason())") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(code: .unreadable, message: "cannot stat: \(Self.reason())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw Failure(code: .unreadable, message: "not a regular file") }
        guard Int(info.st_size) <= limit else {
            throw Failure(code: .fileTooLarge, message: "the file is \(info.st_size) bytes; the limit is \(limit)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(code: .unreadable, message: "cannot read: \(Self.reason())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // The file may grow while we read it; the limit holds for what we keep.
            guard bytes.count <= limit else {
                throw Failure(code: .fileTooLarge, message: "the file is over the limit of \(limit) bytes")
            }
        }
        return SourceFile(path: path, bytes: bytes)
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

extension Error {
    func yamlError(path: String) -> YAMLError {
        let failure = self as? FileReader.Failure
        return YAMLError(
            failure?.code ?? .unreadable, failure?.message ?? "cannot read the file",
            at: SourceMark(file: path, line: 1, column: 1, offset: 0))
    }
}
