import CJSONArena
import CJansson
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed JSON document. Owns the jansson tree; every `JSONValue` read from it is valid
/// only while the document is alive, which is why the tree is only reached through
/// `withRoot` and never stored by callers.
public final class JSONDocument {
    private let root: UnsafeMutablePointer<json_t>
    /// Whether the tree is freed with the document; a tree made in an arena scope (see
    /// `withArena`) is freed with the arena instead, all at once.
    private let ownsTree: Bool

    init(root: UnsafeMutablePointer<json_t>) {
        self.root = root
        ownsTree = !JanssonRuntime.inArena
    }

    deinit {
        if ownsTree { gl_json_decref(root) }
    }

    /// Runs `body` with every JSON tree made on this thread (parsed, copied, edited) allocated
    /// in the thread's arena, which is emptied when the outermost such call returns: no tree
    /// made in `body` may be used after it. Checking a record this way costs no malloc and no
    /// free for its tree, about a tenth of the work of reading it.
    public static func withArena<Result>(_ body: () throws -> Result) rethrows -> Result {
        JanssonRuntime.prepare()
        gl_json_arena_begin()
        defer { gl_json_arena_end() }
        return try body()
    }

    /// Parses exactly one JSON value from `bytes` (no NUL terminator needed).
    ///
    /// Any JSON value is accepted at the top level; strings may hold `\u0000`; a key that
    /// repeats keeps its last value, as in most JSON readers.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONDocument, JSONParseError> {
        JanssonRuntime.load(bytes, wholeBuffer: true).map { JSONDocument(root: $0.root) }
    }

    /// Parses the first JSON value of `bytes`, which may be followed by anything (the next
    /// value of a stream): the document, and how many bytes it took, with the whitespace
    /// before it.
    public static func parseFirstValue(_ bytes: UnsafeRawBufferPointer) -> Result<(document: JSONDocument, length: Int), JSONParseError> {
        JanssonRuntime.load(bytes, wholeBuffer: false).map { (JSONDocument(root: $0.root), $0.length) }
    }

    public static func parse(_ bytes: [UInt8]) -> Result<JSONDocument, JSONParseError> {
        bytes.withUnsafeBytes { parse($0) }
    }

    public static func parse(_ text: String) -> Result<JSONDocument, JSONParseError> {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Gives `body` the root value; the value must not escape the closure.
    public func withRoot<Result, Failure: Error>(_ body: (JSONValue) throws(Failure) -> Result) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(JSONValue(root))
    }

    /// Compact JSON text of the whole document, keys in their original order.
    public func serialized() -> [UInt8] {
        withRoot { $0.serialized() }
    }
}

/// Why jansson could not parse a buffer, with the position it reports.
public struct JSONParseError: Error, Sendable, Equatable {
    /// jansson's description, e.g. "'}' expected near end of file".
    public let message: String
    /// Bytes read before the error was detected (0-based offset into the buffer).
    public let position: Int
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        case endOfInput
        case invalidSyntax
        case invalidUTF8
        case nestingTooDeep
        case numberOutOfRange
        case other
    }

    init(_ error: json_error_t) {
        var text = error.text
        message = withUnsafeBytes(of: &text) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        position = Int(error.position)
        var copy = error
        kind = switch json_error_code(&copy) {
        case json_error_premature_end_of_input: .endOfInput
        case json_error_invalid_syntax, json_error_end_of_input_expected, json_error_wrong_type: .invalidSyntax
        case json_error_invalid_utf8: .invalidUTF8
        case json_error_stack_overflow: .nestingTooDeep
        case json_error_numeric_overflow: .numberOutOfRange
        default: .other
        }
    }

    public init(message: String, position: Int, kind: Kind) {
        self.message = message
        self.position = position
        self.kind = kind
    }
}

/// One-time setup jansson needs before it is used from several threads, and the one call
/// that parses.
enum JanssonRuntime {
    private static let prepared: Void = {
        // The allocator must be in place before jansson allocates anything.
        gl_json_arena_install()
        // Seeding the hash function lazily from two threads at once is a documented race.
        json_object_seed(0)
    }()

    /// Whether this thread is inside `JSONDocument.withArena`.
    static var inArena: Bool { gl_json_arena_active() != 0 }

    static func prepare() {
        _ = prepared
    }

    /// A new reference to the tree parsed from `bytes`, and the bytes it took. Any value is
    /// accepted at the top level; strings may hold `\u0000`; a key that repeats keeps its last
    /// value. With `wholeBuffer`, anything but whitespace after the value is an error.
    static func load(_ bytes: UnsafeRawBufferPointer, wholeBuffer: Bool) -> Result<(root: UnsafeMutablePointer<json_t>, length: Int), JSONParseError> {
        // jansson ends the text at some NUL bytes and skips others (`4\0}` reads as `4}`); a
        // NUL is JSON nowhere, so the text ends at the first one, wherever it is.
        if let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) {
            let offset = UnsafeRawPointer(nul) - base
            let before = UnsafeRawBufferPointer(rebasing: bytes[..<offset])
            let parsed = load(before, wholeBuffer: wholeBuffer)
            guard wholeBuffer, case .success(let value) = parsed else { return parsed }
            gl_json_decref(value.root)
            return .failure(JSONParseError(message: "NUL byte (0x00) after the value", position: offset, kind: .endOfInput))
        }
        prepare()
        var error = json_error_t()
        let flags = JSON_DECODE_ANY | JSON_ALLOW_NUL | (wholeBuffer ? 0 : JSON_DISABLE_EOF_CHECK)
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        // jansson rejects a NULL buffer even for length 0; an empty string literal stands in.
        let parsed: UnsafeMutablePointer<json_t>? =
            if let base { json_loadb(base, bytes.count, Int(flags), &error) } else { json_loadb("", 0, Int(flags), &error) }
        guard let parsed else {
            return .failure(JSONParseError(error))
        }
        // On success jansson leaves in `position` the bytes it read.
        return .success((parsed, min(max(Int(error.position), 0), bytes.count)))
    }
}
