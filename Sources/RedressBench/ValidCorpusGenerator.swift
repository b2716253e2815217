/// Generates playbooks that validate clean against the built-in handlers, for the validator
/// benchmarks (an invalid corpus would measure diagnostics, not validation).
enum ValidCorpusGenerator {
    /// One playbook with `steps` contact steps after a status check (about 6 KB a step).
    static func playbook(id: String, steps: Int, noteLines: Int) -> [UInt8] {
        var text = """
            # 交易失败处理流程 (transaction failure playbook), generated for benchmarks
            playbook: \(id)
            version: 1
            title: "交易失败: 余额不足或支付信息错误"
            description: >
              Checks the order, tells the user the cause and the fix. 及时响应, 信息透明, 用户体验优先.
            anomaly:
              type: transaction_failed
            inputs:
              order_id: {type: string, required: true, pattern: "ORD-[0-9A-Z-]{3,40}"}
            sla:
              respond_within: 15m
              resolve_within: 24h
              on_breach: escalate
            defaults:
              timeout: 30s
              retry: {attempts: 3, backoff: exponential, initial: 1s, max: 30s, on: [retryable, timeout]}
            steps:
              - id: check
                uses: wallet.check_status
                with:
                  order_id: ${{ inputs.order_id }}
                on:
                  not_found: escalate

            """
        for index in 0..<steps {
            text += """
                  - id: notify_\(index)
                    uses: wallet.contact_user
                    when: ${{ steps.check.output.classification == 'transaction_failed' && steps.check.output.amount > 0 }}
                    timeout: 30s
                    retry:
                      attempts: 3
                      backoff: exponential
                      initial: 1s
                      max: 30s
                      jitter: true
                      on: [retryable, timeout]
                    with:
                      user_id: ${{ steps.check.output.user_id }}
                      order_id: ${{ inputs.order_id }}
                      channel: sms
                      message: low_balance
                      values:
                        amount: ${{ steps.check.output.amount }}
                        currency: ${{ steps.check.output.currency }}
                        step: "\(index)"
                    on:
                      sent: next
                      undeliverable: escalate

                """
            if noteLines > 0 {
                text += "    description: |\n"
                for note in 0..<noteLines {
                    text += "      备注 \(note): 用户已收到短信确认, 支付渠道状态正常, 无需重复验证身份 (note \(note) for step \(index)); checked by ops-\(note % 7) at 2026-11-25T10:\(10 + note % 50):00Z.\n"
                }
            }
        }
        text += """
              - id: escalate
                uses: wallet.escalate
                with:
                  order_id: ${{ inputs.order_id }}
                  reason: "not resolved automatically"
                on:
                  escalated: end
            messages:
              low_balance:
                zh-CN: "您的订单 {order} 付款未成功：余额不足以支付 {amount|money}。请充值后重新支付（第 {step} 步），订单保留 24 小时。"
                en: "Your payment for order {order} did not go through: your balance was less than {amount|money}. Top up and pay again (step {step}); we keep the order for 24 hours."

            """
        return Array(text.utf8)
    }
}
