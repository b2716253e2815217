/// Generates realistic playbook-shaped YAML for the benchmarks, deterministically.
enum CorpusGenerator {
    /// One large document: `steps` steps, each with nested parameters, routing, retry and bilingual
    /// notes (about 6 KB a step, so 1,000 steps make about 6 MB).
    static func largePlaybook(steps: Int) -> [UInt8] {
        var text = header(id: "bench-large")
        text += "steps:\n"
        for index in 0..<steps { text += step(index, notes: 25) }
        return Array(text.utf8)
    }

    /// One small playbook of about 2 KB.
    static func smallPlaybook(_ index: Int) -> [UInt8] {
        var text = header(id: "bench-small-\(index)")
        text += "steps:\n"
        for step in 0..<2 { text += self.step(index * 10 + step, notes: 0) }
        return Array(text.utf8)
    }

    private static func header(id: String) -> String {
        """
        # 交易失败处理流程 (transaction failure playbook)
        playbook: \(id)
        version: 3
        title: "交易失败: 余额不足或支付信息错误"
        description: >
          Checks the order, tells the user the cause and the fix, verifies identity
          before any money moves, and follows up. 及时响应, 信息透明, 用户体验优先.
        anomaly: transaction_failed
        inputs:
          order_id: {type: string, required: true, pattern: "^ORD-[0-9]{6,}$"}
          amount: {type: decimal, required: false}
        sla:
          respond_within: 15m
          resolve_within: 24h
          on_breach: escalate

        """
    }

    private static func step(_ index: Int, notes: Int) -> String {
        var text = """
          - id: step_\(index)
            uses: wallet.contact_user
            description: "第\(index)步: 通知用户订单状态 (notify the user about order \(index))"
            when: ${{ steps.check.output.classification == 'transaction_failed' && inputs.amount > 0 }}
            timeout: 30s
            retry:
              attempts: 3
              backoff: exponential
              initial: 1s
              max: 30s
              jitter: true
              on: [network, timeout]
            with:
              channel: sms
              order_id: ${{ inputs.order_id }}
              message:
                zh: "您的订单支付失败, 原因: 余额不足。请充值后重新支付, 我们已为您保留订单。"
                en: "Your payment failed because the balance was too low. Top up and pay again; we kept your order."
              metadata:
                priority: \(index % 5)
                tags: [payment, notify, "tier-\(index % 3)"]
                account: {region: cn-east, currency: CNY, frozen: false}
            on:
              sent: next
              failed: escalate
              error: escalate

        """
        if notes > 0 {
            text += "    notes:\n"
            for note in 0..<notes {
                text += "      - \"备注 \(note): 用户已收到短信确认, 支付渠道状态正常, 无需重复验证身份 (note \(note) for step \(index)).\"\n"
                text += "      - {kind: check, ok: true, seen: \(note), by: ops-\(note % 7), at: \"2026-11-25T10:\(10 + note % 50):00Z\"}\n"
            }
        }
        return text
    }
}
