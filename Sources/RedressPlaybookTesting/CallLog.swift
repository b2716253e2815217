import RedressPlaybook
import Synchronization

/// The handler calls one test case made, in order.
final class CallLog: Sendable {
    /// One call.
    struct Call: Sendable {
        var stepID: String
        var descriptor: HandlerDescriptor
        var idempotencyKey: String
        var parameters: [String: Value]
    }

    private let calls = Mutex<[Call]>([])
    private let counters = Mutex<[String: Int]>([:])

    func record(_ call: Call) { calls.withLock { $0.append(call) } }

    var all: [Call] { calls.withLock { $0 } }

    /// How many times `key` was called before (and counts this call).
    func nextIndex(for key: String) -> Int {
        counters.withLock { counters in
            let index = counters[key, default: 0]
            counters[key] = index + 1
            return index
        }
    }
}
