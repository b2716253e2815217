import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI

/// The run state, written by hand in the document `JSONEncoder` writes for `RunState` (every
/// stored property by its name, `nil` optionals left out, dates as seconds since 2001): the
/// store writes it on every commit, and `JSONEncoder` took about half of a commit's CPU.
///
/// Contract: as for the other `StoredJSON` writers. A test decodes a state with every optional
/// set from both writers and compares, and counts `RunState`'s stored properties, so a new
/// property that is not written here fails the build's tests.
extension StoredJSON {
    /// A run state as JSON bytes.
    package static func encode(_ run: RunState) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(2_048)
        var object = ObjectWriter(into: &out)
        object.string("id", run.id, &out)
        object.string("playbookID", run.playbookID, &out)
        object.string("playbookHash", run.playbookHash, &out)
        object.string("playbookText", run.playbookText, &out)
        object.string("playbookPath", run.playbookPath, &out)
        object.key("inputs", &out)
        StoredJSON.object(run.inputs, into: &out)
        object.string("status", run.status.rawValue, &out)
        if let resolution = run.resolution { object.string("resolution", resolution, &out) }
        object.date("createdAt", run.createdAt, &out)
        object.date("updatedAt", run.updatedAt, &out)
        object.string("phase", run.phase.rawValue, &out)
        object.integer("cursor", run.cursor, &out)
        if let endedAs = run.endedAs { object.string("endedAs", endedAs.rawValue, &out) }
        object.key("steps", &out)
        var steps = ObjectWriter(into: &out)
        for (id, step) in run.steps {
            steps.key(id, &out)
            write(step, &out)
        }
        steps.close(&out)
        if let current = run.current {
            object.key("current", &out)
            write(current, &out)
        }
        object.bool("identityVerified", run.identityVerified, &out)
        object.key("sla", &out)
        write(run.sla, &out)
        object.key("history", &out)
        out.append(UInt8(ascii: "["))
        for (index, record) in run.history.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(record, &out)
        }
        out.append(UInt8(ascii: "]"))
        if let wakeAt = run.wakeAt { object.date("wakeAt", wakeAt, &out) }
        if let caseKey = run.caseKey { object.string("caseKey", caseKey, &out) }
        if let anomaly = run.anomaly { object.string("anomaly", anomaly, &out) }
        object.integer("caseSequence", run.caseSequence, &out)
        if let escalatedAt = run.escalatedAt { object.string("escalatedAt", escalatedAt, &out) }
        object.strings("participants", run.participants, &out)
        object.key("proofs", &out)
        out.append(UInt8(ascii: "["))
        for (index, proof) in run.proofs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            var fields = ObjectWriter(into: &out)
            fields.string("digest", proof.digest, &out)
            fields.string("user", proof.user, &out)
            fields.string("order", proof.order, &out)
            fields.string("issuedBy", proof.issuedBy, &out)
            fields.date("expiresAt", proof.expiresAt, &out)
            if let usedBy = proof.usedBy { fields.string("usedBy", usedBy, &out) }
            fields.close(&out)
        }
        out.append(UInt8(ascii: "]"))
        if let head = run.auditHead {
            object.key("auditHead", &out)
            var fields = ObjectWriter(into: &out)
            fields.integer("sequence", head.sequence, &out)
            fields.string("hash", head.hash, &out)
            fields.close(&out)
        }
        object.close(&out)
        return Data(out)
    }

    private static func write(_ step: StepState, _ out: inout [UInt8]) {
        var object = ObjectWriter(into: &out)
        if let outcome = step.outcome { object.string("outcome", outcome, &out) }
        if let output = step.output {
            object.key("output", &out)
            StoredJSON.object(output, into: &out)
        }
        object.integer("attempts", step.attempts, &out)
        object.integer("visits", step.visits, &out)
        object.close(&out)
    }

    private static func write(_ current: CurrentStep, _ out: inout [UInt8]) {
        var object = ObjectWriter(into: &out)
        object.string("stepID", current.stepID, &out)
        object.integer("visit", current.visit, &out)
        object.integer("attempt", current.attempt, &out)
        object.date("firstAttemptAt", current.firstAttemptAt, &out)
        object.date("startedAt", current.startedAt, &out)
        object.bool("inFlight", current.inFlight, &out)
        if let wait = current.wait {
            object.key("wait", &out)
            write(wait, &out)
        }
        if let retryAt = current.retryAt { object.date("retryAt", retryAt, &out) }
        if let lastError = current.lastError { object.string("lastError", lastError, &out) }
        if let since = current.waitingSince { object.date("waitingSince", since, &out) }
        object.key("waited", &out)
        StoredJSON.number(current.waited, into: &out)
        object.close(&out)
    }

    private static func write(_ wait: WaitRequest, _ out: inout [UInt8]) {
        var object = ObjectWriter(into: &out)
        if let signal = wait.signal { object.string("signal", signal, &out) }
        object.date("deadline", wait.deadline, &out)
        object.string("deadlineOutcome", wait.deadlineOutcome, &out)
        object.key("deadlineOutput", &out)
        StoredJSON.object(wait.deadlineOutput, into: &out)
        object.bool("isSecret", wait.isSecret, &out)
        object.key("memo", &out)
        StoredJSON.object(wait.memo, into: &out)
        object.bool("callsBackAtDeadline", wait.callsBackAtDeadline, &out)
        object.string("audience", wait.audience.rawValue, &out)
        if let subject = wait.subject { object.string("subject", subject, &out) }
        object.close(&out)
    }

    private static func write(_ sla: SLAState, _ out: inout [UInt8]) {
        var object = ObjectWriter(into: &out)
        if let respondBy = sla.respondBy { object.date("respondBy", respondBy, &out) }
        if let resolveBy = sla.resolveBy { object.date("resolveBy", resolveBy, &out) }
        if let respondedAt = sla.respondedAt { object.date("respondedAt", respondedAt, &out) }
        object.strings("breached", sla.breached, &out)
        object.bool("breachHandled", sla.breachHandled, &out)
        object.close(&out)
    }

    private static func write(_ record: StepRecord, _ out: inout [UInt8]) {
        var object = ObjectWriter(into: &out)
        object.string("stepID", record.stepID, &out)
        object.string("handler", record.handler, &out)
        object.string("outcome", record.outcome, &out)
        object.integer("attempts", record.attempts, &out)
        object.date("startedAt", record.startedAt, &out)
        object.date("endedAt", record.endedAt, &out)
        object.string("routedTo", record.routedTo, &out)
        if let detail = record.detail { object.string("detail", detail, &out) }
        object.key("waited", &out)
        StoredJSON.number(record.waited, into: &out)
        object.close(&out)
    }
}

/// Writes one JSON object's `"key":value` pairs with their commas.
struct ObjectWriter {
    private var isFirst = true

    init(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
    }

    mutating func key(_ name: String, _ out: inout [UInt8]) {
        if !isFirst { out.append(UInt8(ascii: ",")) }
        isFirst = false
        StoredJSON.string(name, into: &out)
        out.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: String, _ value: String, _ out: inout [UInt8]) {
        key(name, &out)
        StoredJSON.string(value, into: &out)
    }

    mutating func integer(_ name: String, _ value: Int, _ out: inout [UInt8]) {
        key(name, &out)
        out.append(contentsOf: String(value).utf8)
    }

    mutating func strings(_ name: String, _ values: [String], _ out: inout [UInt8]) {
        key(name, &out)
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            StoredJSON.string(value, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func bool(_ name: String, _ value: Bool, _ out: inout [UInt8]) {
        key(name, &out)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func date(_ name: String, _ value: Date, _ out: inout [UInt8]) {
        key(name, &out)
        StoredJSON.number(value.timeIntervalSinceReferenceDate, into: &out)
    }

    func close(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "}"))
    }
}
