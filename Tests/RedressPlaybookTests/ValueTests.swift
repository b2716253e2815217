import Foundation
import RedressPlaybook
import Testing

@Suite struct ValueTests {
    @Test(arguments: [("500ms", 500), ("30s", 30_000), ("15m", 900_000), ("24h", 86_400_000), ("7d", 604_800_000), ("1h30m", 5_400_000)])
    func durationsParse(_ text: String, _ milliseconds: Int64) throws {
        let duration = try #require(PlaybookDuration(text))
        #expect(duration.milliseconds == milliseconds)
        #expect(PlaybookDuration(duration.description) == duration)
    }

    @Test(arguments: ["", "30", "30 s", "-5s", "1.5h", "5x", "1h1h", "99999999999d"])
    func malformedDurationsAreRefused(_ text: String) {
        #expect(PlaybookDuration(text) == nil)
    }

    @Test func decimalTextBecomesAnExactDecimalNeverAFloat() throws {
        let value = try #require(ValueCoercion.decimal("0.10"))
        #expect(value * 3 == Decimal(string: "0.30"))
        #expect(ValueCoercion.decimal("1e3") == nil)
        #expect(ValueCoercion.decimal("nan") == nil)
        #expect(ValueCoercion.decimal(" 1") == nil)
        #expect(ValueCoercion.coerce(.string("12.50"), to: .decimal) == .decimal(Decimal(string: "12.50")!))
    }

    @Test func parameterCheckEnforcesTypeEnumRangeAndPattern() {
        let tier = ParameterSpec("tier", .integer, minimum: 1, maximum: 3)
        #expect(tier.check(.integer(2)) == nil)
        #expect(tier.check(.integer(4))?.contains("maximum is 3") == true)
        #expect(tier.check(.string("high"))?.contains("must be an integer") == true)
        let channel = ParameterSpec("channel", .enumeration(["sms", "email"]))
        #expect(channel.check(.string("fax"))?.contains("is not one of") == true)
        let order = ParameterSpec("order_id", .string, required: true, pattern: "ORD-[0-9]+")
        #expect(order.check(.string("ORD-12")) == nil)
        #expect(order.check(.string("ORD-12x")) != nil)
        #expect(order.check(.null) == "'order_id' is required")
    }

    @Test func suggestionsPreferCloseNamesAndKnownAliases() {
        #expect(Suggestions.closest(to: "wallet.refnd", among: ["wallet.refund", "wallet.reconcile"]) == "wallet.refund")
        #expect(Suggestions.closest(to: "retires", among: ["retry", "requires", "when"], aliases: ["retries": "retry"]) == "retry")
        #expect(Suggestions.closest(to: "lenght", among: ["len", "lower"]) == "len")
        #expect(Suggestions.closest(to: "zzzz", among: ["len", "lower"]) == nil)
    }

    @Test func catalogRefusesADuplicateHandlerName() {
        let one = HandlerDescriptor(name: "x.y", summary: "", outcomes: [.success("ok")])
        #expect(throws: HandlerCatalog.DuplicateHandler.self) { try HandlerCatalog([one, one]) }
    }

    @Test func retryDelaysDoubleUpToTheCap() {
        let policy = RetryPolicy(attempts: 6, backoff: .exponential, initial: .seconds(1), maxDelay: .seconds(5))
        #expect((1...6).map { policy.delayCeiling(beforeAttempt: $0).milliseconds } == [0, 1_000, 2_000, 4_000, 5_000, 5_000])
    }
}

extension ValueTests {
    @Test func descriptorLintCatchesAuthorMistakes() {
        let bad = HandlerDescriptor(
            name: "Wallet.Pay", summary: "",
            parameters: [
                ParameterSpec("tier", .integer, default: .integer(9), maximum: 3), ParameterSpec("tier", .string),
                ParameterSpec("code", .string, pattern: "[unclosed"),
            ],
            outcomes: [.success("paid"), .failure("error")],
            policy: HandlerPolicy(verifiesIdentityOn: ["missing"]))
        let problems = DescriptorLint.problems(in: bad)
        #expect(problems.count == 8, "\(problems)")
        #expect(problems.contains("Wallet.Pay: verifies identity but issues no proof (identity proof: issues)"))
    }

