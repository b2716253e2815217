import RedressDiagnostics

/// One step of a playbook: which handler, with what, when, and where each outcome leads.
public struct Step: Sendable, Hashable {
    /// The unique id (`check`, `refund`).
    public var id: Located<String>
    /// The handler's name (`wallet.refund`).
    public var uses: Located<String>
    /// Parameters, in written order, keyed by name.
    public var with: [ParameterBinding]
    /// Run only when this is true (otherwise the outcome is `skipped`).
    public var when: Condition?
    /// Longest the handler may take per attempt.
    public var timeout: Located<PlaybookDuration>?
    /// How errors are retried.
    public var retry: RetryPolicy?
    /// Outcome → target, in written order.
    public var routes: [Route]
    /// What must hold before the handler is called.
    public var requires: [Requirement]
    /// What the step is for, for people.
    public var summary: String?
    /// Where the step's mapping starts.
    public var mark: SourceMark
    /// Whether it is in `finally:`.
    public var isFinally: Bool

    /// Creates a step.
    public init(
        id: Located<String>, uses: Located<String>, with: [ParameterBinding], when: Condition?, timeout: Located<PlaybookDuration>?,
        retry: RetryPolicy?, routes: [Route], requires: [Requirement], summary: String?, mark: SourceMark, isFinally: Bool
    ) {
        self.id = id
        self.uses = uses
        self.with = with
        self.when = when
        self.timeout = timeout
        self.retry = retry
        self.routes = routes
        self.requires = requires
        self.summary = summary
        self.mark = mark
        self.isFinally = isFinally
    }

    /// The route written for `outcome`, if any.
    public func route(for outcome: String) -> Route? { routes.first { $0.outcome.value == outcome } }
}

/// One `name: value` under `with:`.
public struct ParameterBinding: Sendable, Hashable {
    /// The parameter's name as written.
    public var name: Located<String>
    /// Its value as written.
    public var value: ParameterValue

    /// Creates a binding.
    public init(name: Located<String>, value: ParameterValue) {
        self.name = name
        self.value = value
    }
}

/// One `outcome: target` under `on:`.
public struct Route: Sendable, Hashable {
    /// The outcome as written.
    public var outcome: Located<String>
    /// Where it leads.
    public var target: Located<RouteTarget>

    /// Creates a route.
    public init(outcome: Located<String>, target: Located<RouteTarget>) {
        self.outcome = outcome
        self.target = target
    }
}
