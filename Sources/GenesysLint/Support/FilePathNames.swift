/// The names at the end of a file's path, as Foundation's `NSString.lastPathComponent` and
/// `deletingLastPathComponent` read them for the path of a file (one not ending in "/"), at a
/// fraction of their cost: on Linux each of those calls runs to tens of thousands of
/// instructions, which added up to a noticeable part of loading the rules. Like NSString,
/// these split at every "/" byte, not at Character boundaries, which would cost as much again.
enum FilePathNames {
    /// `Rules/timing/GDQ401-x.json` → `GDQ401-x.json`.
    static func fileName(of path: String) -> String {
        names(in: path).last.map(String.init) ?? (path.hasPrefix("/") ? "/" : "")
    }

    /// `Rules/timing/GDQ401-x.json` → `timing`; "" for a file named without a folder, "/" for
    /// a file at the root.
    static func folderName(of path: String) -> String {
        let names = names(in: path)
        if names.count >= 2 { return String(names[names.count - 2]) }
        return path.hasPrefix("/") ? "/" : ""
    }

    private static func names(in path: String) -> [Substring] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }
}
