import RedressDiagnostics
import RedressPlaybook
import RedressWalletAPI

extension WalletPlugin {
    /// The triage rules used when no `triage.yaml` is beside the playbooks: the shipped
    /// `Playbooks/triage.yaml`, word for word (a test checks they are the same).
    public static let builtInTriageText = #"""
# Triage: how an order becomes a case. `redress handle` and `redress scan` read the wallet's facts
# about an order, try these rules in order, and the first whose `when` holds gives the anomaly
# type and its cause; no rule: the order is normal. The anomaly type picks the playbook (its
# `anomaly:`), and the cause is what the playbook branches on (`steps.check.output.cause`).
#
# Implements the seed's 异常类型 (types of anomaly) and 常见问题处理 criteria. A new type needs a
# declaration here, a rule, a playbook whose `anomaly:` names it, and tests; no rebuild.
# `redress validate Playbooks/` checks this file with the playbooks; `redress triage ORDER`
# shows which rule decides an order and why.
#
# Facts a rule can read: order.{id, user_id, status, payment_status, amount, currency, age,
# user_notified, failure_cause, refund_requested, charged}, account.{frozen, freeze_reason, balance,
# verification_locked},
# channel.{name, healthy, status}, charges (each {id, amount, refunded, status, channel}).
triage: 1

anomalies:
  funds_frozen:
    description: 资金冻结 - the account is held (a payment rule broken, or risk control saw unusual activity)
    causes: [risk_control, payment_rule_violation]
  system_timeout:
    description: 系统超时 - the order stayed in processing (a slow network or downstream system)
    causes: [slow_confirmation]
  transaction_failed:
    description: 交易失败 - the payment did not go through
    causes: [insufficient_balance, invalid_payment_details, network, channel_outage]
  status_mismatch:
    description: 订单状态异常 - the channel has the money but the order does not show it (a late callback)
    causes: [delayed_callback]
  refund_request:
    description: 退款 - money to give back (the FAQ's 如何解冻资金或退款), a duplicate charge or a user's request
    causes: [duplicate_charge, user_request]

rules:
  # A hold comes first: whatever else is wrong with the order, nothing moves while it is held.
  - name: frozen account
    when: ${{ account.frozen }}
    anomaly: funds_frozen
    cause: ${{ account.freeze_reason }}

  - name: stuck in processing
    description: a normal payment settles within minutes; ten in processing is a timeout
    when: ${{ order.status == 'processing' && order.age > 10m }}
    anomaly: system_timeout
    cause: slow_confirmation

  - name: failed payment
    when: ${{ order.status == 'failed' }}
    anomaly: transaction_failed
    cause: ${{ order.failure_cause }}

  - name: paid at the channel, not on the order
    when: ${{ channel.status == 'paid' && !(order.status in ['paid', 'refunded']) }}
    anomaly: status_mismatch
    cause: delayed_callback

  - name: charged more than the order
    description: two charges for one order (a retry the channel also completed); the extra goes back
    when: ${{ order.charged > order.amount }}
    anomaly: refund_request
    cause: duplicate_charge

  - name: the user asked for a refund
    when: ${{ order.refund_requested && order.status == 'paid' }}
    anomaly: refund_request
    cause: user_request

"""#

    /// `builtInTriageText`, decoded and checked.
    package static let builtInTriage: TriageRules =
        TriageLoader.load(SourceFile(path: "built-in triage.yaml", text: builtInTriageText)).usableRules
        ?? TriageRules(anomalies: [], rules: [], path: "built-in triage.yaml")
}
