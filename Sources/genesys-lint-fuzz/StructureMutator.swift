import GenesysJSON
import GenesysLint

/// libFuzzer's mutations for conversation exports: when an input reads as JSON, it is changed
/// at the JSON level, the way real exports go wrong (an enumeration value from another API or
/// SDK, timestamps out of order, a segment lost or repeated, a field of another type), so
/// that most inputs get past jansson to the model, the rules and the reporters. Other inputs
/// are left to libFuzzer's byte mutations.
struct StructureMutator {
    let vocabulary: MutationVocabulary

    /// A variation of `input` no longer than `maxSize`, or nil when the input does not read
    /// as JSON or the variation came out too long. With `last`, a variation of the variation
    /// made last starts from its export instead of reading it again.
    func mutate(_ input: [UInt8], maxSize: Int, seed: UInt32, last: LastVariation? = nil) -> [UInt8]? {
        var random = SplitMix64(seed: UInt64(seed))
        let reused = last.flatMap { $0.bytes == input ? $0.export : nil }
        last?.export = nil
        guard var export = reused ?? ParsedExport(input) else { return nil }
        if random.oneIn(16), let reshaped = reshape(export, random: &random) {
            export = reshaped
        } else {
            let documents = export.documents
            for _ in 0...random.below(3) {
                mutate(documents[random.below(documents.count)], random: &random)
            }
        }
        let output = export.serialized(random: &random)
        if case .document(let document) = export.layout, random.oneIn(6), let touched = touch(output, of: document, random: &random) {
            // The touched text reads as another export than the one kept: not reused.
            guard touched.count <= maxSize else { return nil }
            return touched
        }
        guard output.count <= maxSize else { return nil }
        last?.bytes = output
        last?.export = export
        return output
    }

    /// An element of one input (a conversation, participant, session, segment or metric)
    /// put into the collection of the same name in the other; nil when they have none in
    /// common or the result is too long.
    func crossOver(_ first: [UInt8], _ second: [UInt8], maxSize: Int, seed: UInt32) -> [UInt8]? {
        var random = SplitMix64(seed: UInt64(seed))
        guard let export = ParsedExport(first), let donor = ParsedExport(second) else { return nil }
        let documents = export.documents, donors = donor.documents
        let target = documents[random.below(documents.count)], source = donors[random.below(donors.count)]
        guard let element = choose(in: source, &random, { _, place in
            place.key == nil && isCollection(place.collection) ? place : nil
        }), let collection = element.collection else { return nil }
        guard let (array, count) = choose(in: target, &random, { value, place in
            value.kind == .array && place.key == collection ? (place, value.count) : nil
        }) else { return nil }
        let inserted = source.withRoot { root in
            root.resolving(element.path).map { target.insert(.copyOfValue($0), at: array.path + [.element(random.below(count + 1))]) } ?? false
        }
        guard inserted else { return nil }
        let output = export.serialized(random: &random)
        return output.count <= maxSize ? output : nil
    }

    /// The variation made last and the export it was written from: libFuzzer mutates its
    /// last input again several times in a row, and reading it back would only rebuild the
    /// same export (the writing loses nothing jansson keeps).
    final class LastVariation {
        var bytes: [UInt8] = []
        var export: ParsedExport?
    }

    // MARK: One mutation

    enum Mutation: CaseIterable {
        case swapEnumerationValue, shiftTimestamp, rewriteTimestamp, swapTimestamps
        case remove, duplicateElement, swapElements, moveMemberToEnd
        case transplantMember, transplantElement, changeType, changeNumber, addField

        /// How often each is tried, out of the sum.
        var weight: Int {
            switch self {
            case .swapEnumerationValue: 6
            case .shiftTimestamp: 4
            case .rewriteTimestamp: 1
            case .swapTimestamps: 2
            case .remove: 5
            case .duplicateElement: 3
            case .swapElements: 2
            case .moveMemberToEnd: 1
            case .transplantMember: 2
            case .transplantElement: 2
            case .changeType: 3
            case .changeNumber: 2
            case .addField: 3
            }
        }

        static let totalWeight = allCases.reduce(0) { $0 + $1.weight }

