import GRDB
import HelioCrypto
import HelioLedger

/// The registry's projections (issue 4), written in the journal's transaction like the others.
extension CommitWriter {
    /// Configuration, devices, oracles and assignments: rare, one statement each, in order (a device
    /// registered and suspended in one batch ends suspended).
    func writeRegistrations() throws {
        for change in delta.registrations {
            switch change {
            case .registry(let authority, let bodies, let reward, let p):
                let s = try RawStatement(
                    db,
                    """
                    INSERT OR ROLLBACK INTO registry_config (id, authority, issuing_bodies, reward_asset, \
                    max_age_seconds, future_skew_seconds, capacity_margin_percent, sun_tolerance_centidegrees) \
                    VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET \
                    authority = excluded.authority, issuing_bodies = excluded.issuing_bodies, \
                    reward_asset = excluded.reward_asset, max_age_seconds = excluded.max_age_seconds, \
                    future_skew_seconds = excluded.future_skew_seconds, \
                    capacity_margin_percent = excluded.capacity_margin_percent, \
                    sun_tolerance_centidegrees = excluded.sun_tolerance_centidegrees
                    """)
                s.bind(1, authority.rawValue)
                s.bind(2, bodies.map(\.lowercased).joined(separator: ","))
                s.bind(3, reward.hash)
                s.bind(4, p.maxAgeSeconds)
                s.bind(5, p.futureSkewSeconds)
                s.bind(6, Int(p.capacityMarginPercent))
                s.bind(7, Int(p.sunToleranceCentidegrees))
                try s.run()
            case .device(let d):
                let s = try RawStatement(
                    db,
                    """
                    INSERT OR ROLLBACK INTO devices (id, owner, registration, active, status_reason, registered_seq) \
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET active = excluded.active, \
                    status_reason = excluded.status_reason
                    """)
                s.bind(1, d.id)
                s.bind(2, d.registration.owner.rawValue)
                s.bind(3, String(decoding: CanonicalJSON.encode(d.registration), as: UTF8.self))
                s.bind(4, d.active ? 1 : 0)
                s.bind(5, d.statusReason)
                s.bind(6, try Column.int64(d.registeredAt, "registration entry"))
                try s.run()
            case .oracle(let o):
                let s = try RawStatement(
                    db,
                    """
                    INSERT OR ROLLBACK INTO oracles (address, name, active, status_reason, registered_seq) \
                    VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (address) DO UPDATE SET active = excluded.active, \
                    status_reason = excluded.status_reason
                    """)
                s.bind(1, o.address.rawValue)
                s.bind(2, o.name)
                s.bind(3, o.active ? 1 : 0)
                s.bind(4, o.statusReason)
                s.bind(5, try Column.int64(o.registeredAt, "registration entry"))
                try s.run()
            case .assignment(let meter, let a):
                let s = try RawStatement(
                    db,
                    "INSERT OR ROLLBACK INTO assignments (meter, valid_from, quorum, oracles, seq) VALUES (?1, ?2, ?3, ?4, ?5)"
                )
                s.bind(1, meter)
                s.bind(2, a.validFrom)
                s.bind(3, Int(a.quorum))
                s.bind(4, a.oracles.map(\.lowercased).joined(separator: ","))
                s.bind(5, try Column.int64(a.entry, "assignment entry"))
                try s.run()
            default:
                preconditionFailure("not a registration: \(change)")
            }
        }
    }

    /// Attestations and issuances: many rows per batch, multi-row inserts.
    func writeReadings() throws {
        let attestation = try ChunkedStatement(
            db,
            """
            INSERT OR ROLLBACK INTO attestations (meter, period_start, oracle, period_end, energy_wh, cumulative_wh, \
            reading_id, seq) VALUES
            """, columns: 8)
        try attestation.write(delta.attestations) { s, at, row in
            let a = row.attestation
            s.bind(at, row.meter)
            s.bind(at + 1, row.start)
            s.bind(at + 2, a.oracle.rawValue)
            s.bind(at + 3, row.end)
            s.bind(at + 4, try Column.int64(a.energyWh, "energy"))
            if let c = a.cumulativeWh { s.bind(at + 5, c) } else { s.bindNull(at + 5) }
            s.bind(at + 6, a.readingID)
            s.bind(at + 7, try Column.int64(a.entry, "attestation entry"))
        }
        let issuance = try ChunkedStatement(
            db,
            """
            INSERT OR ROLLBACK INTO issuances (meter, period_start, period_end, device, energy_wh, reward, owner, seq, \
            reading_ids) VALUES
            """, columns: 9)
        try issuance.write(delta.issuances) { s, at, i in
            s.bind(at, i.meter)
            s.bind(at + 1, i.periodStart)
            s.bind(at + 2, i.periodEnd)
            s.bind(at + 3, i.device)
            s.bind(at + 4, try Column.int64(i.energyWh, "energy"))
            s.bind(at + 5, i.reward.bigEndianBytes)
            s.bind(at + 6, i.owner.rawValue)
            s.bind(at + 7, try Column.int64(i.entry, "issuance entry"))
            s.bind(at + 8, i.readingIDs.flatMap { $0 })
        }
    }
}
