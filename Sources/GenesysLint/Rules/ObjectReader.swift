import GenesysJSON

/// Reads the members of one object of a user-written JSON file against a closed set of keys,
/// turning every surprise into a located `SourceFileError`.
struct ObjectReader {
    let file: JSONSourceFile
    let json: JSONValue
    let pointer: [String]
    /// What this object is, for messages ("rule file", "example").
    let what: String

    init(file: JSONSourceFile, json: JSONValue, pointer: [String], what: String) throws(SourceFileError) {
        guard json.kind == .object else {
            throw file.error("\(what) must be a JSON object, not \(json.kind.phrase)", at: pointer)
        }
        self.file = file
        self.json = json
        self.pointer = pointer
        self.what = what
    }

    /// Rejects any key outside `allowed`, suggesting the nearest allowed one.
    func rejectUnknownKeys(allowed: [String]) throws(SourceFileError) {
        var unknown: String?
        json.forEachMember { key, _ in
            if unknown == nil, !allowed.contains(key) { unknown = key }
        }
        guard let unknown else { return }
        let hint = Spelling.closest(to: unknown, among: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
        throw file.error("unknown key \"\(unknown)\" in \(what)\(hint) (allowed: \(allowed.joined(separator: ", ")))", at: pointer + [unknown])
    }

    func has(_ key: String) -> Bool {
        json[key] != nil
    }

    func value(_ key: String) -> JSONValue? {
        json[key]
    }

    func string(_ key: String) throws(SourceFileError) -> String? {
        guard let value = json[key] else { return nil }
        guard let text = value.string else {
            throw file.error("\"\(key)\" must be a string, not \(value.kind.phrase)", at: pointer + [key])
        }
        return text
    }

    func requiredString(_ key: String, example: String) throws(SourceFileError) -> String {
        guard let text = try string(key) else {
            throw file.error("\(what) has no \"\(key)\"; add one, e.g. \"\(key)\": \(example)", at: pointer)
        }
        guard !text.isEmpty else {
            throw file.error("\"\(key)\" must not be empty", at: pointer + [key])
        }
        return text
    }

    /// A string that must be one of `choices`.
    func requiredChoice<T: RawRepresentable>(_ key: String, as type: T.Type, choices: [T]) throws(SourceFileError) -> T where T.RawValue == String {
        let names = choices.map(\.rawValue)
        let text = try requiredString(key, example: "\"\(names[0])\"")
        guard names.contains(text), let choice = T(rawValue: text) else {
            throw file.error("\"\(key)\" must be one of \(names.joined(separator: ", ")), not \"\(text)\"", at: pointer + [key])
        }
        return choice
    }

    func object(_ key: String, what: String) throws(SourceFileError) -> ObjectReader? {
        guard let value = json[key] else { return nil }
        return try ObjectReader(file: file, json: value, pointer: pointer + [key], what: what)
    }

    func array(_ key: String) throws(SourceFileError) -> JSONElements? {
        guard let value = json[key] else { return nil }
        guard value.kind == .array else {
            throw file.error("\"\(key)\" must be an array, not \(value.kind.phrase)", at: pointer + [key])
        }
        return value.elements
    }

    func stringArray(_ key: String) throws(SourceFileError) -> [String]? {
        guard let elements = try array(key) else { return nil }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = element.string else {
                throw file.error("\"\(key)\" must hold strings only; element \(index) is \(element.kind.phrase)", at: pointer + [key, String(index)])
            }
            result.append(text)
        }
        return result
    }
}
