/// When a rule's rate counts as drifted (`"drift"` in `.genesys-lint.json`): more than `factor`
/// times its median over the last `runs` comparable runs, and more than chance explains at the
/// level `alpha`, in a run of at least `minConversations` conversations with at least `minRuns`
/// comparable runs before it.
public struct DriftSettings: Sendable, Equatable {
    public var factor: Double
    public var runs: Int
    public var minConversations: Int
    public var minRuns: Int
    public var alpha: Double

    public static let defaults = DriftSettings(factor: 3, runs: 14, minConversations: 200, minRuns: 3, alpha: 0.001)

    public init(factor: Double, runs: Int, minConversations: Int, minRuns: Int, alpha: Double) {
        self.factor = factor
        self.runs = runs
        self.minConversations = minConversations
        self.minRuns = minRuns
        self.alpha = alpha
    }

    /// The keys of a drift entry, in the order documentation lists them.
    public static let keys = ["factor", "runs", "minConversations", "minRuns", "alpha"]

    /// Some of the settings, as one entry of `"drift"` gives them; the others come from the
    /// `"*"` entry, then from the defaults.
    public struct Overrides: Sendable, Equatable {
        public var factor: Double?
        public var runs: Int?
        public var minConversations: Int?
        public var minRuns: Int?
        public var alpha: Double?

        public init(factor: Double? = nil, runs: Int? = nil, minConversations: Int? = nil, minRuns: Int? = nil, alpha: Double? = nil) {
            self.factor = factor
            self.runs = runs
            self.minConversations = minConversations
            self.minRuns = minRuns
            self.alpha = alpha
        }

        /// These settings over `base`.
        func applied(to base: DriftSettings) -> DriftSettings {
            DriftSettings(
                factor: factor ?? base.factor, runs: runs ?? base.runs, minConversations: minConversations ?? base.minConversations,
                minRuns: minRuns ?? base.minRuns, alpha: alpha ?? base.alpha
            )
        }
    }
}

/// The `"drift"` entries of a configuration: one for every rule (`"*"`), and per rule id.
public struct DriftConfiguration: Sendable, Equatable {
    /// The key that gives settings to every rule.
    public static let everyRule = "*"

    public var everyRule: DriftSettings.Overrides?
    public var byRule: [String: DriftSettings.Overrides] = [:]

    public init(everyRule: DriftSettings.Overrides? = nil, byRule: [String: DriftSettings.Overrides] = [:]) {
        self.everyRule = everyRule
        self.byRule = byRule
    }

    public var isEmpty: Bool { everyRule == nil && byRule.isEmpty }

    /// The settings of a rule, nil when no entry names it (nor `"*"`): its rule entry over the
    /// `"*"` entry over the defaults.
    public func settings(for ruleId: String) -> DriftSettings? {
        let own = byRule[ruleId]
        guard own != nil || everyRule != nil else { return nil }
        let base = everyRule?.applied(to: .defaults) ?? .defaults
        return own?.applied(to: base) ?? base
    }
}
