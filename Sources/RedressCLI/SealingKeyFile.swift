import Foundation

/// The state directory's sealing key (`sealing.key`): 32 random bytes every process driving the
/// directory's runs shares, so a proof one process sealed opens in another.
///
/// Created on first use with mode 0600 and `O_EXCL`, so two processes starting at once agree on
/// one key; a file of the wrong size is an error, never silently replaced (the runs sealed under
/// it would no longer open).
enum SealingKeyFile {
    static let name = "sealing.key"
    static let size = 32

    /// The key in `directory`, created if there is none.
    static func load(in directory: String) throws -> [UInt8] {
        let path = (directory as NSString).appendingPathComponent(name)
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            defer { close(descriptor) }
            let written = fresh.withUnsafeBytes { write(descriptor, $0.baseAddress, size) }
            guard written == size, fsync(descriptor) == 0 else {
                unlink(path)
                throw SealingKeyError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            return fresh
        }
        guard errno == EEXIST else { throw SealingKeyError(message: "cannot create \(path): \(String(cString: strerror(errno)))") }
        // Another process may be writing it this instant: wait briefly for its 32 bytes.
        for _ in 0..<50 {
            if let data = FileManager.default.contents(atPath: path), data.count == size { return [UInt8](data) }
            usleep(20_000)
        }
        throw SealingKeyError(message: "\(path) is not a \(size)-byte sealing key; restore it from a backup (runs sealed under it need it)")
    }
}

/// The sealing key could not be read or made.
struct SealingKeyError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
