import Foundation

/// Finds where a value sits in a record's bytes, given its JSON pointer.
///
/// jansson keeps no source positions, so a finding's line and column are found afterwards by
/// walking the record's text along the pointer. It runs only when a finding is made.
public enum SourceLocator {
    /// Byte range of the value at each of `pointers` (RFC 6901) in the JSON text `bytes`; when
    /// a path does not exist, of the deepest value on it that does. For checking places from
    /// outside the library (the fuzz target).
    public static func ranges(ofPointers pointers: [String], in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let index = ElementIndex()
        return pointers.map { range(of: JSONPointer.tokens(of: $0), in: bytes, index: index) }
    }

    /// Byte offset of the value at `tokens` (reference tokens, already unescaped) inside `bytes`;
    /// when the path does not exist, the offset of the deepest value that does.
    ///
    /// With an `index`, the element offsets of every array walked through are remembered, so
    /// that locating many findings in one record costs one pass over it, not one per finding.
    static func offset(of tokens: some Collection<String>, in bytes: UnsafeBufferPointer<UInt8>, index: ElementIndex? = nil) -> Int {
        var walker = Walker(bytes: bytes)
        walker.skipWhitespace()
        var found = walker.index
        for token in tokens {
            guard walker.index < bytes.count else { break }
            let located: Bool
            switch bytes[walker.index] {
            case UInt8(ascii: "{"): located = walker.enterMember(named: token, index: index)
            case UInt8(ascii: "["): located = Int(token).map { walker.enterElement($0, index: index) } ?? false
            default: located = false
            }
            guard located else { break }
            found = walker.index
        }
        return min(found, bytes.count)
    }

    /// Byte range of the whole value at `tokens` (the deepest existing value when the path
    /// does not exist).
    static func range(of tokens: some Collection<String>, in bytes: UnsafeBufferPointer<UInt8>, index: ElementIndex? = nil) -> Range<Int> {
        let start = offset(of: tokens, in: bytes, index: index)
        var walker = Walker(bytes: bytes, index: start)
        walker.skipValue()
        return start..<min(max(walker.index, start), bytes.count)
    }

    /// Byte offset of the value of the one member named `name` in `bytes`, when `name` occurs
    /// as a key exactly once in the whole text; nil otherwise. `bytes` must be valid JSON and
    /// `name` needs no escaping in JSON.
    ///
    /// This finds a member without walking the text: in valid JSON, an unescaped quote followed
    /// by the name and a quote is a whole string (a quote inside a string is escaped), and a
    /// string followed by `:` is a key. The search misses a key spelt with `\u` escapes, so
    /// text holding any gives nil.
    static func valueOffsetOfOnlyKey(named name: String, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let quoted = Array("\"\(name)\"".utf8)
        guard let base = bytes.baseAddress, quoted.count <= bytes.count else { return nil }
        // memchr looks for one byte of the key: a capital letter, rare in JSON, when it has one.
        let anchor = quoted.firstIndex { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } ?? 1
        var found: Int?
        var searchFrom = anchor
        while searchFrom < bytes.count, let hit = memchr(base + searchFrom, Int32(quoted[anchor]), bytes.count - searchFrom) {
            let anchorOffset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            searchFrom = anchorOffset + 1
            let start = anchorOffset - anchor
            guard start >= 0, start + quoted.count <= bytes.count,
                  bytes[start..<start + quoted.count].elementsEqual(quoted),
                  !isEscaped(quoteAt: start, in: bytes)
            else { continue }
            var walker = Walker(bytes: bytes, index: start + quoted.count)
            walker.skipWhitespace()
            guard walker.index < bytes.count, bytes[walker.index] == UInt8(ascii: ":") else { continue }
            guard found == nil else { return nil }
            walker.index += 1
            walker.skipWhitespace()
            found = walker.index
        }
        guard let found, !containsUnicodeEscape(bytes) else { return nil }
        return found
    }

    /// Whether the quote at `offset` follows an odd number of backslashes.
    private static func isEscaped(quoteAt offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var backslashes = 0
        while offset - backslashes > 0, bytes[offset - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
        return backslashes % 2 == 1
    }

    /// Whether a backslash is followed by `u` anywhere (an escaped backslash before a `u` too:
    /// the answer only needs to be no when there is certainly no `\u` escape).
    private static func containsUnicodeEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var searchFrom = 0
        while searchFrom < bytes.count, let hit = memchr(base + searchFrom, Int32(UInt8(ascii: "\\")), bytes.count - searchFrom) {
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") { return true }
            searchFrom = offset + 1
        }
        return false
    }

