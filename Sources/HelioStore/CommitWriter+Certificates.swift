import GRDB
import HelioCrypto
import HelioLedger

/// Certificate records (issue 5) and beneficiary openings, written in the journal's transaction.
extension CommitWriter {
    /// Upserts in order (a record changed twice in a batch ends as its last version); cancellations and
    /// openings are inserts.
    func writeCertificates() throws {
        for change in delta.certificates {
            switch change {
            case .certificateConfig(let c):
                try upsert("cert_config (id, record) VALUES (1, ?1) ON CONFLICT (id)", [.text(json(c))])
            case .issuancePolicy(let device, let p):
                try upsert(
                    "cert_policies (device, record) VALUES (?1, ?2) ON CONFLICT (device)",
                    [.text(device), .text(json(p))])
            case .goCarry(let device, let c):
                try writeCarry(device, c)
            case .gcHour(let device, let hour, let closed):
                if closed {
                    let s = try RawStatement(db, "DELETE FROM cert_pending_hours WHERE device = ?1 AND hour_start = ?2")
                    s.bind(1, device)
                    s.bind(2, hour.start)
                    try s.run()
                } else {
                    try upsert(
                        "cert_pending_hours (device, hour_start, energy_wh, covered, reading_ids) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (device, hour_start)",
                        [
                            .text(device), .int(hour.start), .int(try Column.int64(hour.energyWh, "hour energy")),
                            .text(
                                hour.covered.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                                    separator: ",")),
                            .blob(hour.readingIDs.flatMap(\.bytes)),
                        ],
                        update: "energy_wh = excluded.energy_wh, covered = excluded.covered, "
                            + "reading_ids = excluded.reading_ids")
                }
            case .lot(let l):
                try upsert(
                    "cert_lots (id, scheme, device, status, record) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id)",
                    [
                        .text(l.id), .text(l.scheme.rawValue), .text(l.device.id), .text(l.status.rawValue),
                        .text(json(l)),
                    ],
                    update: "status = excluded.status, record = excluded.record")
            case .part(let p):
                try upsert(
                    "cert_parts (id, lot, owner, volume_wh, record) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id)",
                    [
                        .text(p.id), .text(p.lot), .blob(p.owner.rawValue),
                        .int(try Column.int64(p.volumeWh, "volume")), .text(json(p)),
                    ],
                    update: "volume_wh = excluded.volume_wh, record = excluded.record")
            case .cancellation(let c):
                let s = try RawStatement(
                    db, "INSERT OR ROLLBACK INTO cert_cancellations (seq, holder, record) VALUES (?1, ?2, ?3)")
                s.bind(1, try Column.int64(c.entry, "cancellation entry"))
                s.bind(2, c.holder.rawValue)
                s.bind(3, json(c))
                try s.run()
            default:
                preconditionFailure("not a certificate record: \(change)")
            }
        }
    }

    /// The carry row, and its reading ids appended since the stored version (all of them again when the
    /// carry's generation changed: a GO was issued from it).
    private func writeCarry(_ device: String, _ c: GOCarry) throws {
        let stored = try RawStatement(db, "SELECT generation, reading_count FROM cert_carries WHERE device = ?1")
        stored.bind(1, device)
        var from = 0
        if let (generation, count) = try stored.fetchTwoInts(),
            generation == (try Column.int64(c.generation, "generation"))
        {
            from = Int(count)
        } else {
            let clear = try RawStatement(db, "DELETE FROM cert_carry_readings WHERE device = ?1")
            clear.bind(1, device)
            try clear.run()
        }
        let append = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO cert_carry_readings (device, position, reading_id) VALUES", columns: 3)
        try append.write(Array(c.readingIDs.enumerated().dropFirst(from))) { s, at, item in
            s.bind(at, device)
            s.bind(at + 1, item.offset)
            s.bind(at + 2, item.element.bytes)
        }
        try upsert(
            "cert_carries (device, generation, energy_wh, period_start, period_end, reading_count) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (device)",
            [
                .text(device), .int(try Column.int64(c.generation, "generation")),
                .int(try Column.int64(c.energyWh, "carry")), .int(c.start), .int(c.end),
                .int(Int64(c.readingIDs.count)),
            ],
            update: "generation = excluded.generation, energy_wh = excluded.energy_wh, "
                + "period_start = excluded.period_start, period_end = excluded.period_end, "
                + "reading_count = excluded.reading_count")
    }

    /// The openings that came with cancellation entries of this batch.
    func writeOpenings(_ entries: [CommittedEntry]) throws {
        for committed in entries {
            guard let o = committed.opening else { continue }
            let s = try RawStatement(
                db, "INSERT OR ROLLBACK INTO beneficiary_openings (seq, salt, name, address) VALUES (?1, ?2, ?3, ?4)")
            s.bind(1, try Column.int64(committed.entry.index, "entry index"))
            s.bind(2, o.salt.bytes)
            s.bind(3, o.name)
            s.bind(4, o.address)
            try s.run()
        }
    }

    private enum Value {
        case text(String)
        case int(Int64)
        case blob([UInt8])
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE SET record = excluded.record` (or `update`).
    private func upsert(_ insert: String, _ values: [Value], update: String = "record = excluded.record") throws {
        let s = try RawStatement(db, "INSERT OR ROLLBACK INTO \(insert) DO UPDATE SET \(update)")
        for (i, v) in values.enumerated() {
            switch v {
            case .text(let t): s.bind(Int32(i + 1), t)
            case .int(let n): s.bind(Int32(i + 1), n)
            case .blob(let b): s.bind(Int32(i + 1), b)
            }
        }
        try s.run()
    }

    private func json<T: Encodable>(_ value: T) -> String {
        String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
    }
}
