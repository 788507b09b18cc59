/// What a run history needs of a run beyond its summary, gathered from the profile of every
/// conversation checked: the interval the conversations started in, and the conversations and
/// rule counts per media type. Bounded: media types the vocabulary does not know are counted
/// together as `otherMediaType`, so neither hostile data nor personal text can grow it or end
/// up in the history.
public struct RunTally: Sendable, Equatable {
    /// The name conversations without a media type are counted under.
    public static let noMediaType = "(none)"
    /// The name media types outside the vocabulary are counted under.
    public static let otherMediaType = "(other)"

    /// The media types counted under their own names.
    public let knownMediaTypes: Set<String>
    public private(set) var earliestStart: Int64?
    public private(set) var latestStart: Int64?
    public private(set) var media: [String: RunRecord.MediaCounts] = [:]

    public init(knownMediaTypes: Set<String>) {
        self.knownMediaTypes = knownMediaTypes
    }

    /// A tally that counts the media types of the vocabulary under their names.
    public init(vocabulary: Vocabulary) {
        self.init(knownMediaTypes: vocabulary.enumerations["mediaType"]?.known ?? [])
    }

    public mutating func add(_ profile: ConversationProfile) {
        if let start = profile.start {
            earliestStart = min(earliestStart ?? start, start)
            latestStart = max(latestStart ?? start, start)
        }
        var findingsByRule: [String: Int] = [:]
        for mark in profile.findings { findingsByRule[mark.ruleId, default: 0] += 1 }
        var names = Set(profile.mediaTypes.map { knownMediaTypes.contains($0) ? $0 : Self.otherMediaType })
        if names.isEmpty { names = [Self.noMediaType] }
        // A conversation with several media types (a callback, then a voice call) counts in each.
        for name in names {
            var counts = media[name, default: RunRecord.MediaCounts()]
            counts.conversations += 1
            for (id, findings) in findingsByRule {
                counts.rules[id, default: .zero].add(RunRecord.RuleCounts(findings: findings, conversations: 1))
            }
            media[name] = counts
        }
    }

    /// Adds another share's tally to this one (a merge of partial reports). Its media types are
    /// named as this tally names them: a partial report is a file anyone could have edited.
    public mutating func add(_ other: RunTally) {
        if let start = other.earliestStart { earliestStart = min(earliestStart ?? start, start) }
        if let start = other.latestStart { latestStart = max(latestStart ?? start, start) }
        for (name, counts) in other.media {
            let known = knownMediaTypes.contains(name) || name == Self.noMediaType
            media[known ? name : Self.otherMediaType, default: RunRecord.MediaCounts()].add(counts)
        }
    }

    /// Tallies are equal when their counts are, whatever media types they would count by name.
    public static func == (lhs: RunTally, rhs: RunTally) -> Bool {
        lhs.earliestStart == rhs.earliestStart && lhs.latestStart == rhs.latestStart && lhs.media == rhs.media
    }

    /// A share's tally as a partial report holds it; `add` it to a tally of the merge.
    init(earliestStart: Int64?, latestStart: Int64?, media: [String: RunRecord.MediaCounts]) {
        knownMediaTypes = []
        self.earliestStart = earliestStart
        self.latestStart = latestStart
        self.media = media
    }
}
