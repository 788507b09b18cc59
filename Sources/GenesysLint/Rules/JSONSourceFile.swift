import GenesysJSON

/// A small JSON file a user wrote (a rule, a config), kept as text so every complaint about
/// it can name the line and column of the value concerned.
struct JSONSourceFile {
    let path: String
    let bytes: [UInt8]

    /// A complaint about this file at the value `pointer` points to.
    func error(_ message: String, at pointer: [String]) -> SourceFileError {
        SourceFileError(file: path, position: position(of: pointer), message: message)
    }

    /// A complaint about character `offset` of the string value at `pointer`.
    func error(_ message: String, inStringAt pointer: [String], characterOffset: Int) -> SourceFileError {
        SourceFileError(file: path, position: position(inStringAt: pointer, characterOffset: characterOffset), message: message)
    }

    func position(of pointer: [String]) -> TextPosition {
        bytes.withUnsafeBufferPointer { buffer in
            let offset = SourceLocator.offset(of: pointer, in: buffer)
            return TextPosition.start.advanced(over: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<offset])))
        }
    }

    /// Position of a character inside a string value, stepping over escapes in the raw text.
    func position(inStringAt pointer: [String], characterOffset: Int) -> TextPosition {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = SourceLocator.offset(of: pointer, in: buffer)
            if offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") {
                offset += 1
                var remaining = characterOffset
                while remaining > 0, offset < buffer.count, buffer[offset] != UInt8(ascii: "\"") {
                    if buffer[offset] == UInt8(ascii: "\\") {
                        offset += buffer[min(offset + 1, buffer.count - 1)] == UInt8(ascii: "u") ? 6 : 2
                    } else {
                        offset += 1
                        while offset < buffer.count, buffer[offset] & 0xC0 == 0x80 { offset += 1 }
                    }
                    remaining -= 1
                }
            }
            return TextPosition.start.advanced(over: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<min(offset, buffer.count)])))
        }
    }

    /// Parses the file; a syntax error is reported at jansson's position.
    func parse() throws(SourceFileError) -> JSONDocument {
        switch JSONDocument.parse(bytes) {
        case .success(let document):
            return document
        case .failure(let failure):
            let offset = min(failure.position, bytes.count)
            let position = bytes.withUnsafeBytes { TextPosition.start.advanced(over: UnsafeRawBufferPointer(rebasing: $0[..<offset])) }
            throw SourceFileError(file: path, position: position, message: "not valid JSON: \(failure.message)")
        }
    }
}

/// A rule, vocabulary or configuration file that cannot be used, and where it goes wrong.
public struct SourceFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let position: TextPosition
    public let message: String

    public var description: String {
        "\(file):\(position.line):\(position.column): \(message)"
    }
}
