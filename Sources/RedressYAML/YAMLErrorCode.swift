/// The stable codes of every problem the YAML layer reports.
///
/// The raw values are what users see in brackets (`[duplicate-key]`) and what tools match on;
/// never rename one.
public enum YAMLErrorCode: String, Sendable, Hashable, CaseIterable {
    /// libyaml could not scan or parse the text.
    case syntax = "yaml-syntax"
    /// The bytes are not valid UTF-8.
    case invalidUTF8 = "invalid-utf8"
    /// A raw NUL byte (write `"\0"` inside a double-quoted string instead).
    case nulByte = "nul-byte"
    /// The file looks like UTF-16 or UTF-32 text without a byte order mark.
    case utf16WithoutBOM = "utf16-without-bom"
    /// UTF-16 or UTF-32 with a byte order mark: playbooks are UTF-8.
    case unsupportedEncoding = "unsupported-encoding"
    /// The file is empty or holds only comments.
    case emptyDocument = "empty-document"
    /// More than one YAML document where exactly one is expected.
    case multipleDocuments = "multiple-documents"
    /// The top level is not a mapping where one is required.
    case notAMapping = "not-a-mapping"
    /// The same key twice in one mapping.
    case duplicateKey = "duplicate-key"
    /// `*name` with no `&name` before it in the same document.
    case undefinedAlias = "undefined-alias"
    /// `*name` used inside the node that `&name` anchors.
    case recursiveAlias = "recursive-alias"
    /// `*name` refers to an anchor of an earlier document.
    case aliasAcrossDocuments = "alias-across-documents"
    /// Aliases would expand the document past its budget (billion laughs).
    case aliasBudgetExceeded = "alias-budget-exceeded"
    /// A `<<` merge key.
    case mergeKey = "merge-key"
    /// A tag outside the YAML 1.2 core schema.
    case disallowedTag = "disallowed-tag"
    /// A `%TAG` directive.
    case tagDirective = "tag-directive"
    /// A core-schema tag on a scalar that does not fit it (`!!int abc`).
    case tagMismatch = "tag-mismatch"
    /// Nesting deeper than the limit.
    case depthLimit = "depth-limit"
    /// The file is larger than the limit.
    case fileTooLarge = "file-too-large"
    /// One scalar is longer than the limit.
    case scalarTooLong = "scalar-too-long"
    /// The document has more nodes than the limit.
    case nodeLimit = "node-limit"
    /// The file could not be read.
    case unreadable = "unreadable-file"
}
