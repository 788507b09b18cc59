/// Why a run history cannot be used. Each message names the file, says what is wrong with it
/// and what to do; a file that is not a history this version can use is left as it was.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at the path (reading a history, not recording one).
    case missing(path: String)
    /// The file could not be created (no such folder, no permission).
    case cannotCreate(path: String, reason: String)
    /// A folder, a device: not a file a history can live in.
    case notAFile(path: String)
    /// Not an SQLite database at all.
    case notADatabase(path: String)
    /// An SQLite database that fails SQLite's own check.
    case corrupt(path: String, detail: String)
    /// An SQLite database of something else.
    case foreign(path: String)
    /// Written by a newer genesys-lint, with a schema this one does not know.
    case newer(path: String, version: Int, known: Int)
    /// Another process held the history locked for longer than the wait allows.
    case busy(path: String, seconds: Int)
    /// SQLite could not read or write it (permissions, a full disk, an I/O error).
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "\(path): no run history there; a check or merge given this file as its history creates it"
        case .cannotCreate(let path, let reason):
            "\(path): cannot create the run history (\(reason)); check that its folder exists and is writable"
        case .notAFile(let path):
            "\(path): not a file; name a file for the run history"
        case .notADatabase(let path):
            "\(path): not a run history (not an SQLite database at all); it was left untouched. Name another file for the history, or restore this one from a backup"
        case .corrupt(let path, let detail):
            "\(path): the run history is damaged (SQLite: \(detail)); it was left untouched. Restore it from a backup, or name a new file for the history (its runs are then not compared)"
        case .foreign(let path):
            "\(path): an SQLite database, but not a genesys-lint run history; it was left untouched. Name another file for the history"
        case .newer(let path, let version, let known):
            "\(path): written by a newer genesys-lint (history schema \(version); this one knows up to \(known)); it was left untouched. Use that genesys-lint, or another file for the history"
        case .busy(let path, let seconds):
            "\(path): the run history stayed locked by another process for \(seconds) seconds; nothing was written to it. Run again once the other run has finished"
        case .unusable(let path, let reason):
            "\(path): cannot use the run history (\(reason)); check that the file and its folder are readable and writable and the disk has room"
        }
    }
}
