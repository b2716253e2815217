import RedressDiagnostics

/// One step of a playbook: which handler, with what, when, and where each outcome leads.
package struct Step: Sendable, Hashable {
    /// The unique id (`check`, `refund`).
    package var id: Located<String>
    /// The handler's name (`wallet.refund`).
    package var uses: Located<String>
    /// Parameters, in written order, keyed by name.
    package var with: [ParameterBinding]
    /// Run only when this is true (otherwise the outcome is `skipped`).
    package var when: Condition?
    /// Longest the handler may take per attempt.
    package var timeout: Located<PlaybookDuration>?
    /// How errors are retried.
    package var retry: RetryPolicy?
    /// Outcome → target, in written order.
    package var routes: [Route]
    /// What must hold before the handler is called.
    package var requires: [Requirement]
    /// What the step is for, for people.
    package var summary: String?
    /// Where the step's mapping starts.
    package var mark: SourceMark
    /// Whether it is in `finally:`.
    package var isFinally: Bool

    /// Creates a step.
    package init(
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
    package func route(for outcome: String) -> Route? { routes.first { $0.outcome.value == outcome } }
}

/// One `name: value` under `with:`.
package struct ParameterBinding: Sendable, Hashable {
    /// The parameter's name as written.
    package var name: Located<String>
    /// Its value as written.
    package var value: ParameterValue

    /// Creates a binding.
    package init(name: Located<String>, value: ParameterValue) {
        self.name = name
        self.value = value
    }
}

/// One `outcome: target` under `on:`.
package struct Route: Sendable, Hashable {
    /// The outcome as written.
    package var outcome: Located<String>
    /// Where it leads.
    package var target: Located<RouteTarget>

    /// Creates a route.
    package init(outcome: Located<String>, target: Located<RouteTarget>) {
        self.outcome = outcome
        self.target = target
    }
}