        static func random(_ random: inout SplitMix64) -> Mutation {
            var roll = random.below(totalWeight)
            for mutation in allCases {
                if roll < mutation.weight { return mutation }
                roll -= mutation.weight
            }
            return .remove
        }
    }

    /// Applies one mutation to `document`; when the one drawn finds nothing to change, draws
    /// again, a few times.
    func mutate(_ document: EditableJSONDocument, random: inout SplitMix64) {
        for _ in 0..<4 {
            if apply(Mutation.random(&random), to: document, random: &random) { return }
        }
    }

    func apply(_ mutation: Mutation, to document: EditableJSONDocument, random: inout SplitMix64) -> Bool {
        switch mutation {
        case .swapEnumerationValue: swapEnumerationValue(document, &random)
        case .shiftTimestamp: shiftTimestamp(document, &random)
        case .rewriteTimestamp: rewriteTimestamp(document, &random)
        case .swapTimestamps: swapTimestamps(document, &random)
        case .remove: remove(document, &random)
        case .duplicateElement: duplicateElement(document, &random)
        case .swapElements: swapElements(document, &random)
        case .moveMemberToEnd: moveMemberToEnd(document, &random)
        case .transplantMember: transplantMember(document, &random)
        case .transplantElement: transplantElement(document, &random)
        case .changeType: changeType(document, &random)
        case .changeNumber: changeNumber(document, &random)
        case .addField: addField(document, &random)
        }
    }

    private func swapEnumerationValue(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { value, place -> (Place, String)? in
            guard let text = value.string, let enumeration = vocabulary.enumeration(member: place.key, value: text) else { return nil }
            return (place, enumeration)
        }
        guard let (place, enumeration) = chosen else { return false }
        return document.replace(at: place.path, with: .string(vocabulary.replacement(in: enumeration, random: &random)))
    }

    private func shiftTimestamp(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        guard let (place, instant) = chooseTimestamp(in: document, &random) else { return false }
        let steps: [Int64] = [1, 999, 1_000, 59_999, 60_000, 3_600_000, 86_400_000, 31_536_000_000, 3_153_600_000_000]
        let shifted = random.oneIn(10) ? [0, -1, 253_402_300_799_999][random.below(3)] : instant + (random.oneIn(2) ? 1 : -1) * steps[random.below(steps.count)]
        return document.replace(at: place.path, with: .string(Timestamp.format(milliseconds: shifted)))
    }

    /// Writes a timestamp in one of the other forms exports hold or the reader must refuse.
    private func rewriteTimestamp(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        guard let (place, instant) = chooseTimestamp(in: document, &random) else { return false }
        let documented = Timestamp.format(milliseconds: instant)
        let date = documented.prefix(10), time = documented.dropFirst(11).prefix(8)
        let forms = [
            "\(date)T\(time)Z", "\(date)T\(time).5Z", "\(date)T\(time).123456Z", "\(date)T\(time)+01:00",
            "\(date)T\(time)-0530", "\(date) \(time)Z", "\(date)t\(time)z", "\(date)", "\(date)T\(time)",
            "\(instant)", documented.replacingOccurrences(of: "-0", with: "-"), "\(date)T24:00:00.000Z", "",
        ]
        return document.replace(at: place.path, with: .string(forms[random.below(forms.count)]))
    }

    private func swapTimestamps(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        var places: [Place] = []
        forEachPlace(in: document) { value, place in
            if isTimestamp(value, place) { places.append(place) }
        }
        guard places.count >= 2 else { return false }
        let first = random.below(places.count)
        var second = random.below(places.count - 1)
        if second >= first { second += 1 }
        let firstText = document.withRoot { $0.resolving(places[first].path)?.string }
        let secondText = document.withRoot { $0.resolving(places[second].path)?.string }
        guard let firstText, let secondText else { return false }
        return document.replace(at: places[first].path, with: .string(secondText)) && document.replace(at: places[second].path, with: .string(firstText))
    }

    /// Drops a member or an element, most often a whole participant, session, segment or metric.
    private func remove(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let structural = random.oneIn(2)
        let chosen = choose(in: document, &random) { _, place -> Place? in
            guard !place.path.isEmpty else { return nil }
            return !structural || place.key == nil && isCollection(place.collection) ? place : nil
        }
        guard let chosen else { return false }
        return document.remove(at: chosen.path)
    }

