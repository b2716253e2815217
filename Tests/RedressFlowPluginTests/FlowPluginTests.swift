import RedressFlowPlugin
import RedressPlaybook
import Testing

@Suite struct FlowPluginTests {
    @Test func listRegistersEveryCoreHandlerOnce() throws {
        let catalog = try HandlerCatalog(FlowPlugin.descriptors)
        #expect(catalog.descriptors.map(\.name) == ["flow.assert", "flow.await", "flow.fail", "flow.finish", "flow.log", "flow.set", "flow.wait"])
    }

    @Test(arguments: FlowPlugin.descriptors.map(\.name))
    func descriptorIsSound(_ name: String) throws {
        let descriptor = try #require(FlowPlugin.descriptors.first { $0.name == name })
        #expect(DescriptorLint.problems(in: descriptor).isEmpty, "\(DescriptorLint.problems(in: descriptor))")
    }

    @Test func finishAndFailAlwaysEndTheRunAndOnlyFailFails() throws {
        let catalog = try HandlerCatalog(FlowPlugin.descriptors)
        #expect(catalog["flow.finish"]?.policy.endsRun == true)
        #expect(catalog["flow.fail"]?.policy.endsRun == true)
        #expect(catalog["flow.finish"]?.outcomes.allSatisfy(\.isSuccess) == true)
        #expect(catalog["flow.fail"]?.outcomes.allSatisfy { !$0.isSuccess } == true)
    }

    @Test func awaitEndsInExpiredWhenItsDeadlinePasses() throws {
        let wait = try #require(try HandlerCatalog(FlowPlugin.descriptors)["flow.await"])
        #expect(wait.outcome("expired")?.isSuccess == false)
        #expect(wait.parameter("deadline")?.isRequired == true)
        #expect(wait.parameter("signal")?.check(.string("otp")) == nil)
        #expect(wait.parameter("signal")?.check(.string("not a name")) != nil)
    }
}
