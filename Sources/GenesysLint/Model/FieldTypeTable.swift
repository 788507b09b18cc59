/// The documented fields of every level with their JSON types (from the vocabulary), looked up
/// by the UTF-8 bytes of a member name: the model builder asks for the type of every member of
/// every object it reads.
struct FieldTypeTable: Sendable {
    private let table: ByteKeyedTable<Vocabulary.FieldType>

    init(_ fields: [Scope: [String: Vocabulary.FieldType]]) {
        table = ByteKeyedTable(fields.flatMap { scope, types in
            types.map { (key: Array($0.key.utf8), salt: scope.ordinal, value: $0.value) }
        })
    }

    /// The documented type of member `name` of a `scope` object, nil for an undocumented member.
    func type(of name: UnsafeBufferPointer<UInt8>, in scope: Scope) -> Vocabulary.FieldType? {
        table.value(for: name, salt: scope.ordinal)
    }
}

private extension Scope {
    var ordinal: UInt8 {
        switch self {
        case .conversation: 0
        case .participant: 1
        case .session: 2
        case .segment: 3
        case .metric: 4
        }
    }
}
