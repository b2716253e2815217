/// What a configured identity may do. The CLI checks it today; the HTTP API and the console will
/// check the same roles against the same configuration.
package enum ActorRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Opens cases (a back office's detector, the app's backend): `handle`, `scan`,
    /// `POST /v1/cases`; and relays what the user typed (their code, their feedback), recorded
    /// as the user's signal delivered by this actor, as the app's backend does over the API.
    case ingest
    /// Runs the work: opens cases, runs and drives playbooks, delivers the user's signals (their
    /// code, their feedback) and operators' ones, cancels runs.
    case `operator`
    /// Decides reviews (four-eyes still applies: never a case they took part in).
    case reviewer
    /// Looks after the installation's configuration (the `config` commands and API to come); it
    /// runs no case and decides no review by being admin.
    case admin

    /// The actions the role allows.
    package var actions: Set<ActorAction> {
        switch self {
        case .ingest: return [.openCase, .deliverUserSignal]
        case .operator: return [.openCase, .drive, .deliverUserSignal, .deliverOperatorSignal, .cancel]
        case .reviewer: return [.decideReview]
        case .admin: return []
        }
    }

    package static func < (lhs: ActorRole, rhs: ActorRole) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Something an actor does that a role must allow.
package enum ActorAction: String, Sendable, Hashable, CaseIterable {
    /// Open a case for an order (`handle`, `scan`; `POST /v1/cases`).
    case openCase = "open a case"
    /// Run a playbook, drive due runs (`run`, `tick`, `resume` without a signal).
    case drive = "run or drive runs"
    /// Pass on a user's signal (their 2FA code, their feedback).
    case deliverUserSignal = "deliver a user's signal"
    /// Send an operator's signal (a `flow.await` go-ahead).
    case deliverOperatorSignal = "send an operator's signal"
    /// Decide a review.
    case decideReview = "decide a review"
    /// Cancel a run.
    case cancel = "cancel a run"
}
