import GenesysJSON

/// The bytes of one record cut from an input: a conversation, or a whole small document
/// (an NDJSON line, a single-conversation file) whose shape is decided after parsing.
public struct FramedRecord: Sendable {
    public enum Kind: Sendable {
        /// An element of a `conversations` array or of a bare array: must be a conversation.
        case conversation
        /// A complete top-level document: a conversation, an envelope or an array of them.
        case document
    }

    public let kind: Kind
    public let bytes: [UInt8]
    /// Absolute byte offset of `bytes[0]` in the input.
    public let offset: Int
    /// Line and column of `bytes[0]` in the input.
    public let position: TextPosition
    /// JSON pointer of the record's root inside its document ("" for a document).
    public let pointer: String
}

/// Checks the reader makes itself; each is reported under the rule that names it.
public enum ReaderCheck: String, Sendable, CaseIterable {
    case malformedJSON = "malformed-json"
    case wrongType = "wrong-type"
    case invalidTimestamp = "invalid-timestamp"
    case nonstandardTimestamp = "nonstandard-timestamp"
    case notAnExport = "not-an-export"
    case recordTooLarge = "record-too-large"
    /// A conversation whose check would take more work than a conversation may.
    case tooComplex = "too-complex"
    /// A conversation with activity after its jobs page's `dataAvailabilityDate`.
    case afterDataAvailability = "after-data-availability"
    /// The conversations read disagree with the `totalHits` their pages report.
    case totalHitsMismatch = "total-hits-mismatch"
    /// The records of a Singer or Airbyte stream are not conversations.
    case otherStream = "other-stream"
}

/// What a document's envelope says about the export, for checks over whole pages.
public struct EnvelopeFacts: Sendable, Equatable {
    public var totalHits: Int64?
    /// Where `totalHits` is, for a finding about it.
    public var totalHitsPosition: TextPosition?
    public var totalHitsPointer = "/totalHits"
    /// `dataAvailabilityDate` of a jobs results page (milliseconds), and as written.
    public var dataAvailabilityDate: Int64?
    public var dataAvailabilityText: String?
    /// Elements of the `conversations` array.
    public var conversationCount = 0

    public init() {}

    /// The envelope members this project checks, and how each shape spells them: the API's
    /// names, then the Python SDK's.
    static let keys: [(key: String, spelt: String)] = [
        ("totalHits", "totalHits"), ("totalHits", "total_hits"),
        ("dataAvailabilityDate", "dataAvailabilityDate"), ("dataAvailabilityDate", "data_availability_date"),
    ]

    /// The canonical name of an envelope member this project checks, as `spelt` in the file.
    static func key(spelt: String) -> String? {
        keys.first { $0.spelt == spelt }?.key
    }

    /// Reads an envelope member this project checks, named as `spelt` in the file, from its
    /// parsed value.
    mutating func read(_ spelt: String, _ value: JSONValue, position: TextPosition) {
        switch Self.key(spelt: spelt) {
        case "totalHits":
            totalHits = value.integer
            totalHitsPosition = position
            totalHitsPointer = "/" + spelt
        case "dataAvailabilityDate":
            dataAvailabilityText = value.string
            // The Python SDK writes the date as Python does; its instant is the API's.
            let text = spelt == "dataAvailabilityDate" ? value.string : value.string.map { PythonSDKSpelling.apiTimestamp($0) ?? $0 }
            dataAvailabilityDate = text.flatMap(Timestamp.milliseconds(from:))
        default:
            break
        }
    }
}

/// Something wrong with the input that the reader found, located in the input.
public struct ReadProblem: Sendable, Equatable {
    public let check: ReaderCheck
    public let message: String
    public let position: TextPosition
    /// JSON pointer from the root of the document (for NDJSON, of the line).
    public let pointer: String
    public var conversationId: String?
    /// Pointer of the conversation the problem is in, when it is in one.
    public var conversationPointer = ""

    public init(check: ReaderCheck, message: String, position: TextPosition, pointer: String, conversationId: String? = nil, conversationPointer: String = "") {
        self.check = check
        self.message = message
        self.position = position
        self.pointer = pointer
        self.conversationId = conversationId
        self.conversationPointer = conversationPointer
    }
}

/// What the framer hands on: a record to parse, or a problem already found.
public enum FramedItem: Sendable {
    case record(FramedRecord)
    case problem(ReadProblem)
    /// A top-level document framed element by element has ended; its envelope facts, if any.
    case documentEnd(EnvelopeFacts?)
}
