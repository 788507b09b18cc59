import CJSONArena
import CJansson
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only view of one value inside a `JSONDocument`.
///
/// Borrowed, not owned: valid only inside the `withRoot` closure of its document.
public struct JSONValue {
    let raw: UnsafeMutablePointer<json_t>

    init(_ raw: UnsafeMutablePointer<json_t>) {
        self.raw = raw
    }

    public enum Kind: String, Sendable {
        case object, array, string, integer, real, `true`, `false`, null

        /// The JSON type name a user sees in messages ("boolean", not "true").
        public var typeName: String {
            switch self {
            case .true, .false: "boolean"
            case .integer: "integer"
            case .real: "number"
            default: rawValue
            }
        }

        /// A value of this kind in a sentence: "an object", "a string", "null"… Every message
        /// that names a JSON type says it this way.
        public var phrase: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .integer: "an integer"
            case .real: "a number with a fraction"
            case .true, .false: "a boolean"
            case .null: "null"
            }
        }

        /// A number of either kind in a sentence.
        public static let numberPhrase = "a number"

        /// A value known only by its first byte in a sentence ("a number" for either kind of
        /// number); nil when no JSON value starts with that byte.
        public static func phrase(ofValueStartingWith byte: UInt8) -> String? {
            switch byte {
            case UInt8(ascii: "\""): Kind.string.phrase
            case UInt8(ascii: "{"): Kind.object.phrase
            case UInt8(ascii: "["): Kind.array.phrase
            case UInt8(ascii: "t"), UInt8(ascii: "f"): Kind.true.phrase
            case UInt8(ascii: "n"): Kind.null.phrase
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): numberPhrase
            default: nil
            }
        }
    }

    public var kind: Kind {
        switch gl_json_typeof(raw) {
        case JSON_OBJECT: .object
        case JSON_ARRAY: .array
        case JSON_STRING: .string
        case JSON_INTEGER: .integer
        case JSON_REAL: .real
        case JSON_TRUE: .true
        case JSON_FALSE: .false
        default: .null
        }
    }

    public var isNull: Bool { kind == .null }

    // MARK: Objects

    /// The member named `key`, or nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        var key = key
        return key.withUTF8 { member(utf8: $0) }
    }

    /// The member whose name is the UTF-8 text `key`, or nil when absent or when this is not
    /// an object. For callers that keep their names as bytes, so a lookup builds no string.
    public func member(utf8 key: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        guard let base = key.baseAddress else {
            // An empty name still needs a pointer to pass.
            var nothing: CChar = 0
            return json_object_getn(raw, &nothing, 0).map(JSONValue.init)
        }
        return base.withMemoryRebound(to: CChar.self, capacity: key.count) { chars in
            json_object_getn(raw, chars, key.count).map(JSONValue.init)
        }
    }

    /// Calls `body` with each member of an object, in document order; the first error `body`
    /// throws ends the walk and is thrown on, typed as `body` throws it.
    public func forEachMember<Failure: Error>(_ body: (String, JSONValue) throws(Failure) -> Void) throws(Failure) {
        try forEachRawMember { (key, value) throws(Failure) in try body(String(decoding: key, as: UTF8.self), value) }
    }

    /// Calls `body` with the UTF-8 name and the value of each member of an object, in document
    /// order; the name's bytes are valid only during the call. For callers that look names up
    /// without building strings.
    public func forEachRawMember<Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>, JSONValue) throws(Failure) -> Void) throws(Failure) {
        guard gl_json_typeof(raw) == JSON_OBJECT else { return }
        var iterator = json_object_iter(raw)
        while let current = iterator {
            guard let keyPointer = json_object_iter_key(current), let value = json_object_iter_value(current) else { break }
            // jansson's keys are bytes; C sees them as chars.
            let key = UnsafeBufferPointer(start: UnsafeRawPointer(keyPointer).assumingMemoryBound(to: UInt8.self), count: json_object_iter_key_len(current))
            try body(key, JSONValue(value))
            iterator = json_object_iter_next(raw, current)
        }
    }

    // MARK: Arrays

    /// Number of elements of an array or members of an object; 0 for anything else.
    public var count: Int {
        switch gl_json_typeof(raw) {
        case JSON_ARRAY: json_array_size(raw)
        case JSON_OBJECT: json_object_size(raw)
        default: 0
        }
    }

    /// Element `index` of an array, or nil.
    public subscript(index: Int) -> JSONValue? {
        guard index >= 0, let element = json_array_get(raw, index) else { return nil }
        return JSONValue(element)
    }

    /// The elements of an array (empty for anything else).
    public var elements: JSONElements { JSONElements(array: self) }

    // MARK: Scalars

    public var string: String? {
        withUTF8 { String(decoding: $0, as: UTF8.self) }
    }

    /// `body`'s result for the UTF-8 bytes of a string (valid only during the call), nil when
    /// this is not a string: reads a string without building a Swift one.
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard gl_json_typeof(raw) == JSON_STRING, let chars = json_string_value(raw) else { return nil }
        let length = json_string_length(raw)
        return try chars.withMemoryRebound(to: UInt8.self, capacity: length) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Whether this is a string equal to `text`, without building a Swift string.
    public func isString(_ text: StaticString) -> Bool {
        guard gl_json_typeof(raw) == JSON_STRING, let chars = json_string_value(raw) else { return false }
        let length = json_string_length(raw)
        guard length == text.utf8CodeUnitCount else { return false }
        return memcmp(chars, text.utf8Start, length) == 0
    }

    public var integer: Int64? {
        gl_json_typeof(raw) == JSON_INTEGER ? Int64(json_integer_value(raw)) : nil
    }

    /// The value of an integer or real number.
    public var number: Double? {
        switch gl_json_typeof(raw) {
        case JSON_INTEGER: Double(json_integer_value(raw))
        case JSON_REAL: json_real_value(raw)
        default: nil
        }
    }

    public var bool: Bool? {
        switch gl_json_typeof(raw) {
        case JSON_TRUE: true
        case JSON_FALSE: false
        default: nil
        }
    }

    /// Whether `other` is the same JSON value: same type, same members (in any order) and
    /// elements, equal scalars.
    public func isEqual(to other: JSONValue) -> Bool {
        json_equal(raw, other.raw) != 0
    }

    // MARK: Writing

    /// Compact JSON text of this value.
    public func serialized() -> [UInt8] {
        Self.compactText(of: raw)
    }

    /// Compact JSON text of this object without the members named in `omitted`, the others in
    /// their order; of any other value, as `serialized()`.
    public func serialized(omitting omitted: Set<String>) -> [UInt8] {
        guard gl_json_typeof(raw) == JSON_OBJECT, let copy = json_object() else { return serialized() }
        defer { gl_json_decref(copy) }
        forEachMember { key, value in
            // The copy holds references to this object's values, not copies of them.
            if !omitted.contains(key) { json_object_set(copy, key, value.raw) }
        }
        return Self.compactText(of: copy)
    }

    private static func compactText(of value: UnsafeMutablePointer<json_t>) -> [UInt8] {
        let flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER
        guard let text = json_dumps(value, Int(flags)) else { return [] }
        // Allocated by jansson, so freed by its allocator.
        defer { gl_json_free(text) }
        let length = strlen(text)
        return text.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}

/// The elements of a JSON array, as a Swift collection.
public struct JSONElements: RandomAccessCollection {
    let array: JSONValue

    public var startIndex: Int { 0 }
    public var endIndex: Int { gl_json_typeof(array.raw) == JSON_ARRAY ? json_array_size(array.raw) : 0 }

    public subscript(position: Int) -> JSONValue {
        guard let element = json_array_get(array.raw, position) else {
            preconditionFailure("JSON array index \(position) out of range")
        }
        return JSONValue(element)
    }
}
