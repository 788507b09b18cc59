extension Rule {
    /// The value expressions of the rule's declared patch, if any.
    var fixValues: [Expression] {
        guard case .patch(let operations)? = fix?.action else { return [] }
        return operations.compactMap(\.value)
    }
}

/// The repair a rule declares for what it finds, applied by `genesys-lint fix`. A rule may
/// declare one only where the repaired value means exactly what the broken one meant: another
/// API's spelling of a value with one analytics name, a timestamp whose instant is beyond
/// doubt. Nothing that would guess is ever declared.
public struct RuleFix: Sendable {
    /// For a person: what the fix writes.
    public let description: String
    let action: Action

    enum Action: Sendable {
        /// JSON Patch operations (RFC 6902) on the object a condition rule fired on.
        case patch([Operation])
        /// A rewrite the reader makes of the values its rule reports (a reader rule's fix).
        case normalize(Normalization)
    }

    /// The rewrites a reader rule may declare.
    enum Normalization: String, Sendable, CaseIterable {
        /// Every documented timestamp in a form other than `yyyy-MM-ddTHH:mm:ss.SSSZ` whose
        /// instant is exact (an explicit zone, no digits below the millisecond), written in that
        /// form in UTC.
        case timestamps

        /// The reader check whose findings this rewrite answers.
        var check: ReaderCheck {
            switch self {
            case .timestamps: .nonstandardTimestamp
            }
        }
    }

    /// One JSON Patch operation, its path taken from the rule's object and its value an
    /// expression of the rule language evaluated there.
    struct Operation: Sendable {
        enum Kind: String, Sendable, CaseIterable {
            case add, replace, remove
        }

        let kind: Kind
        /// Reference tokens from the object the rule fired on.
        let path: [String]
        /// The value to write; nil for `remove`.
        let value: Expression?
        /// The value's expression as written, for `explain`.
        let valueText: String?
    }

    /// The operations in JSON Patch form, their values as the rule writes them, for `explain`.
    public var declaration: [String] {
        switch action {
        case .patch(let operations):
            operations.map { operation in
                let path = operation.path.reduce("") { JSONPointer.appending($1, to: $0) }
                return operation.valueText.map { "\(operation.kind.rawValue) \(path) = \($0)" } ?? "\(operation.kind.rawValue) \(path)"
            }
        case .normalize(let normalization):
            ["normalize \(normalization.rawValue)"]
        }
    }
}
