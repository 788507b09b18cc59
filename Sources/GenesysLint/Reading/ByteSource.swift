#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bytes of one input come from: a file, standard input, or memory.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int
}

/// Reads a file descriptor with plain `read(2)`, so pipes and stdin work like files.
public struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    let path: String

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ReadError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// An input held in memory: rule examples and tests.
public struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}

/// An opened file; closes its descriptor when released.
final class OpenFile {
    let descriptor: Int32
    let path: String

    init(path: String) throws(ReadError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReadError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        self.descriptor = descriptor
        self.path = path
    }

    var source: FileDescriptorSource { FileDescriptorSource(descriptor: descriptor, path: path) }

    deinit {
        close(descriptor)
    }
}
