import NIOCore
import Synchronization

/// Tells whether a request's body began to be written: an error before that means the back
/// office cannot have seen the request (safe to retry); after it, the effect may have happened.
final class SendMarker: Sendable {
    private let started = Atomic<Bool>(false)

    /// Whether the request was (at least partly) sent.
    var wasSent: Bool { started.load(ordering: .acquiring) }

    /// Notes that the client asked for the body: the head is on its way.
    func markSent() { started.store(true, ordering: .releasing) }

    /// The body `bytes`, marking this marker when the client first reads it.
    func body(_ bytes: [UInt8]) -> MarkedBody { MarkedBody(bytes: bytes, marker: self) }
}

/// A one-piece request body that marks its `SendMarker` when the client pulls it.
struct MarkedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let bytes: [UInt8]
    let marker: SendMarker

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes, marker: marker) }

    /// Yields the body once.
    struct Iterator: AsyncIteratorProtocol {
        var bytes: [UInt8]?
        let marker: SendMarker

        mutating func next() async -> ByteBuffer? {
            guard let pending = bytes else { return nil }
            bytes = nil
            marker.markSent()
            return ByteBuffer(bytes: pending)
        }
    }
}
