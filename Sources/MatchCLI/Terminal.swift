import Foundation
import Synchronization

/// Writes to standard error.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Formats a number with a fixed count of decimals.
func format(_ value: Double, digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

/// A progress line on standard error, updated at most a few times a second, from any thread.
final class ProgressLine: Sendable {
    private let label: String
    private let unit: String
    private let interactive = isatty(STDERR_FILENO) != 0
    private let state = Mutex<(last: ContinuousClock.Instant, started: ContinuousClock.Instant, printed: Bool)>(
        (ContinuousClock.now, ContinuousClock.now, false))

    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    func update(_ done: Int, of total: Int) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            let interval: Duration = interactive ? .milliseconds(250) : .seconds(10)
            guard now - state.last >= interval || done == total else { return nil }
            state.last = now
            state.printed = true
            let elapsed = max((now - state.started).seconds, 1e-9)
            let rate = Double(done) / elapsed
            let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
            return "\(label): \(done)/\(total) \(unit) (\(format(percent, digits: 1))%), \(format(rate, digits: 0)) \(unit)/s"
        }
        if let line { standardError(interactive ? "\r\u{1B}[K" + line : line + "\n") }
    }

    func finish() {
        if interactive && state.withLock({ $0.printed }) { standardError("\n") }
    }
}
