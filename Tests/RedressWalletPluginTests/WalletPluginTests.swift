import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin
import Testing

@Suite struct WalletPluginTests {
    static let catalog: HandlerCatalog? = try? HandlerCatalog(WalletPlugin.descriptors)

    @Test(arguments: WalletPlugin.descriptors.map(\.name))
    func descriptorIsSound(_ name: String) throws {
        let descriptor = try #require(WalletPlugin.descriptors.first { $0.name == name })
        #expect(DescriptorLint.problems(in: descriptor).isEmpty, "\(DescriptorLint.problems(in: descriptor))")
    }

    @Test func exactlyTheMoneyMovingHandlersNeedVerifiedIdentity() throws {
        let catalog = try #require(Self.catalog)
        let guarded = catalog.descriptors.filter(\.policy.needsVerifiedIdentity).map(\.name)
        #expect(guarded == ["wallet.refund", "wallet.retry_payment", "wallet.unfreeze"])
        #expect(catalog["wallet.refund"]?.policy.movesMoney == true)
        #expect(catalog["wallet.unfreeze"]?.policy.releasesFunds == true)
        #expect(catalog["wallet.reconcile"]?.policy.movesMoney == false)
    }

    @Test func twoFactorVerificationVerifiesOnlyOnVerified() throws {
        let verify = try #require(Self.catalog?["wallet.verify_identity"])
        #expect(verify.policy.verifiesIdentityOn == ["verified"])
        #expect(verify.outcomes.map(\.name) == ["verified", "failed", "expired", "locked"])
    }

    @Test func moneyParametersAreExactDecimalsWithLimits() throws {
        let refund = try #require(Self.catalog?["wallet.refund"])
        let amount = try #require(refund.parameter("amount"))
        #expect(amount.type == .decimal)
        #expect(amount.check(.string("12.50")) == nil)
        #expect(amount.check(.decimal(0)) != nil)
        #expect(amount.check(.string("1e3")) != nil)
        #expect(refund.parameter("currency")?.check(.string("cny")) != nil)
    }

    @Test func everyHandlerThatWritesToUsersTakesAPlaybookMessage() throws {
        let contact = try #require(Self.catalog?["wallet.contact_user"])
        #expect(contact.messageBinding == MessageBinding(template: "message", values: "values"))
        #expect(contact.parameter("message")?.isRequired == true)
        #expect(contact.parameter("channel")?.check(.string("fax")) != nil)
        #expect(Self.catalog?["wallet.follow_up"]?.messageBinding != nil)
        // Every handler that contacts the user says so, and takes its words from the playbook.
        for descriptor in WalletPlugin.descriptors where descriptor.policy.contactsUser {
            #expect(descriptor.messageBinding != nil, "\(descriptor.name)")
        }
    }
}
