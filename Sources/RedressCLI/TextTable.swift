import RedressDiagnostics

/// A plain-text table for people: each column as wide as its widest cell, so no value (an order
/// id, a run id) is ever cut; the last column is left unpadded. Cells are escaped
/// (`TerminalText`): a value from outside cannot break a row or forge one.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map(TerminalText.escape) }
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        var lines: [String] = []
        for row in all {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
