import Foundation
import Logging
import RedressPlaybook
import RedressPluginAPI

/// Tunables of one engine process.
public struct EngineConfiguration: Sendable {
    /// This process's name in leases (`host:pid` by default).
    public var owner: String
    /// How long a claim on a run lasts; every commit renews it, and a call that could outlast it
    /// renews it every third of it (a heartbeat), so a live slow step is never taken over.
    public var leaseDuration: TimeInterval = 300
    /// Timeout for steps whose playbook and handler set none.
    public var defaultTimeout = PlaybookDuration.seconds(30)
    /// Timers and backoffs at most this long are slept through in-process; longer ones park the
    /// run (status `waiting`) for `redress tick` or a worker to pick up.
    public var inlineWaitLimit: TimeInterval = 5
    /// Full jitter: a delay drawn from `0...ceiling` (seconds). Tests pass a fixed function.
    public var jitter: @Sendable (Double) -> Double = { Double.random(in: 0...max(0, $0)) }
    /// Where handlers and the engine log.
    public var logger = Logger(label: "redress")
    /// Set it to make this process's drives stop at their next safe point (SIGINT, SIGTERM).
    public var stop = StopRequest()
    /// The 32-byte key that seals secret handler outputs (identity proofs) in stored runs
    /// (`SystemRandomNumberGenerator` by default). Every process driving the
    /// same runs needs the same key (the CLI keeps one in the state directory); the default, a
    /// fresh random key, suits a run that lives in one process (tests, dry runs).
    public var sealingKey: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    /// Who owns an order, asked before every money-moving call; without one, money never moves.
    public var owners: (any OrderOwnerLookup)?

    /// Creates a configuration for `owner`.
    public init(owner: String = EngineConfiguration.defaultOwner) {
        self.owner = owner
    }

    /// `hostname:pid`.
    public static var defaultOwner: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
