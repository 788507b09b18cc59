/// A rate series as eight levels of block characters, from zero to the largest rate; a gap
/// where a run has no rate.
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func text(_ values: [Double?]) -> String {
        let largest = values.compactMap { $0 }.max() ?? 0
        return String(values.map { value -> Character in
            guard let value else { return " " }
            guard largest > 0 else { return levels[0] }
            return levels[min(levels.count - 1, Int((value / largest * Double(levels.count - 1)).rounded()))]
        })
    }
}
