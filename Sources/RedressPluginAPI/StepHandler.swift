import RedressPlaybook

/// A step handler: the code behind `uses: namespace.name` in a playbook.
///
/// This is the contract between the engine and a plugin.
///
/// # Implementation requirements
///
/// - A handler is a `Sendable` value (usually a `struct`) holding only what it needs to reach
///   the world (a wallet gateway, a clock). The engine may call it from any task, and may call
///   several runs' steps at once.
/// - `descriptor` is constant: the validator checks playbooks against it offline and the engine
///   checks rendered parameters against the same specs before each call, so `run` receives
///   parameters that already have their declared types, ranges and patterns.
/// - `run` must honour `context.idempotencyKey` when the descriptor says `isIdempotent`: a second
///   call with the same key must not repeat the effect and must return the first call's result
///   (the engine calls again with the same key after a crash or a retry). The same key with
///   different parameters is an error (`StepError(.fatal)`). A handler that cannot tell whether
///   its effect happened throws `StepError(.ambiguous)`; the engine then parks the run as
///   `needs_reconciliation` instead of trying again.
/// - `run` throws `StepError(.retryable)` for failures worth another attempt (the step's `retry`
///   policy decides) and `StepError(.fatal)` for the rest. It should check `Task.isCancelled`
///   in long operations: the engine cancels it at the step's timeout and discards a late result.
/// - To wait for a person or for time, `run` returns `.waiting(...)`. The engine parks the run
///   (holding no memory for it) and calls `run` again with `context.signal` set when the signal
///   arrives; when the deadline passes the step ends in the wait's deadline outcome without a
///   call.
/// - A handler whose policy says `isInstant` (pure computation, no I/O) is called inline with no
///   timeout; it must return promptly. Every other handler runs in its own task under the step's
///   timeout.
/// - `dryRun` performs no side effect at all and returns a plausible outcome and output, so
///   `redress run --dry-run` can walk a playbook's path.
/// - Secrets (codes, seeds, tokens) must never be logged; parameters whose spec says `isSecret`
///   are redacted by the engine before they reach the journal, the audit trail or a log.
public protocol StepHandler: Sendable {
    /// The handler's name, parameters, outputs, outcomes and policy.
    var descriptor: HandlerDescriptor { get }

    /// What the step would do, without doing it.
    func dryRun(_ context: StepContext) async -> StepResult

    /// Does the step's work.
    func run(_ context: StepContext) async throws -> StepResult
}
