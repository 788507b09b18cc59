import Foundation
import Synchronization
import Testing
@testable import GenesysLint

@Suite("The progress line's text")
struct ProgressLineTests {
    @Test("sizes are given in binary units, as the rest of the tool gives them")
    func bytes() {
        #expect(ProgressLine.bytes(0) == "0 B")
        #expect(ProgressLine.bytes(1023) == "1023 B")
        #expect(ProgressLine.bytes(1024) == "1.0 KiB")
        #expect(ProgressLine.bytes(1536) == "1.5 KiB")
        // Rounding up to 1024 of a unit moves to the next one.
        #expect(ProgressLine.bytes((1 << 20) - 1) == "1.0 MiB")
        #expect(ProgressLine.bytes(14_889_779) == "14.2 MiB")
        #expect(ProgressLine.bytes(1 << 30) == "1.00 GiB")
        #expect(ProgressLine.bytes(1_342_177_280) == "1.25 GiB")
        #expect(ProgressLine.bytes(-5) == "0 B")
    }

    @Test("counts and rates have their thousands separated")
    func counts() {
        #expect(ProgressLine.count(0) == "0")
        #expect(ProgressLine.count(999) == "999")
        #expect(ProgressLine.count(1000) == "1,000")
        #expect(ProgressLine.count(1_234_567) == "1,234,567")
        #expect(ProgressLine.count(-12_345) == "-12,345")
    }

    @Test("the time left is rounded up to the second, in seconds, minutes or hours")
    func durations() {
        #expect(ProgressLine.duration(0) == "0s")
        #expect(ProgressLine.duration(41.2) == "42s")
        #expect(ProgressLine.duration(59.5) == "1m00s")
        #expect(ProgressLine.duration(185) == "3m05s")
        #expect(ProgressLine.duration(3725) == "1h02m")
        #expect(ProgressLine.duration(.infinity) == "--")
        #expect(ProgressLine.duration(.nan) == "--")
        #expect(ProgressLine.duration(1e9) == "--")
    }

    @Test("with a known total: bar, percent, bytes done of the total, conversations per second and time left")
    func knownTotal() {
        let snapshot = ProgressSnapshot(bytesRead: 16 << 20, conversations: 5000)
        let line = ProgressLine.render(snapshot, totalBytes: 64 << 20, elapsed: .seconds(2), width: 100)
        #expect(line.hasSuffix(" 25%  16.0 MiB / 64.0 MiB  2,500 conversations/s  ETA 6s"), "\(line)")
        #expect(line.hasPrefix("[==========>"), "\(line)")
        #expect(line.count == 99, "the last column stays free: \(line)")
    }

    @Test("the bytes done take the width of the total, so the line does not shift as they grow")
    func steady() {
        let early = ProgressLine.render(ProgressSnapshot(bytesRead: 3 << 20, conversations: 500), totalBytes: 40 << 20, elapsed: .seconds(1), width: 100)
        let late = ProgressLine.render(ProgressSnapshot(bytesRead: 30 << 20, conversations: 800), totalBytes: 40 << 20, elapsed: .seconds(4), width: 100)
        #expect(early.contains("   7%   3.0 MiB / 40.0 MiB  500 conversations/s"), "\(early)")
        #expect(early.firstRange(of: "/ 40.0 MiB")?.lowerBound.utf16Offset(in: early) == late.firstRange(of: "/ 40.0 MiB")?.lowerBound.utf16Offset(in: late))
    }

    @Test("on a narrow terminal the bar goes first, then the text is cut")
    func narrow() {
        let snapshot = ProgressSnapshot(bytesRead: 16 << 20, conversations: 5000)
        let line = ProgressLine.render(snapshot, totalBytes: 64 << 20, elapsed: .seconds(2), width: 68)
        #expect(line == " 25%  16.0 MiB / 64.0 MiB  2,500 conversations/s  ETA 6s")
        #expect(ProgressLine.render(snapshot, totalBytes: 64 << 20, elapsed: .seconds(2), width: 20) == " 25%  16.0 MiB / 64")
        #expect(ProgressLine.render(snapshot, totalBytes: 64 << 20, elapsed: .seconds(2), width: 0).count == 1)
    }

    @Test("with an unknown total (standard input): bytes and rate, no percent or time left")
    func unknownTotal() {
        let snapshot = ProgressSnapshot(bytesRead: 16 << 20, conversations: 5000)
        let line = ProgressLine.render(snapshot, totalBytes: nil, elapsed: .milliseconds(4000), width: 100)
        #expect(line == "16.0 MiB read  5,000 conversations  1,250 conversations/s")
    }

    @Test("at the very start, rate and time left are unknown rather than wild")
    func start() {
        let line = ProgressLine.render(ProgressSnapshot(bytesRead: 0, conversations: 0), totalBytes: 1 << 30, elapsed: .zero, width: 60)
        #expect(line == "  0%       0 B / 1.00 GiB  -- conversations/s  ETA --")
    }

