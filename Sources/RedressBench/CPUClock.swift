#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process CPU time, so that the other core's load does not skew figures on a shared machine.
enum CPUClock {
    /// Seconds of CPU this process has used.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs `body` until at least `minimum` CPU seconds have passed; returns seconds per run.
    static func measure(minimum: Double = 1.0, _ body: () -> Void) -> Double {
        body()  // warm-up
        var runs = 0
        let start = now()
        var elapsed = 0.0
        repeat {
            body()
            runs += 1
            elapsed = now() - start
        } while elapsed < minimum
        return elapsed / Double(runs)
    }
}
