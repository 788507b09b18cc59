import Foundation

/// Where a report goes: standard output, or a file that appears only when complete (written
/// to a temporary file beside it and renamed into place), so a failed run never leaves a
/// truncated report that looks whole.
public final class ReportOutput: TextOutputStream {
    private let stream: UnsafeMutablePointer<FILE>
    private let destination: String?
    private let temporaryPath: String?
    private var failed = false

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
        guard let stream = fopen(temporary, "w") else {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        return ReportOutput(stream: stream, destination: path, temporaryPath: temporary, name: path)
    }

    private let name: String

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
        if written < string.utf8.count { failed = true }
    }

    public func write(bytes: some Collection<UInt8>) {
        guard !failed else { return }
        let written = bytes.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, stream) }
            ?? Array(bytes).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, stream) }
        if written < bytes.count { failed = true }
    }

    /// Flushes, and for a file moves it into place.
    public func commit() throws(OutputError) {
        if fflush(stream) != 0 { failed = true }
        guard let destination, let temporaryPath else {
            if failed { throw OutputError(path: name, reason: String(cString: strerror(errno))) }
            return
        }
        let closed = fclose(stream) == 0
        guard closed, !failed, rename(temporaryPath, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError(path: destination, reason: reason)
        }
    }

    /// Throws the temporary file away (the run failed).
    public func discard() {
        guard let temporaryPath else { return }
        fclose(stream)
        unlink(temporaryPath)
    }
}

public struct OutputError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String {
        "\(path): cannot write the report (\(reason)); check the directory exists and is writable"
    }
}
