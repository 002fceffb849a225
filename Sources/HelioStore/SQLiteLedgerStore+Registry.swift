import Foundation
import GRDB
import HelioCrypto
import HelioLedger

extension SQLiteLedgerStore {
    /// The registry's projections (devices, oracles, assignments, attestations, issuances).
    static func registry(_ db: Database) throws -> RegistryState {
        var configuration: RegistryState.Configuration? = nil
        if let row = try Row.fetchOne(
            db,
            sql: """
                SELECT authority, issuing_bodies, reward_asset, max_age_seconds, future_skew_seconds, \
                capacity_margin_percent, sun_tolerance_centidegrees FROM registry_config WHERE id = 1
                """)
        {
            let bodiesText: String = row[1]
            let bodies = try bodiesText.split(separator: ",").map { try Address(String($0)) }
            let margin: Int64 = row[5]
            let tolerance: Int64 = row[6]
            configuration = RegistryState.Configuration(
                authority: try Column.address(row[0], "authority"), issuingBodies: bodies,
                rewardAsset: try Column.assetID(row[2]),
                policy: ReadingPolicy(
                    maxAgeSeconds: row[3], futureSkewSeconds: row[4], capacityMarginPercent: UInt32(margin),
                    sunToleranceCentidegrees: UInt32(tolerance)))
        }
        var devices: [Device] = []
        for row in try Row.fetchAll(
            db, sql: "SELECT registration, active, status_reason, registered_seq FROM devices ORDER BY id")
        {
            let json: String = row[0]
            let registration = try CanonicalJSON.decode(DeviceRegistration.self, Array(json.utf8))
            devices.append(
                Device(
                    registration: registration, active: (row[1] as Int64) == 1, statusReason: row[2],
                    registeredAt: try Column.uint64(row[3], "registration entry")))
        }
        var oracles: [Oracle] = []
        for row in try Row.fetchAll(
            db, sql: "SELECT address, name, active, status_reason, registered_seq FROM oracles ORDER BY address")
        {
            oracles.append(
                Oracle(
                    address: try Column.address(row[0], "oracle"), name: row[1], active: (row[2] as Int64) == 1,
                    statusReason: row[3], registeredAt: try Column.uint64(row[4], "registration entry")))
        }
        var assignments: [(String, Assignment)] = []
        for row in try Row.fetchAll(db, sql: "SELECT meter, valid_from, quorum, oracles, seq FROM assignments") {
            let list: String = row[3]
            let quorum: Int64 = row[2]
            assignments.append(
                (
                    row[0],
                    Assignment(
                        validFrom: row[1], oracles: try list.split(separator: ",").map { try Address(String($0)) },
                        quorum: UInt8(quorum), entry: try Column.uint64(row[4], "assignment entry"))
                ))
        }
        var attestations: [(meter: String, start: Int64, end: Int64, attestation: Attestation)] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT meter, period_start, period_end, oracle, energy_wh, cumulative_wh, reading_id, seq \
                FROM attestations ORDER BY meter, period_start, seq
                """)
        while let row = try rows.next() {
            let id: Data = row[6]
            attestations.append(
                (
                    row[0], row[1], row[2],
                    Attestation(
                        oracle: try Column.address(row[3], "oracle"), energyWh: try Column.uint64(row[4], "energy"),
                        cumulativeWh: row[5], readingID: Array(id), entry: try Column.uint64(row[7], "entry"))
                ))
        }
        var issuances: [Issuance] = []
        let issued = try Row.fetchCursor(
            db,
            sql: """
                SELECT meter, period_start, period_end, device, energy_wh, reward, owner, seq, reading_ids \
                FROM issuances
                """)
        while let row = try issued.next() {
            let ids: Data = row[8]
            let bytes = Array(ids)
            issuances.append(
                Issuance(
                    device: row[3], meter: row[0], periodStart: row[1], periodEnd: row[2],
                    energyWh: try Column.uint64(row[4], "energy"), reward: try Column.amount(row[5], "reward"),
                    owner: try Column.address(row[6], "owner"), entry: try Column.uint64(row[7], "entry"),
                    readingIDs: stride(from: 0, to: bytes.count, by: 32).map { Array(bytes[$0..<($0 + 32)]) }))
        }
        return RegistryState.restore(
            configuration: configuration, devices: devices, oracles: oracles, assignments: assignments,
            attestations: attestations, issuances: issuances)
    }
}
