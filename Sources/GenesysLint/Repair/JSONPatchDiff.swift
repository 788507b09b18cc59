import GenesysJSON

/// The JSON Patch (RFC 6902) that turns one JSON value into another, as `fix` logs it: applied
/// to the conversation as it was read, the operations give the conversation as it was written.
///
/// Members are compared by name and elements by position; a member the repair renamed (the
/// Python SDK's `conversation_id`, now `conversationId`) is a `move` followed by the changes
/// inside it, so that the log reads as what happened rather than as a removal and an addition.
/// Arrays of another length, and values nested deeper than `maximumDepth`, are replaced whole.
enum JSONPatchDiff {
    /// The nesting beyond which a changed value is replaced whole, so the walk stays shallow
    /// whatever depth jansson accepted (conversations nest about eight levels).
    static let maximumDepth = 48

    /// The operations, each as compact JSON text. `renamedAs` gives the name a member of the
    /// source may have been given in the target (nil when members keep their names).
    static func operations(from source: JSONValue, to target: JSONValue, renamedAs: (String) -> String?) -> [String] {
        var operations: [String] = []
        diff(source, target, at: "", depth: 0, renamedAs: renamedAs, into: &operations)
        return operations
    }

    private static func diff(_ source: JSONValue, _ target: JSONValue, at pointer: String, depth: Int, renamedAs: (String) -> String?, into operations: inout [String]) {
        guard !source.isEqual(to: target) else { return }
        switch (source.kind, target.kind) {
        case (.object, .object) where depth < maximumDepth:
            var moved: Set<String> = []
            source.forEachMember { name, value in
                guard target[name] == nil else { return }
                if let newName = renamedAs(name), newName != name, source[newName] == nil, let renamed = target[newName], !moved.contains(newName) {
                    moved.insert(newName)
                    let to = JSONPointer.appending(newName, to: pointer)
                    operations.append(operation("move", path: to, from: JSONPointer.appending(name, to: pointer)))
                    diff(value, renamed, at: to, depth: depth + 1, renamedAs: renamedAs, into: &operations)
                } else {
                    operations.append(operation("remove", path: JSONPointer.appending(name, to: pointer)))
                }
            }
            target.forEachMember { name, value in
                let path = JSONPointer.appending(name, to: pointer)
                if let before = source[name] {
                    diff(before, value, at: path, depth: depth + 1, renamedAs: renamedAs, into: &operations)
                } else if !moved.contains(name) {
                    operations.append(operation("add", path: path, value: value))
                }
            }
        case (.array, .array) where depth < maximumDepth && source.count == target.count:
            for (index, (before, after)) in zip(source.elements, target.elements).enumerated() {
                diff(before, after, at: pointer + "/\(index)", depth: depth + 1, renamedAs: renamedAs, into: &operations)
            }
        default:
            operations.append(operation("replace", path: pointer, value: target))
        }
    }

    private static func operation(_ op: String, path: String, from: String? = nil, value: JSONValue? = nil) -> String {
        var members = [("op", JSONWriter.quoted(op))]
        if let from { members.append(("from", JSONWriter.quoted(from))) }
        members.append(("path", JSONWriter.quoted(path)))
        if let value { members.append(("value", String(decoding: value.serialized(), as: UTF8.self))) }
        return JSONWriter.object(members)
    }
}
