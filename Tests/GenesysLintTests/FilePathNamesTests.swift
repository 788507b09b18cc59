import Foundation
import Testing
@testable import GenesysLint

@Suite("File path names")
struct FilePathNamesTests {
    @Test("a file's name and folder are read as NSString reads them", arguments: [
        "Rules/timing/GDQ401-x.json", "/tmp/rules/ACME001.json", "rules//a///b.json", "///a///b///c.json",
        "./a/b.json", "a/./b.json", "../x.json", "/c.json", "c.json", "a/../b/c.json", "Rules/vocabulary.json",
    ])
    func sameAsFoundation(path: String) {
        let foundation = path as NSString
        #expect(FilePathNames.fileName(of: path) == foundation.lastPathComponent)
        #expect(FilePathNames.folderName(of: path) == (foundation.deletingLastPathComponent as NSString).lastPathComponent)
    }
}
