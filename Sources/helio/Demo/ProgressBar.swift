import Foundation

/// One updating line on stderr (`\r`): a bar, the percentage, the count and the rate. Drawn only when
/// enabled (stderr is a terminal, or `--progress`); never on stdout, which carries the summary.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private var total = 0
    private var unit = ""
    private var lastDrawn = -1

    /// Enabled when forced, else when stderr is a terminal; `--no-progress` wins over both.
    init(force: Bool, disable: Bool) {
        enabled = !disable && (force || isatty(STDERR_FILENO) == 1)
    }

    func start(total: Int, unit: String) {
        self.total = max(1, total)
        self.unit = unit
        lastDrawn = -1
        update(done: 0, seconds: 0)
    }

    func update(done: Int, seconds: Double) {
        guard enabled else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastDrawn || done == total else { return }
        lastDrawn = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let rate = seconds > 0 ? Int(Double(done) / seconds) : 0
        let line = "\r  [\(bar)] \(String(format: "%3d", percent)) %  \(done)/\(total) \(unit)  \(rate) \(unit)/s  "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// A step of the demo, on its own line (stderr, only when the bar is shown).
    func step(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("▸ \(text)\n".utf8))
    }
}
