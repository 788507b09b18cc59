#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A progress line on standard error, redrawn in place (`\r`, then erase to the end of the
/// line) at most ten times a second, and taken away before other output is printed and at
/// the end, so that it never mixes with the report.
public final class ProgressDisplay: Sendable {
    /// `--progress`: `auto` shows it on a terminal for large inputs (or, when the size says
    /// little, standard input or gzip files, once the run takes a while), `always` wherever
    /// standard error goes, `never` not at all.
    public enum Mode: String, CaseIterable, Sendable {
        case auto, always, never
    }

    /// In `auto` mode, inputs smaller than this are over too soon to need a progress line.
    public static let largeInputBytes = 32 << 20
    /// In `auto` mode with an input of unknown size (standard input) or compressed (a small
    /// gzip file can hold a large export), the line appears once the run has lasted this long.
    public static let unknownSizeDelay: Duration = .seconds(1)
    static let redrawInterval: Duration = .milliseconds(100)

    private struct State {
        var lastDraw: Duration?
        var visible = false
        var finished = false
    }

    private let totalBytes: Int?
    private let showAfter: Duration
    /// Whether standard output is the same terminal, so the line must go before output does.
    private let sharesTerminalWithOutput: Bool
    private let terminalWidth: @Sendable () -> Int
    private let write: @Sendable (String) -> Void
    private let start = ContinuousClock.now
    private let state = Mutex(State())

    /// - Parameters:
    ///   - totalBytes: the size of all inputs as stored; nil when unknown (standard input).
    ///   - showAfter: draw nothing before the run has lasted this long.
    ///   - sharesTerminalWithOutput: clear the line before each result handed to the reports.
    public init(
        totalBytes: Int?, showAfter: Duration = .zero, sharesTerminalWithOutput: Bool = false,
        terminalWidth: @escaping @Sendable () -> Int, write: @escaping @Sendable (String) -> Void
    ) {
        self.totalBytes = totalBytes
        self.showAfter = showAfter
        self.sharesTerminalWithOutput = sharesTerminalWithOutput
        self.terminalWidth = terminalWidth
        self.write = write
    }

    /// The display a run of `inputs` should have on standard error, or nil for none.
    public static func standardError(mode: Mode, inputs: [Input]) -> ProgressDisplay? {
        switch mode {
        case .never: return nil
        case .always: break
        case .auto: guard isatty(2) != 0 else { return nil }
        }
        let total = totalSize(of: inputs)
        var showAfter = Duration.zero
        if mode == .auto, (total ?? 0) < largeInputBytes {
            // Small, unless the size says little about the work: standard input, or gzip.
            guard total == nil || inputs.contains(where: isCompressed) else { return nil }
            showAfter = unknownSizeDelay
        }
        return ProgressDisplay(
            totalBytes: total, showAfter: showAfter, sharesTerminalWithOutput: isatty(1) != 0 && isatty(2) != 0,
            terminalWidth: standardErrorWidth, write: writeToStandardError
        )
    }

    /// The bytes of all inputs as stored, or nil when one has no size known beforehand
    /// (standard input, a pipe or device named as a file).
    public static func totalSize(of inputs: [Input]) -> Int? {
        var total = 0
        for input in inputs {
            guard case .file(let path) = input else { return nil }
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
            total += Int(status.st_size)
        }
        return total
    }

    /// Whether the input is a file that starts with the gzip magic bytes.
    static func isCompressed(_ input: Input) -> Bool {
        guard case .file(let path) = input else { return false }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var start: [UInt8] = [0, 0]
        let count = start.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count == 2 && start == DecompressingSource.gzipMagic
    }

    /// Draws `snapshot`, unless the last drawing was too recent.
    public func update(_ snapshot: ProgressSnapshot) {
        update(snapshot, elapsed: ContinuousClock.now - start)
    }

    func update(_ snapshot: ProgressSnapshot, elapsed: Duration) {
        state.withLock { state in
            guard !state.finished, elapsed >= showAfter else { return }
            if let last = state.lastDraw, elapsed - last < Self.redrawInterval { return }
            state.lastDraw = elapsed
            state.visible = true
            let line = ProgressLine.render(snapshot, totalBytes: totalBytes, elapsed: elapsed, width: terminalWidth())
            write("\r" + line + Self.eraseToEndOfLine)
        }
    }

    /// Takes the line away before output to the same terminal; it comes back with the next update.
    public func clearForOutput() {
        guard sharesTerminalWithOutput else { return }
        state.withLock { clear(&$0) }
    }

    /// Takes the line away for good: the run is over.
    public func finish() {
        state.withLock { state in
            state.finished = true
            clear(&state)
        }
    }

    private func clear(_ state: inout State) {
        guard state.visible else { return }
        state.visible = false
        write("\r" + Self.eraseToEndOfLine)
    }

    static let eraseToEndOfLine = "\u{1B}[K"

    private static func standardErrorWidth() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return 80
    }

    private static func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                // A closed or full standard error is no reason to stop checking.
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Hands a run's results on to `base`, taking the progress line off the terminal first, so
/// that findings printed there start on a line of their own.
public struct ProgressClearingSink<Base: LintSink>: LintSink {
    public var base: Base
    private let display: ProgressDisplay?

    public init(base: Base, display: ProgressDisplay?) {
        self.base = base
        self.display = display
    }

    public mutating func report(_ finding: Finding) {
        display?.clearForOutput()
        base.report(finding)
    }

    public mutating func checked(_ profile: ConversationProfile) {
        display?.clearForOutput()
        base.checked(profile)
    }

    public mutating func read(_ piece: RecordPiece, worst: Severity?) {
        display?.clearForOutput()
        base.read(piece, worst: worst)
    }

    public mutating func suppressed(_ finding: Finding) {
        base.suppressed(finding)
    }

    public var isFinished: Bool { base.isFinished }
}
