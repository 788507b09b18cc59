/// How complete one copy of a conversation is, in the few facts that tell two copies of it
/// apart: the analytics API keeps adding to a conversation for days, so a later export can hold
/// a fuller copy of the same conversation than an earlier one.
///
/// Kept in the uniqueness ledger for every conversation, so it is 12 bytes: the latest activity
/// and the segment count with the ended flag in its top bit.
struct CopyCompleteness: Sendable, Equatable {
    /// Milliseconds since 1970 of the latest activity, `Int64.min` when the copy has no time at all.
    private let latest: Int64
    /// The number of segments, with whether the conversation has ended in the top bit.
    private let endedAndSegments: UInt32

    private static let endedBit: UInt32 = 1 << 31

    init(hasEnded: Bool, segments: Int, latestActivity: Int64?) {
        latest = latestActivity ?? .min
        endedAndSegments = UInt32(clamping: min(segments, Int(Self.endedBit - 1))) | (hasEnded ? Self.endedBit : 0)
    }

    /// The copy as the model read it: its activity is its conversationEnd, else the latest
    /// time of its segments and metrics.
    init(of conversation: Conversation) {
        var latest = conversation.conversationEnd
        if latest == nil {
            func note(_ time: Int64?) {
                if let time, time > latest ?? .min { latest = time }
            }
            for segment in conversation.segments {
                note(segment.segmentStart)
                note(segment.segmentEnd)
            }
            for metric in conversation.metrics { note(metric.emitDate) }
        }
        self.init(hasEnded: conversation.conversationEnd != nil, segments: conversation.segments.count, latestActivity: latest)
    }

    /// The 12 bytes as stored, for the ledger's records on disk.
    var stored: (latest: Int64, endedAndSegments: UInt32) { (latest, endedAndSegments) }

    init(stored: (latest: Int64, endedAndSegments: UInt32)) {
        latest = stored.latest
        endedAndSegments = stored.endedAndSegments
    }

    var hasEnded: Bool { endedAndSegments & Self.endedBit != 0 }
    var segments: Int { Int(endedAndSegments & ~Self.endedBit) }
    var latestActivity: Int64? { latest == .min ? nil : latest }

    /// What decides which copy is more complete, in order: having ended, then more segments,
    /// then later activity.
    private var rank: (Int, Int, Int64) { (hasEnded ? 1 : 0, segments, latest) }

    /// Which of two copies is more complete, said for a repeat's message: "this copy is more
    /// complete: …", "the earlier copy is more complete: …" or "the two copies are equally
    /// complete". The reasons are every fact that differs, the deciding one first, each given
    /// for the more complete copy first.
    static func verdict(this: CopyCompleteness, earlier: CopyCompleteness) -> String {
        guard this.rank != earlier.rank else { return "the two copies are equally complete" }
        let thisWins = this.rank > earlier.rank
        let (fuller, other) = thisWins ? (this, earlier) : (earlier, this)
        var reasons: [String] = []
        if fuller.hasEnded != other.hasEnded {
            reasons.append(thisWins ? "it has ended (the earlier one had not)" : "it had ended (this one has not)")
        }
        if fuller.segments != other.segments {
            reasons.append("\(count(fuller.segments)) against \(other.segments)")
        }
        if fuller.latest != other.latest {
            reasons.append("active until \(time(fuller.latestActivity)) against \(time(other.latestActivity))")
        }
        return (thisWins ? "this copy is more complete: " : "the earlier copy is more complete: ") + reasons.joined(separator: ", ")
    }

    private static func count(_ segments: Int) -> String {
        segments == 1 ? "1 segment" : "\(segments) segments"
    }

    private static func time(_ milliseconds: Int64?) -> String {
        milliseconds.map { Timestamp.format(milliseconds: $0) } ?? "no time at all"
    }
}
