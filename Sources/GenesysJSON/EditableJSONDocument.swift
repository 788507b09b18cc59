import CJSONArena
import CJansson
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One step from a value to a value inside it.
public enum JSONStep: Hashable, Sendable {
    case member(String)
    case element(Int)
}

/// A parsed document whose values can be replaced, removed, inserted, copied and reordered,
/// then written out again: for repairing conversations (`genesys-lint fix`) and for making
/// variations of documents (the fuzzer's structure-aware mutator). Checking never edits; it
/// reads `JSONDocument`s.
///
/// Values are named by their path from the root; an edit whose path does not exist, or does
/// not fit the value it reaches, changes nothing and returns false.
public final class EditableJSONDocument {
    private var root: UnsafeMutablePointer<json_t>
    /// Whether the tree is freed with the document (not when made in an arena scope).
    private let ownsTree: Bool

    private init(root: UnsafeMutablePointer<json_t>) {
        self.root = root
        ownsTree = !JanssonRuntime.inArena
    }

    deinit {
        if ownsTree { gl_json_decref(root) }
    }

    /// A deep copy of `value`, to edit without touching the document it belongs to.
    public convenience init(copying value: JSONValue) {
        JanssonRuntime.prepare()
        // Only an allocation failure leaves jansson without a copy; null then stands in.
        self.init(root: json_deep_copy(value.raw) ?? json_null())
    }

