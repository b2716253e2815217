import RedressPlaybook

/// Turns `-i key=value` options into inputs (typed later against the playbook's input specs).
enum InputParser {
    struct Malformed: Error {
        let text: String
    }

    static func parse(_ pairs: [String]) throws(Malformed) -> [String: Value] {
        var inputs: [String: Value] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw Malformed(text: pair) }
            inputs[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
        }
        return inputs
    }
}
