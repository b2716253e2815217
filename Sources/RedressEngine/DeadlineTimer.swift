import Dispatch
import Foundation
import HeapModule
import Synchronization

/// One thread that fires handler timeouts, instead of a Dispatch timer per call.
///
/// Every step whose handler can time out arms a timeout and, nearly always, cancels it a few
/// microseconds later. `DispatchQueue.asyncAfter` creates and activates a timer source per call
/// (measured: about half of a timed step's engine overhead); here arming is a heap insert under
/// a lock and cancelling a dictionary removal. Cancelled entries leave the heap when they reach
/// its top (without waking anyone for them) or when the heap is compacted.
///
/// Contract: an action runs at most once, on the timer's thread, no earlier than its deadline
/// and normally within a millisecond after it; `cancel` before it runs means it never runs.
/// Actions must be short (they only resolve a race and cancel a task).
final class DeadlineTimer: Sendable {
    /// The process's timer (its thread starts with the first timeout).
    static let shared = DeadlineTimer()

    init() {}

    private struct Entry: Comparable {
        let deadline: UInt64
        let id: UInt64

        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.deadline, lhs.id) < (rhs.deadline, rhs.id) }
    }

    private struct State {
        var heap = Heap<Entry>()
        var actions: [UInt64: @Sendable () -> Void] = [:]
        var nextID: UInt64 = 0
        var isRunning = false
        /// When the thread will wake on its own (`nil`: only when signalled).
        var sleepingUntil: UInt64?
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    /// Arms `action` to run `seconds` from now; returns the handle for `cancel`.
    func schedule(after seconds: Double, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, min(seconds, 86_400)) * 1_000_000_000)
        let (id, mustWake, mustStart) = state.withLock { state -> (UInt64, Bool, Bool) in
            let id = state.nextID
            state.nextID += 1
            state.heap.insert(Entry(deadline: deadline, id: id))
            state.actions[id] = action
            // Cancelled entries are mostly removed at the top; a long-lived entry on top can
            // hold many below it, so the heap is rebuilt when they outnumber the live ones.
            if state.heap.count > 1_024, state.heap.count > 4 * state.actions.count {
                let live = state.actions
                state.heap = Heap(state.heap.unordered.filter { live[$0.id] != nil })
            }
            let mustStart = !state.isRunning
            state.isRunning = true
            let mustWake = !mustStart && state.sleepingUntil.map { deadline < $0 } ?? true
            if mustWake { state.sleepingUntil = deadline }
            return (id, mustWake, mustStart)
        }
        if mustStart {
            let thread = Thread { [self] in loop() }
            thread.name = "redress.timeouts"
            thread.start()
        } else if mustWake {
            wakeUp.signal()
        }
        return id
    }

    /// Disarms the action armed with `id`, if it has not run.
    func cancel(_ id: UInt64) {
        _ = state.withLock { $0.actions.removeValue(forKey: id) }
    }

    private func loop() {
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            let (due, next) = state.withLock { state -> ([@Sendable () -> Void], UInt64?) in
                var due: [@Sendable () -> Void] = []
                while let top = state.heap.min {
                    if let action = state.actions[top.id] {
                        guard top.deadline <= now else { break }
                        due.append(action)
                        state.actions[top.id] = nil
                    }
                    _ = state.heap.popMin()
                }
                state.sleepingUntil = state.heap.min?.deadline
                return (due, state.sleepingUntil)
            }
            for action in due { action() }
            if let next {
                _ = wakeUp.wait(timeout: DispatchTime(uptimeNanoseconds: next))
            } else {
                wakeUp.wait()
            }
        }
    }
}
