/// Why an input could not be opened or read at all. Problems *inside* an input are findings,
/// not errors: this is only for the cases where there are no bytes to check.
public enum ReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case noInputs(path: String)
    /// The gzip data cannot be inflated past this point (zlib's reason); the text before it was read.
    case corruptCompressedData(path: String, decompressedBytes: Int, reason: String)
    /// The gzip data stops in the middle of a member; the text before the cut was read.
    case truncatedCompressedData(path: String, decompressedBytes: Int)

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file or directory; check the path, or use '-' to read standard input"
        case .unreadable(let path, let reason):
            "\(path): cannot be read (\(reason)); check its permissions"
        case .noInputs(let path):
            "\(path): the directory holds no .json, .jsonl or .ndjson files (plain or .gz); name the files to check explicitly"
        case .corruptCompressedData(let path, let bytes, let reason):
            "\(path): the gzip data is corrupt after \(bytes) decompressed bytes: \(reason); the records before the damage were checked, the rest were not. Fetch the file again (gzip -t tests a copy)"
        case .truncatedCompressedData(let path, let bytes):
            "\(path): the gzip stream ends early, after \(bytes) decompressed bytes (truncated download?); the records before the cut were checked, the rest were not. Fetch the file again"
        }
    }
}
