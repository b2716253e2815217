#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The poll loop of one running process (see `ProcessRunner` for the contract).
struct Session {
    let pid: pid_t
    let launch: ProcessLaunch
    private var stdin: Int32
    private var stdout: Int32
    private var stderr: Int32
    private let wake: Int32
    private var written = 0
    private var report = ProcessReport(termination: .exited(0))
    private var exitedAt: ContinuousClock.Instant?
    private var terminateSentAt: ContinuousClock.Instant?
    private var strayKilledAt: ContinuousClock.Instant?
    private var idlePoll = 1
    private let clock = ContinuousClock()

    init(pid: pid_t, launch: ProcessLaunch, stdin: Int32, stdout: Int32, stderr: Int32, wake: Int32) {
        self.pid = pid
        self.launch = launch
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.wake = wake
        for descriptor in [stdin, stdout, stderr] { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        if launch.input.isEmpty { closeInput() }
    }

    mutating func run() -> ProcessReport {
        while true {
            var fds: [pollfd] = []
            if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if stdout >= 0 { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            if terminateSentAt == nil { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), pollTimeout())
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdin { writeInput() }
                if entry.fd == stdout { readOutput() }
                if entry.fd == stderr { readErrors() }
                if entry.fd == wake { terminate() }
            }
            if ready == 0 { idlePoll = min(idlePoll * 2, 20) } else { idlePoll = 1 }
            if exitedAt == nil, hasExited() { exitedAt = clock.now }
            if isFinished() { break }
        }
        finish()
        return report
    }

    // MARK: Deadlines

    private func pollTimeout() -> Int32 {
        // Exit is noticed by polling waitid (a child's exit wakes no descriptor while a process
        // it started holds the pipes), starting at 1 ms so a quick plugin costs little.
        var milliseconds = exitedAt == nil ? idlePoll : 20
        if let terminateSentAt, exitedAt == nil { milliseconds = min(milliseconds, remaining(launch.terminationGrace, since: terminateSentAt)) }
        return Int32(max(0, milliseconds))
    }

    private func remaining(_ grace: Duration, since start: ContinuousClock.Instant) -> Int {
        let left = (start + grace) - clock.now
        return max(0, Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
    }

    private mutating func isFinished() -> Bool {
        if let terminateSentAt, exitedAt == nil, !report.neededKill, clock.now >= terminateSentAt + launch.terminationGrace {
            killGroup(SIGKILL)
            report.neededKill = true
        }
        guard let exitedAt else { return false }
        if stdout < 0 && stderr < 0 { return true }
        if strayKilledAt == nil, clock.now >= exitedAt + launch.strayOutputGrace {
            // Something the process started still holds its output: kill the group, then give
            // the pipes one more grace period to close before abandoning them.
            killGroup(SIGKILL)
            report.strayProcessesKilled = true
            strayKilledAt = clock.now
        }
        if let strayKilledAt, clock.now >= strayKilledAt + launch.strayOutputGrace { return true }
        return false
    }

    // MARK: I/O

    private mutating func writeInput() {
        let count = launch.input.withUnsafeBytes { buffer in
            write(stdin, buffer.baseAddress.map { $0 + written }, launch.input.count - written)
        }
        if count > 0 { written += count }
        if (count < 0 && errno != EAGAIN && errno != EINTR) || written == launch.input.count { closeInput() }
    }

    private mutating func closeInput() {
        closeDescriptor(stdin)
        stdin = -1
    }

    private mutating func readOutput() {
        let open = drain(stdout) { bytes in
            report.output += bytes
            if report.output.count > launch.outputLimit {
                report.output.removeSubrange(launch.outputLimit...)
                report.outputExceededLimit = true
                return false
            }
            return true
        }
        if !open {
            if report.outputExceededLimit { killGroup(SIGKILL) }
            closeDescriptor(stdout)
            stdout = -1
        }
    }

    private mutating func readErrors() {
        let open = drain(stderr) { bytes in
            let room = launch.errorLimit - report.errorOutput.count
            if bytes.count > room { report.errorOutputTruncated = true }
            report.errorOutput += bytes.prefix(max(0, room))
            return true
        }
        if !open {
            closeDescriptor(stderr)
            stderr = -1
        }
    }

    /// Reads what is available; `false` at end of file, on an error, or when `take` says stop.
    private func drain(_ descriptor: Int32, _ take: ([UInt8]) -> Bool) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if !take(Array(buffer[0..<count])) { return false }
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
            return false
        }
    }

    // MARK: Process

    private mutating func terminate() {
        guard terminateSentAt == nil else { return }
        report.wasCancelled = true
        terminateSentAt = clock.now
        killGroup(SIGTERM)
    }

    private func killGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// Whether the process has exited, without reaping it: while it is a zombie its id (and so
    /// its group's id) cannot be reused, which makes killing the group afterwards safe.
    private func hasExited() -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    private mutating func finish() {
        if exitedAt == nil {
            killGroup(SIGKILL)
            report.neededKill = report.neededKill || !report.wasCancelled
        }
        killGroup(SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        report.termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        for descriptor in [stdin, stdout, stderr] { closeDescriptor(descriptor) }
    }
}
