import Foundation

/// A throwaway PostgreSQL cluster for one test: `initdb` into a temporary folder (as the
/// `postgres` user when the tests run as root, which `initdb` refuses to be), started by
/// `pg_ctl` on a free loopback port with its socket in that folder, stopped and deleted by `stop`.
package final class PostgresServer: Sendable {
    /// `postgres://redress@127.0.0.1:PORT/` (no password: trust on loopback only).
    package let baseURL: String
    private let folder: String
    private let binaries: String
    private let port: Int

    /// The folder of `initdb` and `pg_ctl`, if PostgreSQL is installed.
    package static let binaryFolder: String? = {
        let fixed = ["/usr/local/bin", "/usr/bin"]
        let versioned = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        return (versioned + fixed).first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") && FileManager.default.isExecutableFile(atPath: "\($0)/pg_ctl") }
    }()

    /// Whether a server can be started here.
    package static var isInstalled: Bool { binaryFolder != nil }

    /// Starts a new cluster; throws with initdb's or pg_ctl's output when it cannot.
    package init() throws {
        guard let binaries = Self.binaryFolder else { throw Failure("PostgreSQL is not installed (no initdb)") }
        self.binaries = binaries
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("redress-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { _ = try Self.run("/bin/chown", ["postgres:postgres", folder]) }
        let data = folder + "/data"
        try Self.run(binaries + "/initdb", ["-D", data, "-U", "redress", "-A", "trust", "--no-sync", "-E", "UTF8"], asPostgres: asRoot)
        var chosen = 0
        for _ in 0..<20 {
            let candidate = Int.random(in: 20_000...45_000)
            let options = "-p \(candidate) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
            // The server must not inherit any descriptor of this process: Foundation's `Process`
            // learns that a child ended when its descriptors close, so a server holding one
            // would make this wait forever. The shell (bash: dash cannot name descriptors above 9) closes everything above 2 and sends
            // pg_ctl's output to /dev/null before starting it.
            let start = [binaries + "/pg_ctl", "-D", data, "-o", "'\(options)'", "-l", folder + "/server.log", "-w", "-t", "30", "start"]
            let command = Self.closeInherited + (asRoot ? "exec /usr/sbin/runuser -u postgres -- " : "exec ") + start.joined(separator: " ") + " > /dev/null 2>&1 < /dev/null"
            if (try? Self.run("/bin/bash", ["-c", command])) != nil {
                chosen = candidate
                break
            }
        }
        port = chosen
        guard port != 0 else { throw Failure("pg_ctl could not start a server: \((try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "")") }
        baseURL = "postgres://redress@127.0.0.1:\(port)/"
    }

    /// Creates a database (with the server's own `createdb`) and returns its URL.
    package func createDatabase(_ name: String) throws -> String {
        try Self.run(binaries + "/createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "redress", name])
        return baseURL + name
    }

    /// Restarts the server (fast shutdown: open connections are cut), with the options it was
    /// started with.
    package func restart() throws {
        let asRoot = getuid() == 0
        let command = Self.closeInherited + (asRoot ? "exec /usr/sbin/runuser -u postgres -- " : "exec ")
            + [binaries + "/pg_ctl", "-D", folder + "/data", "-l", folder + "/server.log", "-m", "fast", "-w", "-t", "30", "restart"].joined(separator: " ")
            + " > /dev/null 2>&1 < /dev/null"
        try Self.run("/bin/bash", ["-c", command])
    }

    /// Stops the server at once and deletes its folder.
    package func stop() {
        _ = try? Self.run(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"], asPostgres: getuid() == 0)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A bash prefix that closes every inherited descriptor above 2 (see `init`).
    static let closeInherited = "for fd in $(ls /proc/$$/fd); do if [ \"$fd\" -gt 2 ]; then eval \"exec $fd>&-\"; fi; done 2>/dev/null; "

    /// Runs a program (through `runuser -u postgres` when asked) and returns its output; a
    /// non-zero exit throws with it.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let process = Process()
        if asPostgres {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure("\(program) exited \(process.terminationStatus): \(output)") }
        return output
    }

    /// Why a server could not be used.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
