import Foundation
import RedressEngine
import RedressPlaybook

/// A run as `GET /v1/runs/{id}` answers it: what it is about, where it is, what it waits for,
/// its SLA clocks, the steps it took and who took part. Step outputs are left out: they may hold
/// sealed credentials, and a user's message texts are in the wallet's outbox.
struct RunDocument: Encodable {
    struct Step: Encodable {
        let id: String
        let handler: String
        let outcome: String
        let attempts: Int
        let startedAt: Date
        let endedAt: Date
        let routedTo: String
        let detail: String?

        enum CodingKeys: String, CodingKey {
            case id, handler, outcome, attempts, detail
            case startedAt = "started_at", endedAt = "ended_at", routedTo = "routed_to"
        }
    }

    struct SLA: Encodable {
        let respondBy: Date?
        let resolveBy: Date?
        let respondedAt: Date?
        let breached: [String]

        enum CodingKeys: String, CodingKey {
            case breached
            case respondBy = "respond_by", resolveBy = "resolve_by", respondedAt = "responded_at"
        }
    }

    let id: String
    let playbook: String
    let status: String
    let resolution: String?
    let orderID: String?
    let caseSequence: Int?
    let anomaly: String?
    let inputs: [String: JSONValue]
    let createdAt: Date
    let updatedAt: Date
    let currentStep: String?
    let waitingFor: String?
    let wakeAt: Date?
    let sla: SLA
    let steps: [Step]
    let participants: [String]

    enum CodingKeys: String, CodingKey {
        case id, playbook, status, resolution, anomaly, inputs, sla, steps, participants
        case orderID = "order_id", caseSequence = "case_sequence", createdAt = "created_at", updatedAt = "updated_at"
        case currentStep = "current_step", waitingFor = "waiting_for", wakeAt = "wake_at"
    }

    init(_ run: RunState) {
        id = run.id
        playbook = run.playbookID
        status = run.status.rawValue
        resolution = run.resolution
        orderID = run.caseKey ?? run.inputs["order_id"].flatMap { if case .string(let order) = $0 { return order } else { return nil } }
        caseSequence = run.caseKey == nil ? nil : run.caseSequence
        anomaly = run.anomaly
        inputs = run.inputs.mapValues { JSONValue($0) }
        createdAt = run.createdAt
        updatedAt = run.updatedAt
        currentStep = run.status.isFinal ? nil : run.current?.stepID
        waitingFor = run.current?.wait?.signal
        wakeAt = run.wakeAt
        sla = SLA(respondBy: run.sla.respondBy, resolveBy: run.sla.resolveBy, respondedAt: run.sla.respondedAt, breached: run.sla.breached)
        steps = run.history.map {
            Step(
                id: $0.stepID, handler: $0.handler, outcome: $0.outcome, attempts: $0.attempts, startedAt: $0.startedAt, endedAt: $0.endedAt,
                routedTo: $0.routedTo, detail: $0.detail)
        }
        participants = run.participants
    }
}

/// One line of `GET /v1/runs`.
struct RunSummaryDocument: Encodable {
    let id: String
    let playbook: String
    let status: String
    let resolution: String?
    let orderID: String?
    let createdAt: Date
    let updatedAt: Date
    let wakeAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, playbook, status, resolution
        case orderID = "order_id", createdAt = "created_at", updatedAt = "updated_at", wakeAt = "wake_at"
    }

    init(_ summary: RunSummary) {
        id = summary.id
        playbook = summary.playbookID
        status = summary.status.rawValue
        resolution = summary.resolution
        orderID = summary.caseKey ?? summary.orderID
        createdAt = summary.createdAt
        updatedAt = summary.updatedAt
        wakeAt = summary.wakeAt
    }
}

/// `GET /v1/runs`: the newest runs the filter admits, how many it admits in all, and the cursor
/// of the next page when this one is full.
struct RunListDocument: Encodable {
    let runs: [RunSummaryDocument]
    let total: Int
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case runs, total
        case nextCursor = "next_cursor"
    }

    /// A cursor as the API hands it out: base64url of the run's creation time (seconds since
    /// 2001, printed so it reads back exactly) and its id.
    static func token(_ cursor: RunCursor) -> String {
        Data("\(cursor.createdAt.timeIntervalSinceReferenceDate)|\(cursor.id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The cursor `token` stands for; `nil` when it is not one `token(_:)` made.
    static func cursor(_ token: String) -> RunCursor? {
        guard token.utf8.count <= 512 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8), let bar = text.firstIndex(of: "|"),
            let seconds = Double(text[..<bar]), seconds.isFinite
        else { return nil }
        let id = String(text[text.index(after: bar)...])
        guard !id.isEmpty else { return nil }
        return RunCursor(createdAt: Date(timeIntervalSinceReferenceDate: seconds), id: id)
    }
}

/// `POST /v1/cases`: what the intake did, the run, and how triage classified the order.
struct CaseDocument: Encodable {
    let outcome: String
    let anomaly: String?
    let cause: String?
    let playbookPath: String
    let run: RunDocument

    enum CodingKeys: String, CodingKey {
        case outcome, anomaly, cause, run
        case playbookPath = "playbook_path"
    }
}

/// `GET /v1/runs/{id}/audit`: the trail and whether its hash chain holds.
struct AuditDocument: Encodable {
    struct Entry: Encodable {
        let sequence: Int
        let kind: String
        let actor: String
        let at: Date
        let data: [String: JSONValue]
        let hash: String
    }

    struct Chain: Encodable {
        let intact: Bool
        let brokenAt: Int?
        let reason: String?

        enum CodingKeys: String, CodingKey {
            case intact, reason
            case brokenAt = "broken_at"
        }
    }

    let runID: String
    let entries: [Entry]
    let chain: Chain

    enum CodingKeys: String, CodingKey {
        case entries, chain
        case runID = "run_id"
    }
}
