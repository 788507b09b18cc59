import CInterruptCleanup
import Foundation

/// Bytes kept on disk for the uniqueness ledger, in a temporary file that has no name: made in
/// the system's temporary directory (`TMPDIR`) with O_TMPFILE, or made and unlinked at once,
/// so the kernel frees it when the run ends, however it ends (an interruption, even `kill
/// -9`), and nothing is ever left to remove.
///
/// Bytes are appended through a buffer of `bufferLimit` bytes, and the file is made only when
/// the buffer first fills: a small run never touches the disk. When the file cannot be made or
/// written (no space left, no temporary directory), the bytes stay in memory instead and the
/// run goes on as it would have without the disk; `isOnDisk` tells.
final class TemporaryStore {
    private let directory: String
    private let bufferLimit: Int
    private var descriptor: Int32 = -1
    /// Set once the file could not be made or written: everything stays in `buffer` from then on.
    private var inMemory = false
    /// Bytes in the file; `buffer` holds those after them.
    private(set) var flushed: Int64 = 0
    private var buffer: [UInt8] = []

    init(directory: String, bufferLimit: Int) {
        self.directory = directory
        self.bufferLimit = max(bufferLimit, 1)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The system's temporary directory.
    static var systemDirectory: String {
        let path = FileManager.default.temporaryDirectory.path
        return path.isEmpty ? "/tmp" : path
    }

    /// Every byte appended so far.
    var count: Int64 { flushed + Int64(buffer.count) }

    /// Whether some of the bytes are in the file (false for a small store, or without a disk).
    var isOnDisk: Bool { descriptor >= 0 }

    /// Appends `bytes`; returns where they start.
    @discardableResult
    func append(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        let offset = count
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferLimit { flush() }
        return offset
    }

    @discardableResult
    func append(_ bytes: [UInt8]) -> Int64 {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Writes the buffer to the file, making it first; on failure the bytes stay in memory.
    func flush() {
        guard !inMemory, !buffer.isEmpty else { return }
        if descriptor < 0 {
            descriptor = gl_anonymous_temporary_file(directory)
            guard descriptor >= 0 else {
                inMemory = true
                return
            }
        }
        let written = buffer.withUnsafeBytes { bytes in Self.write(bytes, to: descriptor, at: flushed) }
        guard written else {
            // The file keeps what it held; what did not fit stays here, and so does all that follows.
            inMemory = true
            return
        }
        flushed += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and gives the buffer's memory back: nothing more is appended
    /// (or little, which buffers afresh).
    func finish() {
        flush()
        if !inMemory { buffer = [] }
    }

    /// Copies `into.count` bytes from `offset` into `into`.
    func read(at offset: Int64, into target: UnsafeMutableRawBufferPointer) {
        precondition(offset >= 0 && offset + Int64(target.count) <= count, "read outside the ledger's temporary store")
        var done = 0
        if offset < flushed {
            let fromFile = Int(min(Int64(target.count), flushed - offset))
            while done < fromFile {
                let got = pread(descriptor, target.baseAddress! + done, fromFile - done, off_t(offset + Int64(done)))
                if got < 0, errno == EINTR { continue }
                // The file was written by this process and is still open: failing to read it back
                // is a failing disk, which no run can go on from.
                guard got > 0 else { fatalError("genesys-lint: cannot read back its temporary file in \(directory): \(String(cString: strerror(errno))); check that disk, or set TMPDIR to a directory on another") }
                done += got
            }
        }
        if done < target.count {
            let start = Int(offset + Int64(done) - flushed)
            buffer.withUnsafeBytes { bytes in
                target.baseAddress!.advanced(by: done).copyMemory(from: bytes.baseAddress! + start, byteCount: target.count - done)
            }
        }
    }

    /// Writes `bytes` over those at `offset` (which must all have been appended).
    func overwrite(at offset: Int64, with bytes: UnsafeRawBufferPointer) {
        precondition(offset >= 0 && offset + Int64(bytes.count) <= count, "write outside the ledger's temporary store")
        var done = 0
        if offset < flushed {
            let inFile = Int(min(Int64(bytes.count), flushed - offset))
            let part = UnsafeRawBufferPointer(rebasing: bytes[0..<inFile])
            guard Self.write(part, to: descriptor, at: offset) else {
                fatalError("genesys-lint: cannot write its temporary file in \(directory): \(String(cString: strerror(errno))); free space there, or set TMPDIR to a directory with room")
            }
            done = inFile
        }
        if done < bytes.count {
            let start = Int(offset + Int64(done) - flushed)
            buffer.withUnsafeMutableBytes { target in
                (target.baseAddress! + start).copyMemory(from: bytes.baseAddress! + done, byteCount: bytes.count - done)
            }
        }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int64) -> Bool {
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + Int64(done)))
            if wrote < 0, errno == EINTR { continue }
            guard wrote > 0 else { return false }
            done += wrote
        }
        return true
    }
}
