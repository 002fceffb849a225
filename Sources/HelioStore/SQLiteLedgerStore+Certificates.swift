import Foundation
import GRDB
import HelioCrypto
import HelioLedger

extension SQLiteLedgerStore {
    /// The certificate projections (issue 5), decoded from their canonical JSON records.
    static func certificates(_ db: Database) throws -> CertificateState {
        func records<T: Decodable>(_ type: T.Type, _ sql: String) throws -> [T] {
            var out: [T] = []
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                let text: String = row[0]
                do { out.append(try CanonicalJSON.decode(T.self, Array(text.utf8))) } catch {
                    throw StoreError(.corrupt, "a stored \(T.self) does not decode: \(error)")
                }
            }
            return out
        }
        func keyed<T: Decodable>(_ type: T.Type, _ table: String) throws -> [String: T] {
            var out: [String: T] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT device, record FROM \(table)") {
                let text: String = row[1]
                do { out[row[0]] = try CanonicalJSON.decode(T.self, Array(text.utf8)) } catch {
                    throw StoreError(.corrupt, "a stored \(T.self) does not decode: \(error)")
                }
            }
            return out
        }
        func ids(_ blob: Data) throws -> [Hash32] {
            let bytes = Array(blob)
            return try stride(from: 0, to: bytes.count, by: 32).map { try Hash32(Array(bytes[$0..<($0 + 32)])) }
        }
        var carries: [String: GOCarry] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT device, generation, energy_wh, period_start, period_end FROM cert_carries")
        {
            carries[row[0]] = GOCarry(
                generation: try Column.uint64(row[1], "generation"), energyWh: try Column.uint64(row[2], "carry"),
                start: row[3], end: row[4], readingIDs: [])
        }
        let carried = try Row.fetchCursor(
            db, sql: "SELECT device, reading_id FROM cert_carry_readings ORDER BY device, position")
        while let row = try carried.next() {
            carries[row[0]]?.readingIDs.append(try Hash32(Array(row[1] as Data)))
        }
        var hours: [(device: String, hour: GCHour)] = []
        for row in try Row.fetchAll(
            db, sql: "SELECT device, hour_start, energy_wh, covered, reading_ids FROM cert_pending_hours")
        {
            var hour = GCHour(start: row[1])
            hour.energyWh = try Column.uint64(row[2], "hour energy")
            let covered: String = row[3]
            for pair in covered.split(separator: ",") {
                let parts = pair.split(separator: "=")
                guard parts.count == 2, let seconds = UInt32(parts[1]) else {
                    throw StoreError(.corrupt, "pending hour coverage \(covered.debugDescription) does not parse")
                }
                hour.covered[String(parts[0])] = seconds
            }
            hour.readingIDs = try ids(row[4])
            hours.append((row[0], hour))
        }
        return CertificateState.restore(
            config: try records(CertificateConfig.self, "SELECT record FROM cert_config").first,
            policies: try keyed(IssuancePolicy.self, "cert_policies"), carries: carries,
            hours: hours, lots: try records(CertificateLot.self, "SELECT record FROM cert_lots"),
            parts: try records(CertificatePart.self, "SELECT record FROM cert_parts"),
            cancellations: try records(Cancellation.self, "SELECT record FROM cert_cancellations"))
    }

    public func beneficiaryOpening(cancellation index: UInt64) throws -> BeneficiaryOpening? {
        try withStoreErrors("read a beneficiary opening") {
            try pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT salt, name, address FROM beneficiary_openings WHERE seq = ?",
                        arguments: [try Column.int64(index, "entry index")])
                else { return nil }
                let salt: Data = row[0]
                return BeneficiaryOpening(salt: try Hash32(Array(salt)), name: row[1], address: row[2])
            }
        }
    }

    public func eraseBeneficiaryOpening(cancellation index: UInt64) throws -> Bool {
        try withStoreErrors("erase a beneficiary opening") {
            try pool.write { db in
                try db.execute(
                    sql: "DELETE FROM beneficiary_openings WHERE seq = ?",
                    arguments: [try Column.int64(index, "entry index")])
                return db.changesCount == 1
            }
        }
    }
}
