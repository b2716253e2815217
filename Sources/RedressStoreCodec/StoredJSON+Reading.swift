import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI

/// Reading run states back: every drive loads one, and `JSONDecoder` took 56 µs for a finished
/// 6-step run, more than the rest of the load and the steps together.
///
/// Contract: `decodeRunState(d)` equals `JSONDecoder().decode(RunState.self, from: d)` for every
/// document `StoredJSON.encode` or `JSONEncoder` writes for a `RunState`; a document that is not
/// one throws `StoredJSONReader.Failure` (never traps). Unknown keys are skipped, as
/// `JSONDecoder` does; properties with a default may be missing.
extension StoredJSON {
    /// The run state in `data`.
    package static func decodeRunState(_ data: Data) throws -> RunState {
        var reader = StoredJSONReader(data)
        let run = try readRunState(&reader)
        try reader.end()
        return run
    }

    private static func readRunState(_ reader: inout StoredJSONReader) throws -> RunState {
        var id: String?
        var playbookID: String?
        var playbookHash: String?
        var playbookText: String?
        var playbookPath: String?
        var inputs: [String: Value]?
        var status: RunStatus?
        var createdAt: Date?
        var updatedAt: Date?
        var rest = RunState(id: "", playbookID: "", playbookHash: "", playbookText: "", playbookPath: "", inputs: [:], createdAt: Date())
        try reader.object { reader, key in
            switch key {
            case "id": id = try reader.string()
            case "playbookID": playbookID = try reader.string()
            case "playbookHash": playbookHash = try reader.string()
            case "playbookText": playbookText = try reader.string()
            case "playbookPath": playbookPath = try reader.string()
            case "inputs": inputs = try readFields(&reader)
            case "status": status = try readEnum(&reader, RunStatus.self)
            case "resolution": rest.resolution = try reader.consumeNull() ? nil : reader.string()
            case "createdAt": createdAt = try readDate(&reader)
            case "updatedAt": updatedAt = try readDate(&reader)
            case "phase": rest.phase = try readEnum(&reader, RunState.Phase.self)
            case "cursor": rest.cursor = try reader.integer()
            case "endedAs": rest.endedAs = try reader.consumeNull() ? nil : readEnum(&reader, RunStatus.self)
            case "steps":
                var steps: [String: StepState] = [:]
                try reader.object { reader, id in steps[id] = try readStepState(&reader) }
                rest.steps = steps
            case "current": rest.current = try reader.consumeNull() ? nil : readCurrentStep(&reader)
            case "identityVerified": rest.identityVerified = try reader.bool()
            case "sla": rest.sla = try readSLA(&reader)
            case "history":
                var history: [StepRecord] = []
                try reader.array { reader in history.append(try readStepRecord(&reader)) }
                rest.history = history
            case "wakeAt": rest.wakeAt = try reader.consumeNull() ? nil : readDate(&reader)
            case "caseKey": rest.caseKey = try reader.consumeNull() ? nil : reader.string()
            case "anomaly": rest.anomaly = try reader.consumeNull() ? nil : reader.string()
            case "caseSequence": rest.caseSequence = try reader.integer()
            case "escalatedAt": rest.escalatedAt = try reader.consumeNull() ? nil : reader.string()
            case "participants":
                var names: [String] = []
                try reader.array { reader in names.append(try reader.string()) }
                rest.participants = names
            case "proofs":
                var proofs: [ProofRecord] = []
                try reader.array { reader in proofs.append(try readProof(&reader)) }
                rest.proofs = proofs
            case "auditHead": rest.auditHead = try reader.consumeNull() ? nil : readAuditHead(&reader)
            default: try reader.skipValue()
            }
        }
        guard let id, let playbookID, let playbookHash, let playbookText, let playbookPath, let inputs, let status, let createdAt, let updatedAt
        else { throw StoredJSONReader.Failure(offset: 0, message: "a run state misses a required field") }
        rest.id = id
        rest.playbookID = playbookID
        rest.playbookHash = playbookHash
        rest.playbookText = playbookText
        rest.playbookPath = playbookPath
        rest.inputs = inputs
        rest.status = status
        rest.createdAt = createdAt
        rest.updatedAt = updatedAt
        return rest
    }

