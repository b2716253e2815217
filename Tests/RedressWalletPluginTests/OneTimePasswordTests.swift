import Foundation
import RedressWalletAPI
import RedressWalletPlugin
import Testing

@Suite struct OneTimePasswordTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    @Test func hotpMatchesRFC4226AppendixD() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        for (counter, code) in expected.enumerated() {
            #expect(OneTimePassword.hotp(secret: Self.sha1Seed, counter: UInt64(counter)) == code)
        }
    }

    @Test(arguments: [
        (59.0, "94287082", "46119246", "90693936"),
        (1_111_111_109.0, "07081804", "68084774", "25091201"),
        (1_111_111_111.0, "14050471", "67062674", "99943326"),
        (1_234_567_890.0, "89005924", "91819424", "93441116"),
        (2_000_000_000.0, "69279037", "90698825", "38618901"),
        (20_000_000_000.0, "65353130", "77737706", "47863826"),
    ])
    func totpMatchesRFC6238AppendixB(_ time: Double, _ sha1: String, _ sha256: String, _ sha512: String) {
        let date = Date(timeIntervalSince1970: time)
        #expect(OneTimePassword.totp(secret: Self.sha1Seed, at: date, digits: 8, algorithm: .sha1) == sha1)
        #expect(OneTimePassword.totp(secret: Self.sha256Seed, at: date, digits: 8, algorithm: .sha256) == sha256)
        #expect(OneTimePassword.totp(secret: Self.sha512Seed, at: date, digits: 8, algorithm: .sha512) == sha512)
    }

    @Test func oneStepOfDriftIsAcceptedTwoAreNot() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let previous = OneTimePassword.totp(secret: Self.sha1Seed, at: now.addingTimeInterval(-30))
        let twoBack = OneTimePassword.totp(secret: Self.sha1Seed, at: now.addingTimeInterval(-60))
        #expect(OneTimePassword.matchingStep(previous, secret: Self.sha1Seed, at: now) == OneTimePassword.timeStep(now) - 1)
        #expect(OneTimePassword.matchingStep(twoBack, secret: Self.sha1Seed, at: now) == nil || twoBack == previous)
    }

    @Test(arguments: [" 755224", "755224 ", "７５５２２４", "٧٥٥٢٢٤", "+55224", "75522", "7552244", ""])
    func onlyExactASCIIDigitsAreWellFormed(_ code: String) {
        #expect(!OneTimePassword.isWellFormed(code, digits: 6))
    }

    @Test func constantTimeComparisonIsCorrect() {
        #expect(OneTimePassword.constantTimeEqual("123456", "123456"))
        #expect(!OneTimePassword.constantTimeEqual("123456", "123457"))
        #expect(!OneTimePassword.constantTimeEqual("123456", "1234567"))
    }
}
