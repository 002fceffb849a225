import HelioCrypto
import HelioEnergy
import HelioLedger

/// The simulated neighbourhood: Tranebjerg on Samsø (Denmark's renewable-energy island, bidding zone DK1),
/// with `producers` rooftop PV plants of 3–30 kW, one community wind turbine owned by the island's energy
/// cooperative, a grid operator's data hub that reads every meter, and three consumers. Everything here is
/// drawn from the seed: capacities, commissioning dates, positions, registers and keys.
///
/// The cooperative also owns the first PV plant (the community hall's roof): SUN is minted for solar
/// energy only, and the cooperative's SUN is what it distributes to its members to buy certificates with.
struct Neighbourhood: Sendable {
    static let town = "Tranebjerg, Samsø"
    static let country = "DK"
    /// Energinet's western bidding zone, where Samsø lies.
    static let gridArea = "DK1"
    static let latitudeE6: Int64 = 55_848_600
    static let longitudeE6: Int64 = 10_601_900
    /// EECS codes (Schemas/code-lists, release eecs-fs5-v1): solar photovoltaic, and wind.
    static let solarSource = "F01040100"
    static let solarTechnology = "T010101"
    static let windSource = "F01050100"
    static let windTechnology = "T020000"
    /// Every meter reads in 15-minute intervals.
    static let intervalSeconds: Int64 = 900

    let seed: UInt64
    let checkpointKey: Secp256k1.PrivateKey
    let issuingBody: Secp256k1.PrivateKey
    /// The grid operator's data hub: the second oracle of every meter.
    let dataHub: Secp256k1.PrivateKey
    let cooperative: Secp256k1.PrivateKey
    let devices: [DemoDevice]
    let consumers: [Consumer]

    var pv: [DemoDevice] { devices.filter { $0.kind == .pv } }
    var wind: DemoDevice { devices.first { $0.kind == .wind }! }

    init(seed: UInt64, producers: Int, firstDay: Int64) {
        self.seed = seed
        checkpointKey = DemoKeys.key(seed: seed, role: "checkpoint")
        issuingBody = DemoKeys.key(seed: seed, role: "issuing-body")
        dataHub = DemoKeys.key(seed: seed, role: "data-hub")
        cooperative = DemoKeys.key(seed: seed, role: "cooperative")
        var rng = SeededRandom(seed: seed, stream: "neighbourhood")
        var devices: [DemoDevice] = []
        for i in 0..<producers {
            let street = Self.streets[i % Self.streets.count] + (i < Self.streets.count ? "" : " \(i + 1)")
            let community = i == 0
            // 3–30 kW in steps of 100 W; the community hall's roof is one of the big ones.
            let capacityW = UInt64(rng.int(in: community ? 200...300 : 30...300)) * 100
            devices.append(
                DemoDevice(
                    index: i, kind: .pv, id: String(format: "SAMSO-PV-%02d", i + 1),
                    name: community ? "Community hall roof PV" : "Rooftop PV, \(street)",
                    capacityW: capacityW,
                    owner: community ? cooperative : DemoKeys.key(seed: seed, role: "producer", index: i),
                    ownerName: community ? "Samsø energy cooperative" : "household on \(street)",
                    meter: Self.gsrn(i + 1), meterSigner: DemoKeys.key(seed: seed, role: "meter", index: i),
                    commissioningDate: Self.commissioning(&rng, before: firstDay),
                    latitudeE6: Self.latitudeE6 + Int64(rng.int(in: -9_000...9_000)),
                    longitudeE6: Self.longitudeE6 + Int64(rng.int(in: -15_000...15_000)),
                    performance: rng.uniform(0.90, 1.03), startRegisterWh: Int64(rng.int(in: 1_000_000...60_000_000))))
        }
        let w = producers
        devices.append(
            DemoDevice(
                index: w, kind: .wind, id: "SAMSO-WIND-1", name: "Community wind turbine, Brattingsborg",
                capacityW: [750_000, 1_000_000, 1_500_000, 2_000_000][rng.int(in: 0...3)], owner: cooperative,
                ownerName: "Samsø energy cooperative", meter: Self.gsrn(900 + 1),
                meterSigner: DemoKeys.key(seed: seed, role: "meter", index: w),
                commissioningDate: Self.commissioning(&rng, before: firstDay),
                latitudeE6: Self.latitudeE6 - 31_000, longitudeE6: Self.longitudeE6 + 42_000, performance: 1,
                startRegisterWh: Int64(rng.int(in: 1_000_000_000...9_000_000_000))))
        self.devices = devices
        consumers = Consumer.Role.allCases.map { role in
            Consumer(role: role, key: DemoKeys.key(seed: seed, role: role.rawValue))
        }
    }

