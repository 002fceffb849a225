import Foundation
import HelioServer
import Testing

@Suite struct ServerSettingsTests {
    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("helio-\(UUID().uuidString).json")
        try Data(#"{"host": "10.0.0.1", "port": 9000, "dataDir": "from-file", "logLevel": "debug"}"#.utf8).write(
            to: file)
        let flags = ServerSettings(port: 8000)
        let env = try ServerSettings.environment(["HELIO_PORT": "8500", "HELIO_DATA_DIR": "from-env", "HELIO_HOST": ""])
        let merged = flags.over(env).over(try ServerSettings.file(file.path))
        let configuration = try merged.configuration(checkpointKey: nil)
        #expect(configuration.port == 8000)
        #expect(configuration.dataDirectory == "from-env")
        #expect(configuration.host == "10.0.0.1")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.limits.maxBodyBytes == 4 << 20)

        let defaults = try ServerSettings().configuration(checkpointKey: nil)
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 7317)
        #expect(defaults.dataDirectory == "helio-data")
    }

    @Test func badSettingsAreRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("helio-\(UUID().uuidString).json")
        try Data(#"{"prot": 1}"#.utf8).write(to: file)
        #expect(throws: SettingsError.self) { try ServerSettings.file(file.path) }
        #expect(throws: SettingsError.self) { try ServerSettings.environment(["HELIO_PORT": "eighty"]) }
        #expect(throws: SettingsError.self) { try ServerSettings(port: 70_000).configuration(checkpointKey: nil) }
        #expect(throws: SettingsError.self) { try ServerSettings(logLevel: "loud").configuration(checkpointKey: nil) }
    }
}
