/// A limit under which a rule's findings do not fail the run, as dbt's `error_if` and Great
/// Expectations' `mostly` have it: `"> 0.5%"` fails when more than half a percent of the
/// conversations checked have a finding of the rule, `">= 10"` when ten or more do.
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    public enum Limit: Sendable, Equatable {
        /// Conversations with a finding (unreadable records count one each).
        case count(Int)
        /// Share of the conversations checked, as a fraction (0.005 for 0.5%).
        case rate(Double)
    }

    public let inclusive: Bool
    public let limit: Limit
    /// As the user wrote it, for reports.
    public let text: String

    /// Parses `> N`, `>= N`, `> N%` or `>= N%`; nil when the text is none of these.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingSpaces)
        if rest.hasPrefix(">=") {
            inclusive = true
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix(">") {
            inclusive = false
            rest = rest.dropFirst()
        } else {
            return nil
        }
        var number = String(rest).trimmingSpaces
        let isRate = number.hasSuffix("%")
        if isRate { number = String(number.dropLast()).trimmingSpaces }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(number), value.isFinite else {
            return nil
        }
        if isRate {
            guard value <= 100 else { return nil }
            limit = .rate(value / 100)
        } else {
            guard let count = Int(number) else { return nil }
            limit = .count(count)
        }
        self.text = "\(inclusive ? ">=" : ">") \(number)\(isRate ? "%" : "")"
    }

    public var description: String { text }

    /// What the findings must stay within to pass, as people write it: `<= 0.5%` for `> 0.5%`,
    /// `< 10` for `>= 10`.
    public var passingCondition: String {
        let operatorLength = inclusive ? 2 : 1
        return (inclusive ? "<" : "<=") + text.dropFirst(operatorLength)
    }

    /// Whether `affected` conversations out of `conversations` checked cross the limit.
    public func isCrossed(affected: Int, conversations: Int) -> Bool {
        switch limit {
        case .count(let count):
            return inclusive ? affected >= count : affected > count
        case .rate(let rate):
            // With nothing read, any unreadable record is over every rate.
            guard conversations > 0 else { return affected > 0 }
            let observed = Double(affected) / Double(conversations)
            // 1 of 200 must equal 0.5%, whatever the binary fractions make of it.
            let epsilon = 1e-12
            return inclusive ? observed >= rate - epsilon : observed > rate + epsilon
        }
    }
}

/// How a rule with a threshold fared in a run.
public struct ThresholdVerdict: Sendable, Equatable {
    public let threshold: Threshold
    public let affected: Int
    public let crossed: Bool

    public init(threshold: Threshold, affected: Int, crossed: Bool) {
        self.threshold = threshold
        self.affected = affected
        self.crossed = crossed
    }
}