    @Test("at the end: 100% and no time left, even when more was read than the size said")
    func end() {
        let line = ProgressLine.render(ProgressSnapshot(bytesRead: 2048, conversations: 10), totalBytes: 1024, elapsed: .seconds(1), width: 70)
        #expect(line.hasSuffix("100%  1.0 KiB / 1.0 KiB  10 conversations/s  ETA 0s"), "\(line)")
        #expect(line.hasPrefix("[" + String(repeating: "=", count: 12)), "\(line)")
    }

    @Test("the bar fills in proportion")
    func bar() {
        #expect(ProgressLine.bar(done: 0, of: 10, cells: 10) == "[>         ]")
        #expect(ProgressLine.bar(done: 5, of: 10, cells: 10) == "[=====>    ]")
        #expect(ProgressLine.bar(done: 10, of: 10, cells: 10) == "[==========]")
    }
}

/// What a display wrote, in order.
private final class Written: Sendable {
    let texts = Mutex<[String]>([])
    var all: [String] { texts.withLock { $0 } }
    func append(_ text: String) { texts.withLock { $0.append(text) } }
}

private func makeDisplay(totalBytes: Int? = 1 << 30, showAfter: Duration = .zero, sharesTerminal: Bool = false) -> (ProgressDisplay, Written) {
    let written = Written()
    let display = ProgressDisplay(totalBytes: totalBytes, showAfter: showAfter, sharesTerminalWithOutput: sharesTerminal, terminalWidth: { 80 }, write: written.append)
    return (display, written)
}

@Suite("Drawing the progress line")
struct ProgressDisplayTests {
    private let snapshot = ProgressSnapshot(bytesRead: 1 << 20, conversations: 100)

    @Test("each drawing goes back to the start of the line and erases what the last one left")
    func redrawInPlace() throws {
        let (display, written) = makeDisplay()
        display.update(snapshot, elapsed: .seconds(1))
        let line = try #require(written.all.first)
        #expect(line.hasPrefix("\r"))
        #expect(line.hasSuffix("\u{1B}[K"))
        #expect(line.contains("100 conversations/s"))
    }

    @Test("it is redrawn at most ten times a second")
    func throttled() {
        let (display, written) = makeDisplay()
        for milliseconds in [0, 30, 60, 99, 100, 150, 220, 250] {
            display.update(snapshot, elapsed: .milliseconds(milliseconds))
        }
        #expect(written.all.count == 3)  // at 0, 100 and 220 ms
    }

    @Test("with an unknown size in auto mode it waits before it shows anything")
    func waitsForSlowRuns() {
        let (display, written) = makeDisplay(totalBytes: nil, showAfter: .seconds(1))
        display.update(snapshot, elapsed: .milliseconds(500))
        #expect(written.all.isEmpty)
        display.update(snapshot, elapsed: .milliseconds(1200))
        #expect(written.all.count == 1)
    }

    @Test("it is taken away before output to the same terminal, once, and only if shown")
    func clearsForOutput() {
        let (display, written) = makeDisplay(sharesTerminal: true)
        display.clearForOutput()
        #expect(written.all.isEmpty)
        display.update(snapshot, elapsed: .zero)
        display.clearForOutput()
        display.clearForOutput()
        #expect(written.all.count == 2)
        #expect(written.all.last == "\r\u{1B}[K")

        let (separate, separateWritten) = makeDisplay(sharesTerminal: false)
        separate.update(snapshot, elapsed: .zero)
        separate.clearForOutput()
        #expect(separateWritten.all.count == 1, "output elsewhere leaves the line alone")
    }

    @Test("at the end the line is cleared and stays away")
    func finish() {
        let (display, written) = makeDisplay()
        display.update(snapshot, elapsed: .zero)
        display.finish()
        display.update(snapshot, elapsed: .seconds(5))
        display.finish()
        #expect(written.all.count == 2)
        #expect(written.all.last == "\r\u{1B}[K")

        let (unseen, unseenWritten) = makeDisplay(totalBytes: nil, showAfter: .seconds(1))
        unseen.update(snapshot, elapsed: .zero)
        unseen.finish()
        #expect(unseenWritten.all.isEmpty, "nothing shown, nothing to clear")
    }

    @Test("never means none; the total is unknown with standard input")
    func modes() {
        #expect(ProgressDisplay.standardError(mode: .never, inputs: [.standardInput]) == nil)
        #expect(ProgressDisplay.standardError(mode: .always, inputs: [.standardInput]) != nil)
        #expect(ProgressDisplay.totalSize(of: [.standardInput]) == nil)
        #expect(ProgressDisplay.totalSize(of: [.file("/dev/null")]) == nil)
        #expect(ProgressDisplay.totalSize(of: []) == 0)
    }

    @Test("gzip files are recognised by their content, for auto mode's patience with them")
    func compressedInputs() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let compressed = directory.appendingPathComponent("export.json")
            try Data(try Gzip.compress(Array("{}".utf8))).write(to: compressed)
            #expect(ProgressDisplay.isCompressed(.file(compressed.path)))
            #expect(!ProgressDisplay.isCompressed(.file(TestSupport.path("Examples/exports/clean/query-response-2026-03-02.json"))))
            #expect(!ProgressDisplay.isCompressed(.file(directory.appendingPathComponent("missing.gz").path)))
            #expect(!ProgressDisplay.isCompressed(.standardInput))
        }
    }
}
