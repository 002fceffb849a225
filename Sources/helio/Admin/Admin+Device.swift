import ArgumentParser
import Foundation
import HelioCrypto
import HelioEnergy
import HelioLedger

extension AdminCommand {
    /// Registers a production device from flags, or from a `DeviceRegistration` JSON file.
    struct RegisterDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register-device",
            abstract: "Register a production device and its meters (RegisterDevice).",
            discussion: """
                Give every field as a flag, or --file device.json holding the DeviceRegistration JSON \
                ({"id", "name", "owner", "codeList", "energySource", "technology", "capacityW", \
                "commissioningDate", "country", "latitudeE6", "longitudeE6", "gridArea", "support", \
                "meters": [{"id", "intervalSeconds"}]}). The server checks the fields against the code lists.
                """)

        @Option(help: "Read the DeviceRegistration from this JSON file instead of the flags.")
        var file: String?

        @Option(help: "Device id (1–64 of A–Z a–z 0–9 . _ : -).") var id: String?
        @Option(help: "Device name.") var name: String?
        @Option(help: "Owner's address: receives the rewards.") var owner: String?
        @Option(name: .customLong("code-list"), help: "Code list version (default the current one).")
        var codeList: String = CodeLists.current.version
        @Option(name: .customLong("energy-source"), help: "EECS energy source code (default solar).")
        var energySource: String = "F01040100"
        @Option(help: "EECS technology code (default photovoltaic).") var technology: String = "T010101"
        @Option(name: .customLong("capacity-w"), help: "Nameplate capacity, W.") var capacityW: UInt64?
        @Option(name: .customLong("commissioning-date"), help: "Commissioning date, YYYY-MM-DD.")
        var commissioningDate: String?
        @Option(help: "Country, ISO 3166-1 alpha-2 (DK).") var country: String?
        @Option(help: "Latitude in decimal degrees (north positive), at most 6 decimals.") var lat: String?
        @Option(help: "Longitude in decimal degrees (east positive), at most 6 decimals.") var lon: String?
        @Option(name: .customLong("grid-area"), help: "Grid area or bidding zone (DK1).") var gridArea: String?
        @Option(help: "Public support: none, investment, production or investment+production.")
        var support: String = "none"
        @Option(name: .customLong("meter"), help: "A meter as ID:INTERVAL_SECONDS (repeat for several).")
        var meters: [String] = []

        @OptionGroup var options: AdminOptions

        func validate() throws {
            if file != nil {
                let flags: [Any?] = [id, name, owner, capacityW, commissioningDate, country, lat, lon, gridArea]
                if flags.contains(where: { $0 != nil }) || !meters.isEmpty {
                    throw ValidationError("give --file or the device flags, not both")
                }
                return
            }
            _ = try registration()
        }

        func run() async throws {
            try await options.send(.registerDevice(.init(try file.map(Self.load) ?? registration())))
        }

        static func load(_ path: String) throws -> DeviceRegistration {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            do { return try JSONDecoder().decode(DeviceRegistration.self, from: data) } catch {
                throw CLIError("\(path) is not a DeviceRegistration: \(error)")
            }
        }

        /// The registration the flags describe; throws a `ValidationError` naming a missing or bad flag.
        func registration() throws -> DeviceRegistration {
            func required<T>(_ value: T?, _ flag: String) throws -> T {
                guard let value else { throw ValidationError("missing \(flag) (or give --file)") }
                return value
            }
            let (id, name) = (try required(id, "--id"), try required(name, "--name"))
            let owner = try addressOption(try required(owner, "--owner"), "--owner")
            let capacityW = try required(capacityW, "--capacity-w")
            let commissioningDate = try required(commissioningDate, "--commissioning-date")
            let country = try required(country, "--country")
            guard let latitude = DecimalText.microdegrees(try required(lat, "--lat"), limit: 90) else {
                throw ValidationError("--lat must be decimal degrees in −90…90 with at most 6 decimals")
            }
            guard let longitude = DecimalText.microdegrees(try required(lon, "--lon"), limit: 180) else {
                throw ValidationError("--lon must be decimal degrees in −180…180 with at most 6 decimals")
            }
            let gridArea = try required(gridArea, "--grid-area")
            guard !meters.isEmpty else { throw ValidationError("give at least one --meter ID:INTERVAL") }
            return DeviceRegistration(
                id: id, name: name, owner: owner, codeList: codeList, energySource: energySource,
                technology: technology, capacityW: capacityW, commissioningDate: commissioningDate, country: country,
                latitudeE6: latitude, longitudeE6: longitude, gridArea: gridArea, support: support,
                meters: try meters.map(Self.meter))
        }

        static func meter(_ text: String) throws -> MeterSpec {
            let parts = text.split(separator: ":")
            guard parts.count >= 2, let interval = UInt32(parts[parts.count - 1]) else {
                throw ValidationError("--meter \(text) must be ID:INTERVAL_SECONDS (e.g. 571313104402023456:900)")
            }
            return MeterSpec(id: parts.dropLast().joined(separator: ":"), intervalSeconds: interval)
        }
    }

    struct SuspendDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suspend-device", abstract: "Suspend a device: its readings are refused (SetDeviceStatus).")

        @Option(help: "The device's id.") var device: String
        @Option(help: "Why (recorded in the journal).") var reason: String
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await options.send(.setDeviceStatus(.init(device: device, active: false, reason: reason)))
        }
    }

    struct ReinstateDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reinstate-device", abstract: "Reinstate a suspended device (SetDeviceStatus).")

        @Option(help: "The device's id.") var device: String
        @Option(help: "Why (recorded in the journal).") var reason: String
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await options.send(.setDeviceStatus(.init(device: device, active: true, reason: reason)))
        }
    }
}
