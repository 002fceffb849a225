import ArgumentParser
import Foundation

/// `--data-dir`: the registry's data folder (default ./helio-data, or $HELIO_DATA_DIR).
struct DataDirOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Registry data folder (default $HELIO_DATA_DIR or ./helio-data).")
    var dataDir: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL of the registry (postgres://user@host:port/db); `registry init` records it in the "
                + "data folder, where later commands find it.", valueName: "url"))
    var database: String?

    var path: String {
        if let dataDir { return dataDir }
        if let env = ProcessInfo.processInfo.environment["HELIO_DATA_DIR"], !env.isEmpty { return env }
        return "helio-data"
    }
}