    @Test func handlersThatMoveMoneyOrMessageTheUserMustNameABusinessKeyOfRealParameters() {
        let order = ParameterSpec("order_id", .string, required: true)
        let note = ParameterSpec("note", .string)
        let proof = ParameterSpec("proof", .string, required: true, secret: true)
        func problems(_ policy: HandlerPolicy, _ key: BusinessKey?) -> [String] {
            DescriptorLint.problems(
                in: HandlerDescriptor(
                    name: "t.act", summary: "acts", parameters: [order, note, proof], outcomes: [.success("done")], policy: policy, businessKey: key,
                    identityProof: policy.movesMoney ? .requires(proof: "proof", order: "order_id") : nil))
        }
        let money = HandlerPolicy(movesMoney: true, isIdempotent: true)
        #expect(problems(money, nil) == ["t.act: moves money but names no business key (the parameters that say what it acts on, e.g. the order)"])
        #expect(problems(HandlerPolicy(hasSideEffects: true, contactsUser: true, isIdempotent: true), nil).first?.contains("contacts the user") == true)
        #expect(problems(money, BusinessKey(["order_id"])).isEmpty)
        #expect(problems(money, BusinessKey(["order"])) == ["t.act: business key names 'order', which is not one of its parameters"])
        #expect(problems(money, BusinessKey(["note"])) == ["t.act: business key parameter 'note' must be required or have a default"])
        #expect(problems(HandlerPolicy(escalatesOn: ["gone"]), nil) == ["t.act: escalates on 'gone', which is not one of its success outcomes"])
        #expect(problems(.pure, nil).isEmpty)
    }

    @Test func verifiersMustIssueASecretProofAndMoneyHandlersMustRequireOne() {
        let order = ParameterSpec("order_id", .string, required: true)
        let user = ParameterSpec("user_id", .string, required: true)
        func problems(_ parameters: [ParameterSpec], _ outputs: [FieldSpec], _ policy: HandlerPolicy, _ proof: IdentityProof?) -> [String] {
            DescriptorLint.problems(
                in: HandlerDescriptor(
                    name: "t.id", summary: "s", parameters: parameters, outputs: outputs, outcomes: [.success("verified")], policy: policy,
                    businessKey: policy.movesMoney ? BusinessKey(["order_id"]) : nil, identityProof: proof))
        }
        let verifier = HandlerPolicy(verifiesIdentityOn: ["verified"])
        let issued = IdentityProof.issues(proof: "proof", expiresAt: "until", user: "user_id", order: "order_id")
        let good = [FieldSpec("proof", .string, secret: true), FieldSpec("until", .timestamp)]
        #expect(problems([user, order], good, verifier, issued).isEmpty)
        #expect(problems([user, order], good, verifier, nil) == ["t.id: verifies identity but issues no proof (identity proof: issues)"])
        #expect(problems([user, order], [FieldSpec("proof", .string), FieldSpec("until", .timestamp)], verifier, issued) == ["t.id: the proof output 'proof' must be secret"])
        #expect(problems([user], good, verifier, issued) == ["t.id: identity proof names 'order_id', which is not one of its parameters"])
        #expect(problems([user, order], [good[0]], verifier, issued) == ["t.id: the proof's expiry 'until' must be a timestamp output"])
        let money = HandlerPolicy(movesMoney: true, isIdempotent: true)
        #expect(problems([order], [], money, nil) == ["t.id: moves money but takes no identity proof (identity proof: requires)"])
        #expect(problems([order, ParameterSpec("proof", .string)], [], money, .requires(proof: "proof", order: "order_id")) == ["t.id: the proof parameter 'proof' must be secret"])
    }
}
