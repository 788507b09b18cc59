/// Why an input could not be opened or read at all. Problems *inside* an input are findings,
/// not errors: this is only for the cases where there are no bytes to check.
public enum ReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case noInputs(path: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file or directory; check the path, or use '-' to read standard input"
        case .unreadable(let path, let reason):
            "\(path): cannot be read (\(reason)); check its permissions"
        case .noInputs(let path):
            "\(path): the directory holds no .json, .jsonl or .ndjson files; name the files to check explicitly"
        }
    }
}
