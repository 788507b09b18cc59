/// An input's text: its bytes as they are, or inflated when they start with the gzip magic
/// bytes (1f 8b). The content decides, never the name, so standard input and oddly named
/// files work; no JSON text can start with 0x1f, so plain input is never mistaken for gzip.
public struct DecompressingSource: ByteSource {
    static let gzipMagic: [UInt8] = [0x1F, 0x8B]

    private var source: any ByteSource
    private var decided = false
    private let path: String

    /// - Parameter path: how errors about the compressed data name the input.
    public init(_ source: any ByteSource, path: String) {
        self.source = source
        self.path = path
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        if !decided {
            let start = try Self.readStart(of: &source, count: Self.gzipMagic.count)
            let rest = PrefixedSource(prefix: start, rest: source)
            source = start == Self.gzipMagic ? GzipSource(compressed: rest, path: path) : rest
            decided = true
        }
        return try source.read(into: buffer)
    }

    /// Up to `count` bytes from the start of `source` (fewer only at its end: a pipe may
    /// deliver a single byte at first).
    private static func readStart(of source: inout any ByteSource, count: Int) throws(ReadError) -> [UInt8] {
        var start = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            var failure: ReadError?
            let read = start.withUnsafeMutableBytes { bytes in
                do throws(ReadError) {
                    return try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled...]))
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            if read == 0 { break }
            filled += read
        }
        return Array(start[..<filled])
    }
}

/// Bytes already read from a source, then the rest of it.
struct PrefixedSource: ByteSource {
    private let prefix: [UInt8]
    private var prefixOffset = 0
    private var rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        guard prefixOffset < prefix.count else { return try rest.read(into: buffer) }
        let count = min(buffer.count, prefix.count - prefixOffset)
        prefix.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[prefixOffset..<prefixOffset + count]))
        }
        prefixOffset += count
        return count
    }
}
