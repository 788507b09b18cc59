import Foundation

/// Finding bytes in bytes with memchr and memcmp: a byte-by-byte loop (or the standard
/// library's generic search) is slow under the fuzzer's instrumentation.
enum ByteSearch {
    /// Where `needle` first occurs in `haystack[range]`, nil when it does not.
    static func firstOccurrence(of needle: some ContiguousBytes, in haystack: [UInt8], within range: Range<Int>) -> Int? {
        needle.withUnsafeBytes { needle in
            guard range.lowerBound >= 0, range.upperBound <= haystack.count else { return nil }
            guard let needleBase = needle.baseAddress, let first = needle.first else { return range.lowerBound }
            return haystack.withUnsafeBytes { haystack in
                guard let base = haystack.baseAddress else { return nil }
                var candidate = range.lowerBound
                while candidate + needle.count <= range.upperBound,
                      let hit = memchr(base + candidate, Int32(first), range.upperBound - needle.count + 1 - candidate) {
                    candidate = UnsafeRawPointer(hit) - base
                    if memcmp(hit, needleBase, needle.count) == 0 { return candidate }
                    candidate += 1
                }
                return nil
            }
        }
    }
}