    /// What has been learnt of a record's text while locating values in it: the offsets of
    /// the elements of arrays already walked, by the offset of the array's `[`, and the value
    /// offset of every member of objects already entered, by the offset of the object's `{`.
    final class ElementIndex {
        fileprivate var starts: [Int: [Int]] = [:]
        fileprivate var members: [Int: [String: Int]] = [:]
    }

    /// A forward-only cursor over JSON text that skips whole values.
    private struct Walker {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, RecordFramer.isWhitespace(bytes[index]) {
                index += 1
            }
        }

        /// From an object's `{`, moves to the value of member `name`; when the key repeats, to
        /// the last one, which is the value jansson keeps. Finding the last one means walking
        /// the whole object, so with an `index` every member is noted on the first walk and
        /// later lookups in the same object cost nothing.
        mutating func enterMember(named name: String, index memberIndex: ElementIndex?) -> Bool {
            guard let memberIndex else { return enterMember(named: name) }
            let start = index
            let members = memberIndex.members[start] ?? {
                let found = membersOfObject()
                memberIndex.members[start] = found
                return found
            }()
            index = members[name] ?? start
            return members[name] != nil
        }

        /// The value offset of each member of the object at `index` (the last, for a repeated key).
        private mutating func membersOfObject() -> [String: Int] {
            var members: [String: Int] = [:]
            forEachMember { quotedKey, valueOffset in
                if let key = Self.decodedKey(quotedKey) { members[key] = valueOffset }
            }
            return members
        }

        /// Calls `body` with the quoted key and the value offset of each member of the object
        /// whose `{` is at `index`, in text order, up to the first thing that is not a member;
        /// leaves `index` where it was.
        private mutating func forEachMember(_ body: (Slice<UnsafeBufferPointer<UInt8>>, Int) -> Void) {
            let start = index
            defer { index = start }
            index += 1
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { break }
                let keyStart = index
                skipString()
                let quotedKey = bytes[keyStart..<min(index, bytes.count)]
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { break }
                index += 1
                skipWhitespace()
                body(quotedKey, index)
                skipValue()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { break }
                index += 1
            }
        }

        /// A quoted key's text, decoding escapes only when it has any.
        private static func decodedKey(_ quoted: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
            guard quoted.count >= 2 else { return nil }
            let inner = quoted.dropFirst().dropLast()
            if !inner.contains(UInt8(ascii: "\\")) {
                return String(decoding: inner, as: UTF8.self)
            }
            return JSONText.decodeString(Array(quoted))
        }

        mutating func enterMember(named name: String) -> Bool {
            var found: Int?
            forEachMember { quotedKey, valueOffset in
                if Self.key(Array(quotedKey), equals: name) { found = valueOffset }
            }
            if let found { index = found }
            return found != nil
        }

        /// From an array's `[`, moves to element `position`, resuming from the furthest element
        /// `elementIndex` already knows.
        mutating func enterElement(_ position: Int, index elementIndex: ElementIndex? = nil) -> Bool {
            let start = index
            var known = elementIndex?.starts[start] ?? []
            defer { elementIndex?.starts[start] = known }
            if position < known.count {
                index = known[position]
                return true
            }
            var current = 0
            if let last = known.last {
                // Resume just after the last element found so far.
                index = last
                current = known.count - 1
                skipValue()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else {
                    index = start
                    return false
                }
                index += 1
                current += 1
            } else {
                index += 1
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] != UInt8(ascii: "]") else { break }
                if current == known.count { known.append(index) }
                if current == position { return true }
                skipValue()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { break }
                index += 1
                current += 1
            }
            index = start
            return false
        }

        mutating func skipString() {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\\") {
                    index = min(index + 1, bytes.count)
                } else if byte == UInt8(ascii: "\"") {
                    return
                }
            }
        }

        mutating func skipValue() {
            guard index < bytes.count else { return }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        skipString()
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return
                        }
                    default:
                        break
                    }
                    index += 1
                }
            default:
                while index < bytes.count, !ValueScanner.isDelimiter(bytes[index]) { index += 1 }
            }
        }

        /// Compares a quoted key with a name, decoding escapes only when the key has any.
        static func key(_ quoted: [UInt8], equals name: String) -> Bool {
            guard quoted.count >= 2 else { return false }
            let inner = quoted[1..<(quoted.count - 1)]
            if !inner.contains(UInt8(ascii: "\\")) {
                return inner.elementsEqual(name.utf8)
            }
            return JSONText.decodeString(quoted) == name
        }
    }
}
