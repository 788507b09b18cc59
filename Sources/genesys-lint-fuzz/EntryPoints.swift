import Foundation
import GenesysLint

/// `genesys-lint-fuzz cut-seeds FOLDER MAX-BYTES EXPORT...`, in both builds: see `SeedCutter`.
func cutSeedsIfAsked() {
    let arguments = CommandLine.arguments
    guard arguments.count >= 4, arguments[1] == "cut-seeds", let maxSize = Int(arguments[3]) else { return }
    let written = SeedCutter.cut(Array(arguments.dropFirst(4)), into: arguments[2], maxSize: maxSize)
    print("cut \(written) seed(s) into \(arguments[2])")
    exit(0)
}

#if FUZZING
/// libFuzzer's entry point for the input it generates.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// libFuzzer's own mutations, for input that is not JSON.
@_silgen_name("LLVMFuzzerMutate")
func libFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int) -> Int

let structureMutator = StructureMutator(vocabulary: .builtIn)
/// libFuzzer calls the mutator from its one fuzzing thread.
nonisolated(unsafe) let lastVariation = StructureMutator.LastVariation()

/// libFuzzer calls this instead of its own mutations: JSON is changed at the JSON level
/// (mostly), anything else byte by byte.
@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    guard let data else { return 0 }
    // One in eight mutations is libFuzzer's, even on JSON: broken JSON is input too.
    if seed % 8 != 0, let mutated = structureMutator.mutate(Array(UnsafeBufferPointer(start: data, count: size)), maxSize: maxSize, seed: seed, last: lastVariation) {
        return copy(mutated, to: data)
    }
    return libFuzzerMutate(data, size, maxSize)
}

/// libFuzzer calls this for half of its mutations once a custom mutator is given: an element
/// of another input spliced in (none when the two have no collection in common). Three calls
/// in four are declined before reading either input, and libFuzzer mutates instead: reading
/// two inputs costs more than a mutation, which reuses what it wrote last.
@_cdecl("LLVMFuzzerCustomCrossOver")
public func customCrossOver(
    _ first: UnsafePointer<UInt8>?, _ firstSize: Int, _ second: UnsafePointer<UInt8>?, _ secondSize: Int,
    _ output: UnsafeMutablePointer<UInt8>?, _ maxSize: Int, _ seed: CUnsignedInt
) -> Int {
    guard seed % 4 == 0, let first, let second, let output else { return 0 }
    let bytes = { (data: UnsafePointer<UInt8>, count: Int) in Array(UnsafeBufferPointer(start: data, count: count)) }
    guard let crossed = structureMutator.crossOver(bytes(first, firstSize), bytes(second, secondSize), maxSize: maxSize, seed: seed) else { return 0 }
    return copy(crossed, to: output)
}

/// Writes `bytes` where libFuzzer wants them (it gave room for them); their count.
private func copy(_ bytes: [UInt8], to destination: UnsafeMutablePointer<UInt8>) -> Int {
    bytes.withUnsafeBufferPointer { source in
        if let base = source.baseAddress { destination.update(from: base, count: source.count) }
    }
    return bytes.count
}

/// libFuzzer's driver, for executables that have a main of their own.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links every executable with its own entry point, so libFuzzer's `main` is not
/// used: this one hands the command line to libFuzzer's driver.
@main
struct Fuzzer {
    static func main() {
        cutSeedsIfAsked()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Replays inputs: `genesys-lint-fuzz [--every-promise] FILE-OR-FOLDER...`. With
/// `--every-promise`, every input is checked against every promise, not only those its
/// hash chooses.
@main
struct ReplayInputs {
    static func main() {
        cutSeedsIfAsked()
        var paths = Array(CommandLine.arguments.dropFirst())
        let everyPromise = paths.first == "--every-promise"
        if everyPromise { paths.removeFirst() }
        var replayed = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    exit(2)
                }
                replayedFile = file
                FuzzTarget.check(Array(data), schedule: everyPromise ? .everything : nil)
                replayed += 1
            }
        }
        print("replayed \(replayed) input(s) without a crash")
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
#endif