    /// Parses exactly one JSON value, as `JSONDocument.parse` does; nil when it is not JSON.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> EditableJSONDocument? {
        guard case .success(let parsed) = JanssonRuntime.load(bytes, wholeBuffer: true) else { return nil }
        return EditableJSONDocument(root: parsed.root)
    }

    /// Gives `body` the root value to read; the value must not escape the closure, nor be
    /// kept across an edit.
    public func withRoot<Result>(_ body: (JSONValue) throws -> Result) rethrows -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(JSONValue(root))
    }

    /// A value to put into the document.
    public enum NewValue {
        case string(String)
        case integer(Int64)
        case real(Double)
        case bool(Bool)
        case null
        case emptyObject
        case emptyArray
        /// A deep copy of the value now at this path.
        case copy(of: [JSONStep])
        /// A deep copy of a value of any document, read while that document is alive.
        case copyOfValue(JSONValue)
    }

    /// Puts `value` in place of the value at `path` (the root for an empty path).
    @discardableResult
    public func replace(at path: [JSONStep], with value: NewValue) -> Bool {
        guard let last = path.last else {
            guard let made = make(value) else { return false }
            gl_json_decref(root)
            root = made
            return true
        }
        guard let parent = self.value(at: path.dropLast()), exists(last, in: parent), let made = make(value) else { return false }
        return put(made, at: last, in: parent)
    }

    /// Inserts `value` before element `index` of an array (`index` may be its count), or sets
    /// a member of an object, which becomes the last member when it is new.
    @discardableResult
    public func insert(_ value: NewValue, at path: [JSONStep]) -> Bool {
        guard let last = path.last, let parent = self.value(at: path.dropLast()), let made = make(value) else { return false }
        switch last {
        case .member:
            return put(made, at: last, in: parent)
        case .element(let index):
            guard gl_json_typeof(parent) == JSON_ARRAY, index >= 0, index <= json_array_size(parent) else {
                gl_json_decref(made)
                return false
            }
            return json_array_insert_new(parent, index, made) == 0
        }
    }

    /// Removes a member or an element.
    @discardableResult
    public func remove(at path: [JSONStep]) -> Bool {
        guard let last = path.last, let parent = self.value(at: path.dropLast()), exists(last, in: parent) else { return false }
        switch last {
        case .member(let name):
            // The length is passed, so a name holding NUL is whole.
            return name.withCString { json_object_deln(parent, $0, name.utf8.count) == 0 }
        case .element(let index):
            return json_array_remove(parent, index) == 0
        }
    }

    /// Exchanges elements `first` and `second` of the array at `path`.
    @discardableResult
    public func swapElements(inArrayAt path: [JSONStep], _ first: Int, _ second: Int) -> Bool {
        guard let array = value(at: path[...]), gl_json_typeof(array) == JSON_ARRAY,
              let a = json_array_get(array, first), let b = json_array_get(array, second), first != second
        else { return false }
        // Each element is held by one more reference while the other takes its place.
        gl_json_incref(a)
        gl_json_incref(b)
        return json_array_set_new(array, first, b) == 0 && json_array_set_new(array, second, a) == 0
    }

    /// Moves the member at `path` to the end of its object, keeping its value.
    @discardableResult
    public func moveMemberToEnd(at path: [JSONStep]) -> Bool {
        guard case .member = path.last, let value = self.value(at: path[...]) else { return false }
        gl_json_incref(value)
        defer { gl_json_decref(value) }
        guard remove(at: path), let last = path.last, let parent = self.value(at: path.dropLast()) else { return false }
        return put(gl_json_incref(value), at: last, in: parent)
    }

    /// The document as JSON text: compact, or with `indent` spaces per level (at most 31);
    /// with `asciiOnly`, every other character written as a `\u` escape.
    public func serialized(indent: Int = 0, asciiOnly: Bool = false) -> [UInt8] {
        // JSON_INDENT(n) is a macro: the indent is the flags' low five bits.
        var flags = Int(JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) | min(max(indent, 0), 0x1F)
        if indent == 0 { flags |= Int(JSON_COMPACT) }
        if asciiOnly { flags |= Int(JSON_ENSURE_ASCII) }
        guard let text = json_dumps(root, flags) else { return [] }
        // Allocated by jansson, so freed by its allocator.
        defer { gl_json_free(text) }
        let length = strlen(text)
        return text.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    // MARK: Helpers

    private func value(at path: some Collection<JSONStep>) -> UnsafeMutablePointer<json_t>? {
        var current = root
        for step in path {
            guard let next = child(step, of: current) else { return nil }
            current = next
        }
        return current
    }

    private func child(_ step: JSONStep, of value: UnsafeMutablePointer<json_t>) -> UnsafeMutablePointer<json_t>? {
        switch step {
        case .member(let name):
            return JSONValue(value)[name]?.raw
        case .element(let index):
            guard gl_json_typeof(value) == JSON_ARRAY, index >= 0 else { return nil }
            return json_array_get(value, index)
        }
    }

    private func exists(_ step: JSONStep, in parent: UnsafeMutablePointer<json_t>) -> Bool {
        child(step, of: parent) != nil
    }

    /// Stores `made` (a new reference, which this takes over) as the member or element `step`.
    private func put(_ made: UnsafeMutablePointer<json_t>, at step: JSONStep, in parent: UnsafeMutablePointer<json_t>) -> Bool {
        switch step {
        case .member(let name):
            guard gl_json_typeof(parent) == JSON_OBJECT else {
                gl_json_decref(made)
                return false
            }
            // jansson takes the reference even when it fails.
            return name.withCString { json_object_setn_new(parent, $0, name.utf8.count, made) == 0 }
        case .element(let index):
            guard gl_json_typeof(parent) == JSON_ARRAY, index >= 0, index < json_array_size(parent) else {
                gl_json_decref(made)
                return false
            }
            return json_array_set_new(parent, index, made) == 0
        }
    }

    /// A new reference to a value made from `value`; nil when a copy's path does not exist.
    private func make(_ value: NewValue) -> UnsafeMutablePointer<json_t>? {
        switch value {
        case .string(let text):
            return text.withCString { json_stringn($0, text.utf8.count) }
        case .integer(let number): return json_integer(json_int_t(number))
        case .real(let number): return json_real(number)
        case .bool(let flag): return flag ? json_true() : json_false()
        case .null: return json_null()
        case .emptyObject: return json_object()
        case .emptyArray: return json_array()
        case .copy(let path): return self.value(at: path).flatMap { json_deep_copy($0) }
        case .copyOfValue(let value): return json_deep_copy(value.raw)
        }
    }
}
