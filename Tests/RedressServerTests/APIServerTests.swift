import Foundation
import RedressEngine
@testable import RedressServer
import Testing

/// The HTTP API against a live server on a loopback port.
@Suite struct APIServerTests {
    @Test func healthReadinessAndTheDocumentNeedNoTokenAndTheDocumentIsTheRepositorysFile() async throws {
        let api = try await ServedAPI()
        #expect(try await api.call(.GET, "/healthz").json["status"] as? String == "ok")
        #expect(try await api.call(.GET, "/readyz").status == 200)
        let document = try await api.call(.GET, "/openapi.yaml")
        let file = try String(contentsOf: ServedAPI.repository.appendingPathComponent("openapi/redress-api.yaml"), encoding: .utf8)
        #expect(document.status == 200)
        #expect(document.text == file, "the served document differs from openapi/redress-api.yaml: run scripts/embed-openapi")
    }

    @Test func everyV1RouteNeedsTheBearerTokenOfAConfiguredActor() async throws {
        let api = try await ServedAPI()
        for (method, path) in [("GET", "/v1/runs"), ("GET", "/v1/runs/run-x"), ("GET", "/v1/playbooks"), ("POST", "/v1/cases"), ("POST", "/v1/runs/run-x/cancel")] {
            let none = try await api.call(.init(rawValue: method), path, body: method == "POST" ? "{}" : nil)
            #expect(none.status == 401, "\(method) \(path)")
            #expect(none.headers.first(name: "WWW-Authenticate") == "Bearer realm=\"redress\"")
            #expect(none.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(none.json["type"] as? String == "urn:redress:problem:unauthenticated")
            #expect(try await api.call(.init(rawValue: method), path, as: "rdt_guessed", body: method == "POST" ? "{}" : nil).status == 401)
        }
    }