    private func duplicateElement(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { value, place -> (Place, Int)? in
            value.kind == .array && value.count > 0 ? (place, value.count) : nil
        }
        guard let (array, count) = chosen else { return false }
        let source = array.path + [.element(random.below(count))]
        return document.insert(.copy(of: source), at: array.path + [.element(random.below(count + 1))])
    }

    private func swapElements(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { value, place -> (Place, Int)? in
            value.kind == .array && value.count > 1 ? (place, value.count) : nil
        }
        guard let (array, count) = chosen else { return false }
        let first = random.below(count)
        return document.swapElements(inArrayAt: array.path, first, (first + 1 + random.below(count - 1)) % count)
    }

    private func moveMemberToEnd(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { _, place -> Place? in place.key != nil ? place : nil }
        guard let chosen else { return false }
        return document.moveMemberToEnd(at: chosen.path)
    }

    /// Copies a member into another object of the same kind (a segment's `disconnectType`
    /// into another segment, one conversation's id into another).
    private func transplantMember(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let source = choose(in: document, &random) { _, place -> Place? in place.key != nil ? place : nil }
        guard let source, let key = source.key else { return false }
        // A member's place names the collection of the object that has it.
        let owner = Array(source.path.dropLast())
        let target = choose(in: document, &random) { value, place -> Place? in
            value.kind == .object && place.key == nil && place.path != owner && place.collection == source.collection ? place : nil
        }
        guard let target else { return false }
        return document.insert(.copy(of: source.path), at: target.path + [.member(key)])
    }

    /// Copies an element into another array of the same name (a segment into another
    /// session, a participant into another conversation).
    private func transplantElement(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let source = choose(in: document, &random) { _, place -> Place? in
            place.key == nil && !place.path.isEmpty && place.collection != nil ? place : nil
        }
        guard let source else { return false }
        let target = choose(in: document, &random) { value, place -> (Place, Int)? in
            value.kind == .array && place.key == source.collection ? (place, value.count) : nil
        }
        guard let (array, count) = target else { return false }
        return document.insert(.copy(of: source.path), at: array.path + [.element(random.below(count + 1))])
    }

    private func changeType(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { _, place -> Place? in place.path.isEmpty ? nil : place }
        guard let chosen else { return false }
        let values: [EditableJSONDocument.NewValue] = [
            .null, .bool(true), .bool(false), .integer(0), .integer(-1), .integer(Int64.max), .integer(Int64.min),
            .real(0.5), .real(-1e300), .string(""), .string("x"), .string("\u{0}"), .string("é\u{1F600}\"\\/\n"),
            .string(String(repeating: "a", count: 300)), .emptyObject, .emptyArray,
        ]
        return document.replace(at: chosen.path, with: values[random.below(values.count)])
    }

    private func changeNumber(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { value, place -> (Place, Double)? in
            value.number.map { (place, $0) }
        }
        guard let (place, number) = chosen else { return false }
        let whole = Int64(exactly: number.rounded(.towardZero)) ?? 0
        let values: [EditableJSONDocument.NewValue] = [
            .integer(0), .integer(-1), .integer(1), .integer(whole &+ 1), .integer(whole &* 1000), .integer(Int64.max), .integer(Int64.min),
            .integer(4_294_967_296), .real(number + 0.5), .real(-number), .real(1.7976931348623157e308), .real(Double.leastNonzeroMagnitude),
        ]
        return document.replace(at: place.path, with: values[random.below(values.count)])
    }

