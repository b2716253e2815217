#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a secret (an OTP the user typed) from standard input instead of the command line, where
/// it would show in `ps`, shell history and logs. On a terminal it prompts on stderr and turns
/// echo off while the line is typed; from a pipe it reads one line. At most 4 KiB.
enum SecretInput {
    static let limit = 4_096

    static func read(prompt: String) throws -> String {
        let terminal = isatty(0) == 1
        var saved = termios()
        if terminal {
            FileOutput.standardError.write(prompt)
            tcgetattr(0, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &quiet)
        }
        defer {
            if terminal {
                tcsetattr(0, TCSAFLUSH, &saved)
                FileOutput.standardError.write("\n")
            }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count <= limit {
            let count = systemRead(&byte)
            if count < 0, errno == EINTR { continue }
            guard count == 1, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count <= limit else {
            FileOutput.standardError.write("redress: error: a signal value read from standard input is longer than \(limit) bytes\n")
            throw ExitStatus.usage
        }
        guard !bytes.isEmpty else {
            FileOutput.standardError.write("redress: error: no value on standard input for a signal given as name=-\n")
            throw ExitStatus.usage
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One byte from standard input (the C `read`, which `SecretInput.read` would shadow).
private func systemRead(_ byte: inout UInt8) -> Int {
    read(0, &byte, 1)
}
