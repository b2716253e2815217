import RedressDiagnostics

/// Maps a character offset inside a scalar's value to a mark in the file, so that an error in
/// an expression points at its exact column.
///
/// Exact for single-line plain and quoted scalars whose text is written without escapes (the
/// common case); for others (escapes, folded or multi-line text) offsets point at the scalar's
/// start, which is still the right line.
package struct ScalarLocator: Sendable, Hashable {
    /// Where the scalar starts (its opening quote, if quoted).
    package var start: SourceMark
    /// Characters (and bytes: quotes are ASCII) between `start` and the value's first character,
    /// or `nil` when offsets cannot be mapped exactly.
    package var contentShift: Int?
    /// The scalar's value, to count bytes up to an offset.
    package var text: String

    /// Creates a locator.
    package init(start: SourceMark, contentShift: Int?, text: String) {
        self.start = start
        self.contentShift = contentShift
        self.text = text
    }

    /// The mark of the character at `offset` in the value.
    package func mark(at offset: Int) -> SourceMark {
        guard let contentShift else { return start }
        let clamped = max(0, min(offset, text.unicodeScalars.count))
        var mark = start
        mark.column += contentShift + clamped
        mark.offset += contentShift + text.unicodeScalars.prefix(clamped).reduce(0) { $0 + UTF8.width($1) }
        return mark
    }
}