    private static func readProof(_ reader: inout StoredJSONReader) throws -> ProofRecord {
        var record = ProofRecord(digest: "", user: "", order: "", issuedBy: "", expiresAt: Date(timeIntervalSinceReferenceDate: 0))
        try reader.object { reader, key in
            switch key {
            case "digest": record.digest = try reader.string()
            case "user": record.user = try reader.string()
            case "order": record.order = try reader.string()
            case "issuedBy": record.issuedBy = try reader.string()
            case "expiresAt": record.expiresAt = try readDate(&reader)
            case "usedBy": record.usedBy = try reader.consumeNull() ? nil : reader.string()
            default: try reader.skipValue()
            }
        }
        return record
    }

    private static func readStepState(_ reader: inout StoredJSONReader) throws -> StepState {
        var state = StepState()
        try reader.object { reader, key in
            switch key {
            case "outcome": state.outcome = try reader.consumeNull() ? nil : reader.string()
            case "output": state.output = try reader.consumeNull() ? nil : readFields(&reader)
            case "attempts": state.attempts = try reader.integer()
            case "visits": state.visits = try reader.integer()
            default: try reader.skipValue()
            }
        }
        return state
    }

    private static func readCurrentStep(_ reader: inout StoredJSONReader) throws -> CurrentStep {
        var stepID: String?
        var visit: Int?
        var attempt: Int?
        var firstAttemptAt: Date?
        var startedAt: Date?
        var current = CurrentStep(stepID: "", visit: 0, startedAt: Date())
        try reader.object { reader, key in
            switch key {
            case "stepID": stepID = try reader.string()
            case "visit": visit = try reader.integer()
            case "attempt": attempt = try reader.integer()
            case "firstAttemptAt": firstAttemptAt = try readDate(&reader)
            case "startedAt": startedAt = try readDate(&reader)
            case "inFlight": current.inFlight = try reader.bool()
            case "wait": current.wait = try reader.consumeNull() ? nil : readWait(&reader)
            case "retryAt": current.retryAt = try reader.consumeNull() ? nil : readDate(&reader)
            case "lastError": current.lastError = try reader.consumeNull() ? nil : reader.string()
            case "waitingSince": current.waitingSince = try reader.consumeNull() ? nil : readDate(&reader)
            case "waited": current.waited = try reader.double()
            default: try reader.skipValue()
            }
        }
        guard let stepID, let visit, let attempt, let firstAttemptAt, let startedAt else {
            throw StoredJSONReader.Failure(offset: 0, message: "a current step misses a required field")
        }
        current.stepID = stepID
        current.visit = visit
        current.attempt = attempt
        current.firstAttemptAt = firstAttemptAt
        current.startedAt = startedAt
        return current
    }

    private static func readWait(_ reader: inout StoredJSONReader) throws -> WaitRequest {
        var deadline: Date?
        var deadlineOutcome: String?
        var wait = WaitRequest(signal: nil, deadline: Date(), deadlineOutcome: "")
        try reader.object { reader, key in
            switch key {
            case "signal": wait.signal = try reader.consumeNull() ? nil : reader.string()
            case "deadline": deadline = try readDate(&reader)
            case "deadlineOutcome": deadlineOutcome = try reader.string()
            case "deadlineOutput": wait.deadlineOutput = try readFields(&reader)
            case "isSecret": wait.isSecret = try reader.bool()
            case "memo": wait.memo = try readFields(&reader)
            case "callsBackAtDeadline": wait.callsBackAtDeadline = try reader.bool()
            // An audience this build does not know is read as the strictest (a reviewer's).
            case "audience": wait.audience = SignalAudience(rawValue: try reader.string()) ?? .reviewer
            case "subject": wait.subject = try reader.consumeNull() ? nil : reader.string()
            default: try reader.skipValue()
            }
        }
        guard let deadline, let deadlineOutcome else { throw StoredJSONReader.Failure(offset: 0, message: "a wait misses a required field") }
        wait.deadline = deadline
        wait.deadlineOutcome = deadlineOutcome
        return wait
    }

