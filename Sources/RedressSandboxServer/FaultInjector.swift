import Foundation
import Synchronization

/// The faults' counters, shared by every connection of one server.
final class FaultInjector: Sendable {
    /// The faults to inject.
    let faults: SandboxFaults
    private let counters = Mutex<(failed: Int, dropped: Int)>((0, 0))

    init(_ faults: SandboxFaults) { self.faults = faults }

    /// Whether this effectful request is answered 503 before it is applied.
    func failsBeforeApplying() -> Bool {
        counters.withLock { counters in
            if counters.failed < faults.failFirst {
                counters.failed += 1
                return true
            }
            return faults.errorRate > 0 && Double.random(in: 0..<1) < faults.errorRate
        }
    }

    /// Whether the connection of this applied request is dropped before the answer.
    func dropsAfterApplying(path: String) -> Bool {
        guard let pattern = faults.dropAfterApply, path.contains(pattern) else { return false }
        return counters.withLock { counters in
            guard counters.dropped < faults.dropCount else { return false }
            counters.dropped += 1
            return true
        }
    }
}
