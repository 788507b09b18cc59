import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every program the tests run goes through here: the built genesys-lint, python3, gzip, the
/// shell, Chromium. Both output pipes are read to the end on threads of their own (a chatty
/// process cannot block on a full pipe), standard input is written on another, and the process
/// is waited for however long it takes: a time limit would fail a slow run on a busy machine,
/// and a hang is the test harness's to catch (its log names the test that started and never
/// ended).
struct Subprocess {
    var executable: URL
    var arguments: [String]
    var cwd: URL = TestSupport.packageRoot
    /// The whole environment of the process (by default the tests' own).
    var environment = ProcessInfo.processInfo.environment
    /// A process that prints more than this (on either stream) is taken to be stuck in a loop
    /// and killed; nil for no limit.
    var outputLimit: Int?

    /// A program found on the PATH, as the shell would find it.
    init(command: [String], cwd: URL = TestSupport.packageRoot) {
        self.init(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: command, cwd: cwd)
    }

    init(executable: URL, arguments: [String], cwd: URL = TestSupport.packageRoot) {
        self.executable = executable
        self.arguments = arguments
        self.cwd = cwd
    }

    /// How a process ended, and what it printed.
    struct Result {
        enum Termination: Equatable {
            case exit(Int32)
            /// Killed by a signal: a crash, or the test's signal.
            case signal(Int32)
            /// Printed more than `outputLimit` bytes; it was killed.
            case runawayOutput
        }

        var termination: Termination
        var stdoutData: Data
        var stderrData: Data

        /// The exit status, or -1 when the process did not exit by itself.
        var status: Int32 {
            if case .exit(let code) = termination { code } else { -1 }
        }

        var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    }

    /// Runs the program with `stdin` as its standard input (none: an empty one), to its end.
    func run(stdin: Data? = nil) throws -> Result {
        try start(input: stdin.map(Input.data) ?? .none).wait()
    }

    /// What the process reads.
    enum Input {
        /// Nothing: standard input is empty.
        case none
        /// These bytes, then the end of input.
        case data(Data)
        /// A pipe the test writes to itself (`Running.input`) and closes when it likes.
        case open
    }

    /// Starts the program. With `handsOverErrors`, standard error is not collected: the test
    /// reads it (`Running.errors`), for instance to learn that the process has gone.
    func start(input: Input = .none, handsOverErrors: Bool = false) throws -> Running {
        _ = Self.brokenPipesIgnored
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe: Pipe?
        switch input {
        case .none:
            inputPipe = nil
            process.standardInput = FileHandle.nullDevice
        case .data, .open:
            inputPipe = Pipe()
            process.standardInput = inputPipe
        }
        try process.run()
        let running = Running(process: process, outputLimit: outputLimit, errors: handsOverErrors ? errors.fileHandleForReading : nil)
        running.collect(output.fileHandleForReading, into: running.collectedOutput)
        if !handsOverErrors {
            running.collect(errors.fileHandleForReading, into: running.collectedErrors)
        }
        if case .data(let bytes) = input, let inputPipe {
            running.feed(bytes, to: inputPipe.fileHandleForWriting)
        }
        running.input = if case .open = input { inputPipe?.fileHandleForWriting } else { nil }
        return running
    }

    /// Writing to a process that has already exited must not kill the test runner.
    private static let brokenPipesIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    /// A started process.
    final class Running: @unchecked Sendable {
        let process: Process
        private let outputLimit: Int?
        /// Standard input, when started with `.open`.
        fileprivate(set) var input: FileHandle?
        /// Standard error, when handed over to the test.
        let errors: FileHandle?
        fileprivate let collectedOutput = Collected()
        fileprivate let collectedErrors = Collected()
        /// The threads that read and write the pipes; waited for before the result is read.
        private let pipes = DispatchGroup()

        fileprivate init(process: Process, outputLimit: Int?, errors: FileHandle?) {
            self.process = process
            self.outputLimit = outputLimit
            self.errors = errors
        }

        var processIdentifier: Int32 { process.processIdentifier }

        fileprivate func collect(_ handle: FileHandle, into collected: Collected) {
            let pid = process.processIdentifier
            let limit = outputLimit ?? .max
            pipes.enter()
            DispatchQueue.global().async { [pipes] in
                collected.readAll(from: handle.fileDescriptor, limit: limit) { kill(pid, SIGKILL) }
                pipes.leave()
            }
        }

        fileprivate func feed(_ bytes: Data, to handle: FileHandle) {
            pipes.enter()
            DispatchQueue.global().async { [pipes] in
                Collected.writeAll(bytes, to: handle.fileDescriptor)
                try? handle.close()
                pipes.leave()
            }
        }

        /// Waits for the process to end, and for its output to be read.
        func wait() -> Result {
            pipes.wait()
            process.waitUntilExit()
            let termination: Result.Termination =
                if collectedOutput.overflowed || collectedErrors.overflowed { .runawayOutput }
                else if process.terminationReason == .uncaughtSignal { .signal(process.terminationStatus) }
                else { .exit(process.terminationStatus) }
            return Result(termination: termination, stdoutData: collectedOutput.data, stderrData: collectedErrors.data)
        }
    }

    /// Bytes read from one pipe on a background thread; read by the test only after the thread
    /// is done (`DispatchGroup.wait`), so no lock is needed.
    fileprivate final class Collected: @unchecked Sendable {
        var data = Data()
        var overflowed = false

        func readAll(from descriptor: Int32, limit: Int, onOverflow: () -> Void) {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return }
                if data.count < limit {
                    data.append(contentsOf: buffer[0..<count])
                } else if !overflowed {
                    overflowed = true
                    onOverflow()
                }
            }
        }

        static func writeAll(_ data: Data, to descriptor: Int32) {
            data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                var offset = 0
                while offset < bytes.count {
                    let written = write(descriptor, base + offset, bytes.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { return }  // the process stopped reading
                    offset += written
                }
            }
        }
    }
}