    /// Gives an object a documented member of its level that it lacks, with a plausible value.
    private func addField(_ document: EditableJSONDocument, _ random: inout SplitMix64) -> Bool {
        let chosen = choose(in: document, &random) { value, place -> (Place, Scope)? in
            guard value.kind == .object, let scope = scope(of: value, at: place) else { return nil }
            return (place, scope)
        }
        guard let (place, scope) = chosen, let fields = vocabulary.fields[scope], !fields.isEmpty else { return false }
        let field = fields[random.below(fields.count)]
        let value: EditableJSONDocument.NewValue = switch field.type {
        case .timestamp: .string(Timestamp.format(milliseconds: 1_772_445_600_000 + Int64(random.below(7_200_000))))
        case .string: .string(vocabulary.enumerations[field.name] != nil ? vocabulary.replacement(in: field.name, random: &random) : "x\(random.below(4))")
        case .integer: .integer(Int64(random.below(4)))
        case .number: .real(Double(random.below(50)) / 10)
        case .boolean: .bool(random.oneIn(2))
        case .array: .emptyArray
        case .object: .emptyObject
        }
        return document.insert(value, at: place.path + [.member(field.name)])
    }

    // MARK: Touching the text

    /// A change to the written text that a parsed document cannot hold: a member repeated in
    /// its object (jansson keeps the last occurrence, and findings must point there), or a
    /// letter of a member's name written as a `\u` escape (the same name, other bytes).
    private func touch(_ text: [UInt8], of document: EditableJSONDocument, random: inout SplitMix64) -> [UInt8]? {
        guard let (place, valueText) = choose(in: document, &random, { value, place -> (Place, [UInt8])? in
            guard let key = place.key, !key.isEmpty, key.utf8.allSatisfy(Self.isPlainNameByte), value.kind != .object, value.kind != .array else { return nil }
            return (place, value.serialized())
        }), let key = place.key else { return nil }
        let ranges = text.withUnsafeBufferPointer { SourceLocator.ranges(ofPointers: [pointer(place.path.dropLast()), pointer(place.path)], in: $0) }
        let (object, value) = (ranges[0], ranges[1])
        guard object.count >= 2, text[object.lowerBound] == UInt8(ascii: "{"), value.lowerBound > object.lowerBound else { return nil }
        if random.oneIn(2) {
            // Where the name is written: just before its value, past the colon and any spaces.
            let name = Array("\"\(key)\"".utf8)
            guard let start = (max(object.lowerBound, value.lowerBound - name.count - 8)..<value.lowerBound).last(where: { text[$0...].starts(with: name) }) else { return nil }
            let letter = start + 1 + random.below(key.utf8.count)
            let hex = String(text[letter], radix: 16)
            let escape = Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            return Array(text[..<letter]) + escape + Array(text[(letter + 1)...])
        }
        let repeatedValue: [UInt8] = random.oneIn(2) ? valueText : Array((random.oneIn(2) ? "null" : "\"x\"").utf8)
        let member = Array("\"\(key)\":".utf8) + repeatedValue
        if random.oneIn(2) {
            // First: the original, after it, is the one read.
            let afterBrace = object.lowerBound + 1
            return Array(text[..<afterBrace]) + member + [UInt8(ascii: ",")] + Array(text[afterBrace...])
        }
        // Last: the repeat is the one read.
        let closing = object.upperBound - 1
        return Array(text[..<closing]) + [UInt8(ascii: ",")] + member + Array(text[closing...])
    }

    private static func isPlainNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    private func pointer(_ path: some Sequence<JSONStep>) -> String {
        path.reduce("") { pointer, step in
            switch step {
            case .member(let name): JSONPointer.appending(name, to: pointer)
            case .element(let index): pointer + "/\(index)"
            }
        }
    }

    // MARK: Reshaping

