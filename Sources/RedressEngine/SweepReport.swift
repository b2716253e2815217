/// What one `Engine.sweep` did: the runs it drove and the runs that failed.
public struct SweepReport: Sendable {
    /// A due run that could not be driven.
    public struct Failure: Sendable {
        /// The run.
        public var runID: String
        /// Why (an `EngineError` or `RunStoreError` for the operator).
        public var error: any Error
    }

    /// The runs driven, in their new state, in the order they finished.
    public var touched: [RunState] = []
    /// The runs that failed, in the order they failed.
    public var failures: [Failure] = []
    /// How many runs the sweep claimed (driven, failed, or lost to another process).
    public var claimed = 0

    /// An empty report.
    public init() {}
}
