import Crypto
import Foundation
import RedressPlaybook

/// Derives the idempotency key of a step's call.
///
/// A handler with a `BusinessKey` gets a key named by the business:
/// `HANDLER:NAME=VALUE[&NAME=VALUE…][:PLAYBOOK/STEP:cCASE-SEQUENCE]:VISIT`, so two runs of one
/// order derive the same key for the same act (the playbook, step and case sequence appear only
/// for `perStep` keys: messages). Money keys carry no run and no case sequence: no run, reopened
/// or forced past the case guard, can pay an order again under a new key. A handler without a
/// business key gets `RUN/STEP/VISIT`, its own per run.
///
/// The visit number is the explicit sequence: a playbook that loops back to a step acts again
/// only because it looped. Values are percent-escaped (`%`, `:`, `&`, `=`, `/`, controls and
/// non-ASCII bytes), and a
/// key longer than 200 bytes becomes `HANDLER:sha256:HEX` (gateways bound key sizes; Stripe's
/// limit is 255).
enum IdempotencyKey {
    static let maximumLength = 200

    static func derive(run: RunState, stepID: String, descriptor: HandlerDescriptor, parameters: [String: Value], visit: Int) -> String {
        guard let business = descriptor.businessKey else { return runScoped(runID: run.id, stepID: stepID, visit: visit) }
        var key = descriptor.name + ":"
        for (index, name) in business.parameters.enumerated() {
            if index > 0 { key += "&" }
            key += name + "=" + escape(parameters[name]?.displayText ?? "")
        }
        if business.perStep { key += ":" + escape(run.playbookID) + "/" + escape(stepID) + ":c\(run.caseSequence)" }
        key += ":\(visit)"
        guard key.utf8.count > maximumLength else { return key }
        let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
        return descriptor.name + ":sha256:" + digest
    }

    static func runScoped(runID: String, stepID: String, visit: Int) -> String { "\(runID)/\(stepID)/\(visit)" }

    private static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: ":"), UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: "/"), 0..<0x20, 0x7f...0xff:
                out += String(format: "%%%02X", byte)
            default:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
