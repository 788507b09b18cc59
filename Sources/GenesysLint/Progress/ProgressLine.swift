/// The text of a progress line: a pure function of how far the run has got, how long it has
/// taken and how wide the terminal is, so it can be tested without one.
///
///     [=========>          ]  45%  14.2 MiB / 31.5 MiB  12,345 conversations/s  ETA 1m05s
///     14.2 MiB read  61,520 conversations  12,345 conversations/s      (size unknown: stdin)
public enum ProgressLine {
    /// Rates and times are not worth showing before the run has lasted this long.
    static let minimumElapsedSeconds = 0.05
    static let barCells = 10...40

    /// The line for `snapshot`, at most `width - 1` characters (the last column is left free,
    /// as writing there makes some terminals wrap). `totalBytes` nil: the size is unknown.
    public static func render(_ snapshot: ProgressSnapshot, totalBytes: Int?, elapsed: Duration, width: Int) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let timed = seconds >= minimumElapsedSeconds
        let rate = timed ? count(Int((Double(snapshot.conversations) / seconds).rounded())) : "--"
        let room = max(1, width - 1)
        guard let totalBytes, totalBytes > 0 else {
            return fit("\(bytes(snapshot.bytesRead)) read  \(count(snapshot.conversations)) conversations  \(rate) conversations/s", room)
        }
        let done = min(max(snapshot.bytesRead, 0), totalBytes)
        let percent = Int(Double(done) / Double(totalBytes) * 100)
        let eta: String
        if done >= totalBytes {
            eta = "0s"
        } else if done > 0, timed {
            eta = duration(seconds * Double(totalBytes - done) / Double(done))
        } else {
            eta = "--"
        }
        // Padded to their widest, so that the line does not shift as the numbers grow.
        let totalText = bytes(totalBytes)
        let text = "\(padded(percent, to: 3))%  \(padded(bytes(done), to: totalText.count)) / \(totalText)  \(rate) conversations/s  ETA \(eta)"
        // The bar takes the room the text leaves, within bounds; on a narrow terminal, none.
        let cells = min(room - text.count - 3, barCells.upperBound)
        guard cells >= barCells.lowerBound else { return fit(text, room) }
        return "\(bar(done: done, of: totalBytes, cells: cells)) \(text)"
    }

    private static func padded(_ value: some CustomStringConvertible, to width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `[=====>     ]` with `cells` cells between the brackets.
    static func bar(done: Int, of total: Int, cells: Int) -> String {
        let filled = total > 0 ? Int(Double(cells) * Double(done) / Double(total)) : 0
        if filled >= cells { return "[" + String(repeating: "=", count: cells) + "]" }
        return "[" + String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: cells - filled - 1) + "]"
    }

    /// A byte count in binary units, as the rest of the tool gives sizes: `512 B`, `1.5 KiB`,
    /// `14.2 MiB`, `1.25 GiB`.
    static func bytes(_ count: Int) -> String {
        let count = max(count, 0)
        guard count >= 1024 else { return "\(count) B" }
        // One decimal for KiB and MiB, two for GiB; rounding up to the next unit moves to it.
        let units: [(name: String, size: Double, decimals: Int)] = [("KiB", 1024, 1), ("MiB", Double(1 << 20), 1), ("GiB", Double(1 << 30), 2)]
        for (index, unit) in units.enumerated() {
            let scale = unit.decimals == 1 ? 10.0 : 100.0
            let scaled = (Double(count) / unit.size * scale).rounded()
            if scaled < 1024 * scale || index == units.count - 1 {
                return decimal(Int(scaled), decimals: unit.decimals) + " " + unit.name
            }
        }
        return "\(count) B"
    }

    /// `value` hundredths or tenths, written with its decimals: (1425, 2) is `14.25`.
    private static func decimal(_ value: Int, decimals: Int) -> String {
        let divisor = decimals == 1 ? 10 : 100
        let fraction = String(value % divisor)
        return "\(value / divisor)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A whole number with thousands separated: `12,345`.
    static func count(_ value: Int) -> String {
        groupedNumber(value)
    }

    /// A time left, rounded up to the second: `42s`, `3m05s`, `1h02m`; `--` when it is not a
    /// sensible number (a run that has barely read anything).
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 100 * 3600 else { return "--" }
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + twoDigits(whole % 60) + "s" }
        return "\(whole / 3600)h" + twoDigits(whole % 3600 / 60) + "m"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// `text` cut to `width` characters.
    private static func fit(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width))
    }
}