    private static func readSLA(_ reader: inout StoredJSONReader) throws -> SLAState {
        var sla = SLAState()
        try reader.object { reader, key in
            switch key {
            case "respondBy": sla.respondBy = try reader.consumeNull() ? nil : readDate(&reader)
            case "resolveBy": sla.resolveBy = try reader.consumeNull() ? nil : readDate(&reader)
            case "respondedAt": sla.respondedAt = try reader.consumeNull() ? nil : readDate(&reader)
            case "breached":
                var breached: [String] = []
                try reader.array { reader in breached.append(try reader.string()) }
                sla.breached = breached
            case "breachHandled": sla.breachHandled = try reader.bool()
            default: try reader.skipValue()
            }
        }
        return sla
    }

    private static func readStepRecord(_ reader: inout StoredJSONReader) throws -> StepRecord {
        var stepID: String?
        var handler: String?
        var outcome: String?
        var routedTo: String?
        var attempts: Int?
        var startedAt: Date?
        var endedAt: Date?
        var detail: String?
        var waited: TimeInterval = 0
        try reader.object { reader, key in
            switch key {
            case "waited": waited = try reader.double()
            case "stepID": stepID = try reader.string()
            case "handler": handler = try reader.string()
            case "outcome": outcome = try reader.string()
            case "routedTo": routedTo = try reader.string()
            case "attempts": attempts = try reader.integer()
            case "startedAt": startedAt = try readDate(&reader)
            case "endedAt": endedAt = try readDate(&reader)
            case "detail": detail = try reader.consumeNull() ? nil : reader.string()
            default: try reader.skipValue()
            }
        }
        guard let stepID, let handler, let outcome, let routedTo, let attempts, let startedAt, let endedAt
        else { throw StoredJSONReader.Failure(offset: 0, message: "a step record misses a required field") }
        return StepRecord(
            stepID: stepID, handler: handler, outcome: outcome, attempts: attempts, startedAt: startedAt, endedAt: endedAt, routedTo: routedTo,
            detail: detail, waited: waited)
    }

    private static func readAuditHead(_ reader: inout StoredJSONReader) throws -> AuditHead {
        var sequence: Int?
        var hash: String?
        try reader.object { reader, key in
            switch key {
            case "sequence": sequence = try reader.integer()
            case "hash": hash = try reader.string()
            default: try reader.skipValue()
            }
        }
        guard let sequence, let hash else { throw StoredJSONReader.Failure(offset: 0, message: "an audit head misses a required field") }
        return AuditHead(sequence: sequence, hash: hash)
    }

    // MARK: Values

    static func readFields(_ reader: inout StoredJSONReader) throws -> [String: Value] {
        var fields: [String: Value] = [:]
        try reader.object { reader, key in fields[key] = try readValue(&reader) }
        return fields
    }

    /// A value in `Value`'s tagged form; the first tag counts, as in `Value.init(from:)`.
    static func readValue(_ reader: inout StoredJSONReader) throws -> Value {
        var value: Value?
        try reader.object { reader, tag in
            guard value == nil else { return try reader.skipValue() }
            switch tag {
            case "n":
                try reader.null()
                value = .null
            case "b": value = .bool(try reader.bool())
            case "i": value = .integer(try reader.integer())
            case "d":
                let text = try reader.string()
                guard let decimal = ValueCoercion.decimal(text) else { throw StoredJSONReader.Failure(offset: 0, message: "bad decimal \(text)") }
                value = .decimal(decimal)
            case "s": value = .string(try reader.string())
            case "ms":
                let milliseconds = try reader.integer()
                value = .duration(PlaybookDuration(milliseconds: Int64(milliseconds)))
            case "t": value = .timestamp(Date(timeIntervalSince1970: try reader.double()))
            case "l":
                var items: [Value] = []
                try reader.array { reader in items.append(try readValue(&reader)) }
                value = .list(items)
            case "o": value = .object(try readFields(&reader))
            default: try reader.skipValue()
            }
        }
        guard let value else { throw StoredJSONReader.Failure(offset: 0, message: "a value needs a type tag") }
        return value
    }

    static func readDate(_ reader: inout StoredJSONReader) throws -> Date {
        Date(timeIntervalSinceReferenceDate: try reader.double())
    }

    private static func readEnum<T: RawRepresentable>(_ reader: inout StoredJSONReader, _ type: T.Type) throws -> T where T.RawValue == String {
        let text = try reader.string()
        guard let value = T(rawValue: text) else { throw StoredJSONReader.Failure(offset: 0, message: "unknown \(T.self) '\(text)'") }
        return value
    }
}
