#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CProcessSpawn
import Synchronization

/// Wakes a process runner's `poll` from another thread when its step is cancelled (the step's
/// timeout, or the run being stopped).
///
/// Contract: `cancel()` may be called any number of times from any thread, before, during or
/// after the run; after `close()` it does nothing, so it can never write into a reused file
/// descriptor.
final class CancellationSignal: Sendable {
    private struct State {
        var readEnd: Int32
        var writeEnd: Int32
        var isClosed = false
        var isCancelled = false
    }

    private let state: Mutex<State>

    /// The end `poll` watches.
    let readEnd: Int32

    init() throws(ProcessRunnerError) {
        var fds: [Int32] = [-1, -1]
        guard redress_pipe_cloexec(&fds) == 0 else { throw .cannotStart("cannot create a pipe: \(String(cString: strerror(errno)))") }
        readEnd = fds[0]
        state = Mutex(State(readEnd: fds[0], writeEnd: fds[1]))
    }

    /// Asks the runner to stop the process.
    func cancel() {
        state.withLock { state in
            guard !state.isClosed, !state.isCancelled else { return }
            state.isCancelled = true
            var byte: UInt8 = 1
            _ = write(state.writeEnd, &byte, 1)
        }
    }

    /// Releases the pipe (once the runner is done with it).
    func close() {
        state.withLock { state in
            guard !state.isClosed else { return }
            state.isClosed = true
            closeDescriptor(state.readEnd)
            closeDescriptor(state.writeEnd)
        }
    }
}
