import CInterruptCleanup
import Foundation

/// Where a report goes: standard output, or a file that appears only when complete (written
/// to a temporary file beside it and renamed into place), so a failed run never leaves a
/// truncated report that looks whole.
public final class ReportOutput: TextOutputStream {
    private let stream: UnsafeMutablePointer<FILE>
    private let destination: String?
    private let temporaryPath: String?
    /// The error of the first write that failed (0: none yet).
    private var failure: Int32 = 0
    private var failed: Bool { failure != 0 }

    /// Whether the reader of this output has gone (`| head`): nothing more can be written.
    public var isBrokenPipe: Bool { failure == EPIPE }

    private func noteFailure() {
        if failure == 0 { failure = errno == 0 ? EIO : errno }
    }

    public static func standardOutput() throws(OutputError) -> ReportOutput {
        // A stream of our own for descriptor 1, rather than the shared global `stdout`.
        guard let stream = fdopen(1, "w") else {
            throw OutputError(path: "standard output", reason: String(cString: strerror(errno)))
        }
        return ReportOutput(stream: stream, destination: nil, temporaryPath: nil, name: "standard output")
    }

    /// Opens a temporary file beside `path`; `commit()` moves it into place. A destination
    /// that exists and is not a regular file (`/dev/null`, a pipe, a link) is written
    /// directly: renaming over it would replace the device or the link itself.
    public static func file(_ path: String) throws(OutputError) -> ReportOutput {
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            guard let stream = fopen(path, "w") else {
                throw OutputError(path: path, reason: String(cString: strerror(errno)))
            }
            return ReportOutput(stream: stream, destination: nil, temporaryPath: nil, name: path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        guard let (stream, slot) = InterruptCleanup.create(temporary) else {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        let output = ReportOutput(stream: stream, destination: path, temporaryPath: temporary, name: path)
        output.interruptSlot = slot
        return output
    }

    private let name: String
    /// Where the temporary file is listed for removal if the run is interrupted.
    private var interruptSlot: Int32 = -1

    private init(stream: UnsafeMutablePointer<FILE>, destination: String?, temporaryPath: String?, name: String) {
        self.stream = stream
        self.destination = destination
        self.temporaryPath = temporaryPath
        self.name = name
    }

    public func write(_ string: String) {
        guard !failed else { return }
        var string = string
        let written = string.withUTF8 { fwrite($0.baseAddress, 1, $0.count, stream) }
        if written < string.utf8.count { noteFailure() }
    }

    public func write(bytes: some Collection<UInt8>) {
        guard !failed else { return }
        let written = bytes.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, stream) }
            ?? Array(bytes).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, stream) }
        if written < bytes.count { noteFailure() }
    }

    /// Flushes, and for a file moves it into place.
    public func commit() throws(OutputError) {
        if fflush(stream) != 0 { noteFailure() }
        guard let destination, let temporaryPath else {
            if failed { throw OutputError(path: name, code: failure) }
            return
        }
        if fclose(stream) != 0 { noteFailure() }
        // Taken off the list only after the rename: a signal in between removes a path that
        // no longer exists, where taking it off first could leave the temporary file behind.
        defer { InterruptCleanup.forget(interruptSlot) }
        if !failed, rename(temporaryPath, destination) != 0 { noteFailure() }
        guard !failed else {
            unlink(temporaryPath)
            throw OutputError(path: destination, code: failure)
        }
    }

    /// Throws the temporary file away (the run failed).
    public func discard() {
        guard let temporaryPath else { return }
        fclose(stream)
        unlink(temporaryPath)
        InterruptCleanup.forget(interruptSlot)
    }
}

/// Removes the temporary files of reports being written when the run is interrupted (Ctrl-C,
/// `kill`), so an interrupted run leaves nothing behind; the signal then ends the process as
/// it would have. The list and the handler are in C (`Sources/CInterruptCleanup`), where the
/// handler reads nothing that needs a lock or an allocation, on whichever thread it runs.
public enum InterruptCleanup {
    /// Installs the handler for SIGINT, SIGTERM and SIGHUP, and unblocks them: a parent may
    /// have started us with them blocked, which would make us impossible to stop.
    public static func install() {
        gl_interrupt_cleanup_install()
    }

    /// Creates (or empties) the file at `path` for writing, listed for removal from before it
    /// exists, so that no signal can come between its creation and its listing. Nil, with
    /// `errno` set, when it cannot be created. The slot is -1 when the list is full (64 files
    /// being written at once, more than any command line asks for): the file is then not listed.
    static func create(_ path: String) -> (stream: UnsafeMutablePointer<FILE>, slot: Int32)? {
        var slot: Int32 = -1
        let descriptor = gl_interrupt_cleanup_create(path, &slot)
        guard descriptor >= 0 else { return nil }
        guard let stream = fdopen(descriptor, "w") else {
            let reason = errno
            close(descriptor)
            unlink(path)
            forget(slot)
            errno = reason
            return nil
        }
        return (stream, slot)
    }

    /// Takes a file off the list, once it has been renamed into place or removed.
    static func forget(_ slot: Int32) {
        gl_interrupt_cleanup_forget(slot)
    }
}

public struct OutputError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    /// The system's error number, when there is one.
    public var code: Int32 = 0

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, code: Int32) {
        self.path = path
        self.reason = String(cString: strerror(code))
        self.code = code
    }

    /// The reader went away (`| head`): not worth a message.
    public var isBrokenPipe: Bool { code == EPIPE }

    public var description: String {
        "\(path): cannot write the report (\(reason)); check the directory exists and is writable"
    }
}