    @Test func aRoleThatDoesNotAllowTheActionIs403NotA401() async throws {
        let api = try await ServedAPI()
        let reviewer = try await api.call(.POST, "/v1/cases", as: "rev", body: #"{"order_id":"ORD-1001"}"#)
        #expect(reviewer.status == 403)
        #expect(reviewer.json["type"] as? String == "urn:redress:problem:forbidden")
        #expect((reviewer.json["detail"] as? String)?.contains("actor 'rev' (reviewer) may not open a case") == true)
        #expect(try await api.call(.GET, "/v1/runs", as: "rev").status == 200)
    }

    @Test func intakeOpensOneCasePerOrderAndAnswersTheOpenRunWhenAskedAgain() async throws {
        let api = try await ServedAPI()
        let first = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1001"}"#)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.json["outcome"] as? String == "opened")
        #expect(first.json["anomaly"] as? String == "transaction_failed")
        let run = try #require((first.json["run"] as? [String: Any])?["id"] as? String)
        let again = try await api.call(.POST, "/v1/cases", as: "ops", body: #"{"order_id":"ORD-1001"}"#)
        #expect(again.status == 200)
        #expect(again.json["outcome"] as? String == "already_open")
        #expect((again.json["run"] as? [String: Any])?["id"] as? String == run)
        let listed = try await api.call(.GET, "/v1/runs?order=ORD-1001", as: "ops")
        #expect(listed.json["total"] as? Int == 1)
        // Twenty intakes of one order at once still store one run.
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1002"}"#).status } }
            var statuses: [Int] = []
            for try await status in group { statuses.append(status) }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 200 }.count == 19)
        }
        #expect(try await api.call(.GET, "/v1/runs?order=ORD-1002", as: "ops").json["total"] as? Int == 1)
    }

    @Test func badIntakesGetAProblemNamingWhatIsWrong() async throws {
        let api = try await ServedAPI()
        let unknownField = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1001","priority":"high"}"#)
        #expect(unknownField.status == 400)
        #expect(unknownField.json["field"] as? String == "priority")
        let missing = try await api.call(.POST, "/v1/cases", as: "app", body: #"{}"#)
        #expect(missing.status == 400)
        #expect(missing.json["field"] as? String == "order_id")
        let wrongType = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":42}"#)
        #expect(wrongType.status == 400)
        #expect(wrongType.json["field"] as? String == "order_id")
        #expect(try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id": "#).status == 400)
        #expect(try await api.call(.POST, "/v1/cases", as: "app", body: "[1,2]").status == 400)
        let reopenWithoutReason = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1001","reopen":true}"#)
        #expect(reopenWithoutReason.json["field"] as? String == "reason")
        let huge = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":""# + String(repeating: "x", count: 2 << 20) + #""}"#)
        #expect(huge.status == 413)
        let unknownOrder = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-NOPE"}"#)
        #expect(unknownOrder.status == 404)
        let normal = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-5001"}"#)
        #expect(normal.status == 422)
        #expect(normal.json["type"] as? String == "urn:redress:problem:not-anomalous")
        #expect(try await api.call(.GET, "/v1/runs?status=bogus", as: "ops").json["field"] as? String == "status")
        #expect(try await api.call(.GET, "/v1/runs?limit=0", as: "ops").status == 400)
        #expect(try await api.call(.GET, "/v1/runs/run-nope", as: "ops").status == 404)
        // Nothing was stored by any of them.
        #expect(try await api.call(.GET, "/v1/runs", as: "ops").json["total"] as? Int == 0)
    }

    @Test func theUsersCodeComesFromTheAppAndAReviewNeedsASecondPerson() async throws {
        let api = try await ServedAPI()
        let opened = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-2001"}"#)
        let run = try #require((opened.json["run"] as? [String: Any])?["id"] as? String)
        _ = try await api.engine.drive(run)
        #expect(try await api.call(.GET, "/v1/runs/\(run)", as: "ops").json["waiting_for"] as? String == "otp")
        let code = try #require(try api.wallet.currentCode(user: "u-2001"))
        // A reviewer cannot pass on the user's code; sam (operator) can, and takes part in the case.
        #expect(try await api.call(.POST, "/v1/runs/\(run)/signals/otp", as: "rev", body: #"{"value":"\#(code)"}"#).status == 403)
        let verified = try await api.call(.POST, "/v1/runs/\(run)/signals/otp", as: "sam", body: #"{"value":"\#(code)"}"#)
        #expect(verified.status == 200, "\(verified.text)")
        #expect(verified.json["waiting_for"] as? String == "decision", "\(verified.text)")
        #expect(!verified.text.contains(code))
        let operatorDecides = try await api.call(.POST, "/v1/runs/\(run)/signals/decision", as: "ops", body: #"{"value":"approve"}"#)
        #expect(operatorDecides.status == 403)
        let selfApproval = try await api.call(.POST, "/v1/runs/\(run)/signals/decision", as: "sam", body: #"{"value":"approve"}"#)
        #expect(selfApproval.status == 409, "\(selfApproval.text)")
        let approved = try await api.call(.POST, "/v1/runs/\(run)/signals/decision", as: "rev", body: #"{"value":"approve"}"#)
        #expect(approved.status == 200, "\(approved.text)")
        #expect(approved.json["waiting_for"] as? String != "decision")
        let audit = try await api.call(.GET, "/v1/runs/\(run)/audit", as: "ops")
        #expect((audit.json["chain"] as? [String: Any])?["intact"] as? Bool == true)
        let actors = Set(((audit.json["entries"] as? [[String: Any]]) ?? []).compactMap { $0["actor"] as? String })
        #expect(actors.isSuperset(of: ["app", "rev"]), "\(actors)")
        // The code is in no answer and nowhere in the run store.
        #expect(!audit.text.contains(code))
        for file in try FileManager.default.contentsOfDirectory(atPath: api.folder) where file.hasPrefix("redress.sqlite") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: api.folder).appendingPathComponent(file))
            #expect(bytes.range(of: Data(#""\#(code)""#.utf8)) == nil, "\(file) holds the code")
        }
        // Refusals are in the run's audit trail, with who was refused.
        let trail = try await api.engine.store.audit(for: run)
        #expect(trail.contains { $0.event.actor == "rev" && $0.event.kind.contains("refused") })
    }

    @Test func cancellingNeedsAReasonAndTheOperatorRoleAndHappensOnce() async throws {
        let api = try await ServedAPI()
        let opened = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1003"}"#)
        let run = try #require((opened.json["run"] as? [String: Any])?["id"] as? String)
        #expect(try await api.call(.POST, "/v1/runs/\(run)/cancel", as: "ops", body: "{}").json["field"] as? String == "reason")
        #expect(try await api.call(.POST, "/v1/runs/\(run)/cancel", as: "app", body: #"{"reason":"duplicate"}"#).status == 403)
        let cancelled = try await api.call(.POST, "/v1/runs/\(run)/cancel", as: "ops", body: #"{"reason":"duplicate"}"#)
        #expect(cancelled.status == 200, "\(cancelled.text)")
        #expect(cancelled.json["status"] as? String == "cancelled")
        #expect(try await api.call(.POST, "/v1/runs/\(run)/cancel", as: "ops", body: #"{"reason":"again"}"#).status == 409)
        #expect(try await api.call(.POST, "/v1/runs/run-nope/cancel", as: "ops", body: #"{"reason":"x"}"#).status == 404)
    }

    @Test func playbooksAreListedAndPostedTextIsValidatedWithPositionsAndCodes() async throws {
        let api = try await ServedAPI()
        let listed = try await api.call(.GET, "/v1/playbooks", as: "ops")
        let playbooks = try #require(listed.json["playbooks"] as? [[String: Any]])
        #expect(playbooks.count >= 6)
        #expect(playbooks.allSatisfy { $0["valid"] as? Bool == true }, "\(listed.text)")
        let broken = try await api.call(.POST, "/v1/playbooks/validate", as: "ops", body: "playbook: x\ntitle: X\nanomaly: funds_frozen\nsteps:\n  - id: a\n    uses: wallet.nope\n")
        #expect(broken.status == 200)
        #expect(broken.json["valid"] as? Bool == false)
        let diagnostics = try #require(broken.json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { ($0["code"] as? String)?.isEmpty == false && $0["line"] as? Int == 6 && $0["column"] as? Int != nil }, "\(broken.text)")
        let shipped = try String(contentsOf: ServedAPI.repository.appendingPathComponent("Playbooks/funds-frozen.yaml"), encoding: .utf8)
        #expect(try await api.call(.POST, "/v1/playbooks/validate", as: "ops", body: shipped).json["valid"] as? Bool == true)
    }

    @Test func everyRequestGetsOneAccessLogLineWithItsIdAndTheCaseItOpensRecordsIt() async throws {
        let api = try await ServedAPI()
        let opened = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1001"}"#, requestID: "intake-42")
        #expect(opened.headers.first(name: "X-Request-Id") == "intake-42")
        let run = try #require((opened.json["run"] as? [String: Any])?["id"] as? String)
        let created = try await api.engine.store.audit(for: run).first
        #expect(created?.event.data["request_id"] == .string("intake-42"))
        // A malformed id is replaced, never echoed.
        let hostile = try await api.call(.GET, "/v1/runs", as: "ops", requestID: #"bad id <script>"quoted""#)
        let replaced = try #require(hostile.headers.first(name: "X-Request-Id"))
        #expect(replaced.hasPrefix("req-"))
        _ = try await api.call(.GET, "/v1/runs", as: "rdt_wrong")
        let lines = api.logged.lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 3)
        let intake = try #require(lines.first { $0["request_id"] as? String == "intake-42" })
        #expect(intake["method"] as? String == "POST")
        #expect(intake["path"] as? String == "/v1/cases")
        #expect(intake["status"] as? Int == 201)
        #expect(intake["actor"] as? String == "app")
        #expect(lines.contains { $0["request_id"] as? String == replaced && $0["status"] as? Int == 200 })
        #expect(lines.contains { $0["status"] as? Int == 401 && $0["actor"] == nil })
        let everything = api.logged.lines.withLock { $0.joined(separator: "\n") }
        for token in api.tokens.values { #expect(!everything.contains(token)) }
        #expect(!everything.contains("rdt_wrong"))
    }

    @Test func signalsAndCancellationsRecordTheRequestThatBroughtThem() async throws {
        let api = try await ServedAPI()
        let frozen = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-2001"}"#)
        let run = try #require((frozen.json["run"] as? [String: Any])?["id"] as? String)
        _ = try await api.engine.drive(run)
        let code = try #require(try api.wallet.currentCode(user: "u-2001"))
        #expect(try await api.call(.POST, "/v1/runs/\(run)/signals/otp", as: "app", body: #"{"value":"\#(code)"}"#, requestID: "otp-5").status == 200)
        let signalled = try await api.engine.store.audit(for: run).first { $0.event.kind == "signal.received" }
        #expect(signalled?.event.data["request_id"] == .string("otp-5"))
        #expect(signalled?.event.data["value"] != .string(code))
        let other = try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"ORD-1003"}"#)
        let cancelled = try #require((other.json["run"] as? [String: Any])?["id"] as? String)
        #expect(try await api.call(.POST, "/v1/runs/\(cancelled)/cancel", as: "ops", body: #"{"reason":"duplicate"}"#, requestID: "cancel-9").status == 200)
        let trail = try await api.engine.store.audit(for: cancelled)
        #expect(trail.contains { $0.event.kind == "run.cancelled" && $0.event.data["request_id"] == .string("cancel-9") && $0.event.actor == "ops" })
    }

    @Test func anActorOverItsRateLimitGets429WithRetryAfterAndOthersAreNotSlowed() async throws {
        // One request per 100 s: the second comes long before the bucket refills, however slow
        // the machine (the refill itself is checked on the limiter with a clock of its own).
        let api = try await ServedAPI(requestsPerSecond: 0.01)
        #expect(try await api.call(.GET, "/v1/runs", as: "ops").status == 200)
        let refused = try await api.call(.GET, "/v1/runs", as: "ops")
        #expect(refused.status == 429)
        #expect(refused.json["type"] as? String == "urn:redress:problem:too-many-requests")
        #expect(Int(refused.headers.first(name: "Retry-After") ?? "") ?? 0 >= 90)
        #expect(try await api.call(.GET, "/v1/runs", as: "rev").status == 200)
    }

    @Test func theRateLimiterRefillsAtItsRateUpToItsBurst() {
        let limiter = RateLimiter(perSecond: 5, burst: 10)
        let start = ContinuousClock.now
        for _ in 0..<10 { #expect(limiter.admit("ops", at: start) == nil) }
        let wait = limiter.admit("ops", at: start)
        #expect(wait.map { abs($0 - 0.2) < 0.001 } == true, "\(String(describing: wait))")
        #expect(limiter.admit("ops", at: start + .milliseconds(200)) == nil)
        #expect(limiter.admit("ops", at: start + .milliseconds(200)) != nil)
        // An hour idle refills only up to the burst.
        let later = start + .seconds(3_600)
        for _ in 0..<10 { #expect(limiter.admit("ops", at: later) == nil) }
        #expect(limiter.admit("ops", at: later) != nil)
        #expect(limiter.admit("rev", at: start) == nil)
    }

    @Test func runsArePagedWithACursorThatNeitherRepeatsNorSkipsARun() async throws {
        let api = try await ServedAPI()
        let orders = ["ORD-1001", "ORD-1002", "ORD-1003", "ORD-1004", "ORD-1005", "ORD-1006", "ORD-1007"]
        for order in orders { #expect(try await api.call(.POST, "/v1/cases", as: "app", body: #"{"order_id":"\#(order)"}"#).status == 201) }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await api.call(.GET, "/v1/runs?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), as: "ops")
            #expect(page.json["total"] as? Int == orders.count)
            seen += ((page.json["runs"] as? [[String: Any]]) ?? []).compactMap { $0["order_id"] as? String }
            cursor = page.json["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.count == orders.count && Set(seen) == Set(orders), "\(seen)")
        #expect(seen == orders.reversed(), "newest first: \(seen)")
        let broken = try await api.call(.GET, "/v1/runs?cursor=not-a-cursor", as: "ops")
        #expect(broken.status == 400)
        #expect(broken.json["field"] as? String == "cursor")
    }
}
