import CJansson

/// What becomes of one member of an object being copied (see `JSONDocument.copy`).
public enum MemberEdit: Sendable, Equatable {
    /// Kept, under this name.
    case keep(as: String)
    /// Kept under this name, its value replaced by this string.
    case replace(as: String, string: String)
    /// Left out.
    case drop
}

extension JSONDocument {
    /// A deep copy of `value` in a document of its own, each member of each object renamed,
    /// dropped or given a new string value as `edit` says. `edit` sees the names (as edited) of
    /// the members that lead from `value` to the object holding the member (array elements add
    /// none), the member's name and its value. The copy is made without recursion, so any depth
    /// jansson accepted can be copied on any thread.
    public static func copy(of value: JSONValue, editingMembers edit: (_ path: [String], _ name: String, _ value: JSONValue) -> MemberEdit) -> JSONDocument {
        JanssonRuntime.prepare()
        /// A container still to fill: its source, its copy and the path to it.
        struct Pending {
            let source: UnsafeMutablePointer<json_t>
            let copy: UnsafeMutablePointer<json_t>
            let path: [String]
        }
        var pending: [Pending] = []
        /// A copy of `source`: scalars whole (jansson copies them cheaply), containers empty and
        /// queued to be filled.
        func start(_ source: UnsafeMutablePointer<json_t>, path: [String]) -> UnsafeMutablePointer<json_t> {
            switch gl_json_typeof(source) {
            case JSON_OBJECT, JSON_ARRAY:
                // Only an allocation failure leaves jansson without a container to give.
                let isObject = gl_json_typeof(source) == JSON_OBJECT
                guard let copy = isObject ? json_object() : json_array() else { return json_null() }
                pending.append(Pending(source: source, copy: copy, path: path))
                return copy
            default:
                return json_copy(source)
            }
        }
        let root = start(value.raw, path: [])
        while let container = pending.popLast() {
            if gl_json_typeof(container.source) == JSON_ARRAY {
                for index in 0..<json_array_size(container.source) {
                    guard let element = json_array_get(container.source, index) else { continue }
                    json_array_append_new(container.copy, start(element, path: container.path))
                }
                continue
            }
            JSONValue(container.source).forEachMember { name, member in
                switch edit(container.path, name, member) {
                case .drop:
                    break
                case .keep(let newName):
                    json_object_set_new(container.copy, newName, start(member.raw, path: container.path + [newName]))
                case .replace(let newName, let text):
                    json_object_set_new(container.copy, newName, json_stringn(text, text.utf8.count))
                }
            }
        }
        return JSONDocument(root: root)
    }
}
