import Foundation
import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// Converts between decimal amounts in playbooks (major units, exact) and minor units in the
/// wallet. Two decimal places, as CNY, USD and EUR use.
enum Money {
    /// `12.50` → 1250; `nil` for fractions of a minor unit or amounts out of range.
    static func minorUnits(_ value: Value) -> Int64? {
        let decimal: Decimal
        switch value {
        case .decimal(let amount): decimal = amount
        case .integer(let amount): decimal = Decimal(amount)
        default: return nil
        }
        var scaled = decimal * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, let minor = Int64(exactly: NSDecimalNumber(decimal: rounded).int64Value), Decimal(minor) == rounded else {
            return nil
        }
        return minor
    }

    /// 1250 → `12.5` as an exact decimal.
    static func decimal(_ minor: Int64) -> Value {
        .decimal(Decimal(minor) / 100)
    }
}

extension WalletError {
    /// The step error the engine should see for this wallet failure.
    var stepError: StepError {
        switch self {
        case .unavailable: return StepError(.retryable, description)
        case .ambiguous: return StepError(.ambiguous, description)
        case .keyReuse, .notFound, .refused, .badRequest, .invalidResponse: return StepError(.fatal, description)
        }
    }
}
