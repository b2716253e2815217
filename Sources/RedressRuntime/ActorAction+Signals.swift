import RedressPluginAPI

extension ActorAction {
    /// What delivering a signal to a step waiting for `audience` is, for the role check: a
    /// user's code or feedback, a review decision, or an operator's signal.
    package static func delivering(to audience: SignalAudience) -> ActorAction {
        switch audience {
        case .user: return .deliverUserSignal
        case .reviewer: return .decideReview
        case .operator: return .deliverOperatorSignal
        }
    }
}
