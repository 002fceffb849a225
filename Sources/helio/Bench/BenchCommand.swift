import ArgumentParser
import Foundation

/// `helio bench …`: benchmarks that print absolute figures beside a ceiling measured in the same run
/// (the machines are shared and noisy: a ratio against a same-run ceiling is what can be compared).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Helio against the hardware ceilings of this machine (use a release build).",
        subcommands: [BenchCrypto.self, BenchLedger.self, BenchIngest.self, BenchRPC.self]
    )
}

/// Runs `body` repeatedly for at least `seconds`, returning (iterations, elapsed seconds).
func measure(seconds: Double, batch: Int = 1, _ body: () -> Void) -> (count: Int, elapsed: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    var count = 0
    var elapsed = 0.0
    repeat {
        for _ in 0..<batch { body() }
        count += batch
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    return (count, elapsed)
}

func warnIfDebugBuild() {
    #if DEBUG
        Output.note("warning: this is a debug build; run `swift run -c release helio bench …` for real figures")
    #endif
}

func formatRate(_ value: Double) -> String { String(format: "%.0f", value) }
func formatRatio(_ value: Double) -> String { String(format: "%.2f", value) }