    /// The export in another shape: the conversations of a document as NDJSON lines, or the
    /// documents of NDJSON in a query-response envelope.
    private func reshape(_ export: ParsedExport, random: inout SplitMix64) -> ParsedExport? {
        switch export.layout {
        case .document(let document):
            let lines: [ParsedExport.Line] = document.withRoot { root in
                let conversations = root.kind == .array ? root : root["conversations"]
                return conversations?.elements.compactMap { element in
                    element.serialized().withUnsafeBytes { EditableJSONDocument.parse($0) }.map(ParsedExport.Line.document)
                } ?? []
            }
            guard !lines.isEmpty else { return nil }
            var reshaped = export
            reshaped.layout = .lines(lines)
            return reshaped
        case .lines:
            var text: [UInt8] = Array(#"{"totalHits":"#.utf8) + Array(String(export.documents.count + random.below(2)).utf8) + Array(#","conversations":["#.utf8)
            for (index, document) in export.documents.enumerated() {
                if index > 0 { text.append(UInt8(ascii: ",")) }
                text += document.serialized()
            }
            text += Array("]}".utf8)
            guard let document = text.withUnsafeBytes({ EditableJSONDocument.parse($0) }) else { return nil }
            var reshaped = export
            reshaped.layout = .document(document)
            return reshaped
        }
    }

    // MARK: Finding places

    /// Where a value sits in its document.
    struct Place {
        var path: [JSONStep]
        /// The value's member name; nil for an array element or the root.
        var key: String?
        /// The member name of the nearest array the value is in or under ("segments"): what
        /// kind of object it is, or belongs to.
        var collection: String?
    }

    /// Calls `body` with every value of the document and its place, parents first, down to a
    /// depth that real exports never reach.
    func forEachPlace(in document: EditableJSONDocument, _ body: (JSONValue, Place) -> Void) {
        document.withRoot { root in
            var place = Place(path: [], key: nil, collection: nil)
            visit(root, &place, body)
        }
    }

    private static let maximumDepth = 64

    private func visit(_ value: JSONValue, _ place: inout Place, _ body: (JSONValue, Place) -> Void) {
        body(value, place)
        guard place.path.count < Self.maximumDepth else { return }
        let saved = (place.key, place.collection)
        defer { (place.key, place.collection) = saved }
        switch value.kind {
        case .object:
            value.forEachMember { name, member in
                place.path.append(.member(name))
                place.key = name
                place.collection = saved.1
                visit(member, &place, body)
                place.path.removeLast()
            }
        case .array:
            let name = saved.0 ?? saved.1
            for (index, element) in value.elements.enumerated() {
                place.path.append(.element(index))
                place.key = nil
                place.collection = name
                visit(element, &place, body)
                place.path.removeLast()
            }
        default:
            break
        }
    }

    /// One of the values for which `candidate` gives a result, each equally likely (reservoir
    /// sampling: one walk, no list of candidates).
    func choose<Chosen>(in document: EditableJSONDocument, _ random: inout SplitMix64, _ candidate: (JSONValue, Place) -> Chosen?) -> Chosen? {
        var chosen: Chosen?
        var seen = 0
        forEachPlace(in: document) { value, place in
            guard let result = candidate(value, place) else { return }
            seen += 1
            if random.below(seen) == 0 { chosen = result }
        }
        return chosen
    }

    private func chooseTimestamp(in document: EditableJSONDocument, _ random: inout SplitMix64) -> (Place, Int64)? {
        choose(in: document, &random) { value, place -> (Place, Int64)? in
            guard isTimestamp(value, place), let text = value.string else { return nil }
            return (place, Timestamp.milliseconds(from: text) ?? 1_772_445_600_000)
        }
    }

    private func isTimestamp(_ value: JSONValue, _ place: Place) -> Bool {
        guard value.kind == .string else { return false }
        if let key = place.key, vocabulary.timestampFields.contains(key) { return true }
        return value.withUTF8 { $0.count >= 19 && Timestamp.milliseconds(from: $0) != nil } ?? false
    }

    private func isCollection(_ name: String?) -> Bool {
        guard let name else { return false }
        return Scope.allCases.contains { $0.collectionName == name }
    }

    /// The level of an object: the one whose collection holds it, and a conversation for a
    /// document's root that is no envelope.
    private func scope(of value: JSONValue, at place: Place) -> Scope? {
        if place.path.isEmpty { return value["conversations"] == nil ? .conversation : nil }
        guard place.key == nil else { return nil }
        if place.path.count == 1 { return .conversation }
        return Scope.allCases.first { $0.collectionName == place.collection }
    }
}

extension JSONValue {
    /// The value at a path of steps, nil when it does not exist.
    func resolving(_ path: [JSONStep]) -> JSONValue? {
        var current = self
        for step in path {
            switch step {
            case .member(let name):
                guard let member = current[name] else { return nil }
                current = member
            case .element(let index):
                guard current.kind == .array, let element = current[index] else { return nil }
                current = element
            }
        }
        return current
    }
}
