import CZlib

/// Inflates gzip data read from another source, as a stream: compressed bytes are read in
/// fixed-size chunks and inflated straight into the caller's buffer, so memory stays the same
/// whatever the size of the file. Concatenated members (`cat a.gz b.gz`) read as one text,
/// as `gzip -d` reads them.
///
/// Every use of zlib's `z_stream` is in this file.
final class GzipSource: ByteSource {
    private var compressed: any ByteSource
    private let path: String
    /// zlib keeps a pointer back to its `z_stream`, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private let initStatus: Int32
    private var compressedEnded = false
    /// The member before has ended; more input means another member.
    private var betweenMembers = false
    private var decompressedBytes = 0
    /// Once the data is found corrupt or cut, every later read says so again.
    private var failure: ReadError?

    static let defaultInputChunkSize = 64 << 10

    /// - Parameters:
    ///   - compressed: the gzip bytes, from their first byte.
    ///   - path: how errors name the input.
    ///   - inputChunkSize: compressed bytes read at a time.
    init(compressed: any ByteSource, path: String, inputChunkSize: Int = GzipSource.defaultInputChunkSize) {
        self.compressed = compressed
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: max(1, inputChunkSize), alignment: 1)
        initStatus = gl_inflate_init_gzip(stream)
    }

    deinit {
        if initStatus == Z_OK { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        if let failure { throw failure }
        guard initStatus == Z_OK else {
            throw remember(.unreadable(path: path, reason: "zlib could not start inflating (\(Self.describe(initStatus)))"))
        }
        guard let output = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = min(buffer.count, Int(UInt32.max))
        while true {
            if stream.pointee.avail_in == 0, !compressedEnded { try refill() }
            if betweenMembers {
                guard stream.pointee.avail_in > 0 else { return 0 }
                inflateReset(stream)
                betweenMembers = false
            }
            stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(capacity)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = capacity - Int(stream.pointee.avail_out)
            decompressedBytes += produced
            switch status {
            case Z_STREAM_END:
                betweenMembers = true
                if produced > 0 { return produced }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if stream.pointee.avail_in == 0 {
                    if compressedEnded { throw remember(.truncatedCompressedData(path: path, decompressedBytes: decompressedBytes)) }
                } else if status == Z_BUF_ERROR {
                    // Input and room for output but no progress: zlib cannot go on, and
                    // looping would never end.
                    throw remember(corruption(status))
                }
            default:
                let error = corruption(status)
                // Hand on the text inflated before the damage first, so its records are
                // checked; the next read reports the damage.
                if produced > 0 {
                    failure = error
                    return produced
                }
                throw remember(error)
            }
        }
    }

    private func refill() throws(ReadError) {
        let count = try compressed.read(into: input)
        if count == 0 { compressedEnded = true }
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(count)
    }

    private func corruption(_ status: Int32) -> ReadError {
        if status == Z_MEM_ERROR {
            return .unreadable(path: path, reason: "zlib ran out of memory")
        }
        let reason = stream.pointee.msg.map { String(cString: $0) } ?? Self.describe(status)
        return .corruptCompressedData(path: path, decompressedBytes: decompressedBytes, reason: reason)
    }

    private func remember(_ error: ReadError) -> ReadError {
        failure = error
        return error
    }

    private static func describe(_ status: Int32) -> String {
        zError(status).map { String(cString: $0) } ?? "zlib status \(status)"
    }
}
