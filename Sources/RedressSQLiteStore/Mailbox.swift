import Dispatch
import Synchronization

/// Work handed to one consuming thread: producers `post`, the thread `take`s everything posted
/// so far, sleeping while there is nothing. The store's writer and log-sync threads both live on
/// one of these.
///
/// Contract: `take` returns every item posted before it, in order, at most once; after `close`
/// it still returns what was posted, then `nil`. A producer wakes the thread only when the
/// mailbox was empty, so a busy thread costs its producers no system call.
final class Mailbox<Item: Sendable>: Sendable {
    private struct Contents {
        var items: [Item] = []
        var isClosed = false
    }

    private let contents = Mutex(Contents())
    private let wakeUp = DispatchSemaphore(value: 0)

    /// Adds `items` for the thread.
    func post(_ items: [Item]) {
        let wasEmpty = contents.withLock { contents in
            let wasEmpty = contents.items.isEmpty
            contents.items += items
            return wasEmpty
        }
        if wasEmpty { wakeUp.signal() }
    }

    /// Adds one item for the thread.
    func post(_ item: Item) {
        post([item])
    }

    /// Everything posted so far, waiting for at least one item; `nil` once closed and drained.
    func take() -> [Item]? {
        while true {
            let (items, closed) = contents.withLock { contents in
                defer { contents.items = [] }
                return (contents.items, contents.isClosed)
            }
            if !items.isEmpty { return items }
            if closed { return nil }
            wakeUp.wait()
        }
    }

    /// Lets the thread finish once it has taken what is left.
    func close() {
        contents.withLock { $0.isClosed = true }
        wakeUp.signal()
    }
}
