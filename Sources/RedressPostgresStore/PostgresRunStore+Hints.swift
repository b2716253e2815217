import Foundation
import Logging
import PostgresNIO
import RedressEngine

/// Wake-up hints over LISTEN/NOTIFY. The store notifies `redress_due` after it stores a run or
/// parks one with a timer; a worker listens on one connection of its own and polls sooner when
/// told. Never more than a hint: a notification sent while no connection listens is lost, and
/// the claims themselves use plain SQL (so a server without NOTIFY, such as CockroachDB, loses
/// only the early wake-up: the notify's error is ignored).
extension PostgresRunStore: DueRunHints {
    /// The channel.
    static let dueChannel = "redress_due"

    package func dueRunHints() -> AsyncStream<Void> {
        AsyncStream { continuation in
            let listening = Task {
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { connection in
                            try await connection.listen(on: Self.dueChannel) { notifications in
                                for try await _ in notifications { continuation.yield() }
                            }
                        }
                    } catch {
                        // The connection dropped (a restart): listen again after a pause, and
                        // hint once, since a notification may have been missed meanwhile.
                        try? await Task.sleep(for: .seconds(1))
                        continuation.yield()
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in listening.cancel() }
        }
    }

    /// Tells listening workers that runs may be due (after the write that made them so committed).
    func hintDue() async {
        _ = try? await client.query("SELECT pg_notify('redress_due', '')", logger: logger)
    }
}