    /// An 18-digit GSRN-style meter id (57 = Denmark's GS1 prefix).
    static func gsrn(_ n: Int) -> String { "5713131860" + String(format: "%08d", n) }

    /// A commissioning date between 2012 and two years before the first simulated day.
    static func commissioning(_ rng: inout SeededRandom, before firstDay: Int64) -> String {
        let earliest = CivilCalendar.days(year: 2012, month: 1, day: 1)
        let day = Int64(rng.int(in: Int(earliest)...Int(max(earliest, firstDay - 730))))
        let (y, m, d) = CivilCalendar.date(days: day)
        return String(format: "%04d-%02d-%02d", Int(y), Int(m), Int(d))
    }

    static let streets = [
        "Langgade", "Vestergade", "Kildevej", "Strandvejen", "Brundby Hovedgade", "Ballen Havn", "Onsbjerg Byvej",
        "Kolby Kås", "Nordby Bakke", "Besser Rev", "Pillemark", "Toftebjerg",
    ]
}

/// A production device of the demo, with its meter and the keys of its owner and meter.
struct DemoDevice: Sendable {
    enum Kind: String, Sendable { case pv, wind }

    let index: Int
    let kind: Kind
    let id: String
    let name: String
    let capacityW: UInt64
    let owner: Secp256k1.PrivateKey
    let ownerName: String
    let meter: String
    /// The meter's own signing module: the first oracle of the meter.
    let meterSigner: Secp256k1.PrivateKey
    let commissioningDate: String
    let latitudeE6: Int64
    let longitudeE6: Int64
    /// PV: orientation, shading and soiling against the clear-sky model's flat plant (0.90–1.03).
    let performance: Double
    /// The meter's cumulative register at the start of the first simulated day, Wh.
    let startRegisterWh: Int64

    var registration: DeviceRegistration {
        DeviceRegistration(
            id: id, name: name, owner: owner.address,
            energySource: kind == .pv ? Neighbourhood.solarSource : Neighbourhood.windSource,
            technology: kind == .pv ? Neighbourhood.solarTechnology : Neighbourhood.windTechnology,
            capacityW: capacityW, commissioningDate: commissioningDate, country: Neighbourhood.country,
            latitudeE6: latitudeE6, longitudeE6: longitudeE6, gridArea: Neighbourhood.gridArea,
            support: kind == .wind ? "investment" : "none",
            meters: [MeterSpec(id: meter, intervalSeconds: UInt32(Neighbourhood.intervalSeconds))])
    }

    var commissionedAt: Int64 { (UnixTime.day(Array(commissioningDate.utf8)) ?? 0) * UnixTime.secondsPerDay }
}

/// A consumer who buys certificates and cancels them for itself.
struct Consumer: Sendable {
    enum Role: String, Sendable, CaseIterable {
        case household, school, office
    }

    let role: Role
    let key: Secp256k1.PrivateKey

    /// GOs for the household and the school (a period's disclosure), hourly GCs for the office (24/7).
    var scheme: CertificateScheme { role == .office ? .gc : .go }

    var beneficiaryName: String {
        switch role {
        case .household: "Jensen household"
        case .school: "Samsø Friskole"
        case .office: "Tranebjerg Energy Office ApS"
        }
    }

    var beneficiaryAddress: String {
        switch role {
        case .household: "Langgade 5, 8305 Samsø"
        case .school: "Skolevej 2, 8305 Samsø"
        case .office: "Søtofte 10, 8305 Samsø"
        }
    }

    var purpose: String {
        role == .office
            ? "24/7 hourly matching of office consumption (demo)"
            : "Electricity disclosure, guarantees of origin (demo)"
    }
}
