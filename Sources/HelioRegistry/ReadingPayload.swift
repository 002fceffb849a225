import HelioCrypto
import HelioLedger

/// The journal payloads of reading entries (canonical JSON, keys sorted), and their replay: decode,
/// re-verify the oracle's signature, and hand the readings back as attested.
public enum ReadingPayload {
    /// kind `Readings`: `{"readings": [reading + signature…]}`.
    static func readings(_ accepted: [SignedReading]) -> [UInt8] {
        JSONValue.object([
            .init("readings", .array(accepted.map { ReadingWire.json($0.reading, signature: $0.signature) }))
        ]).serialized
    }

    /// kind `ReadingBatch`: `{"accepted": [i…], "readings": [reading…], "signature": "0x…"}`.
    static func batch(_ batch: SignedReadingBatch, accepted: [Int]) -> [UInt8] {
        JSONValue.object([
            .init("accepted", .array(accepted.map { .integer($0) })),
            .init("readings", .array(batch.readings.map { ReadingWire.json($0) })),
            .init("signature", .string(Hex.encode(batch.signature, prefixed: true))),
        ]).serialized
    }

    /// The readings an entry recorded, re-authenticated: each signature (or the batch's) must recover
    /// the entry's author. Throws for any other kind, or a payload that does not verify.
    public static func attested(_ entry: JournalEntry, domain: CommandDomain) throws -> [AttestedReading] {
        let json = try JSONValue(parsing: entry.payload)
        func recover(_ signature: [UInt8], _ digest: [UInt8]) throws -> Address {
            let who = try Secp256k1.Signature(bytes: signature).recoverAddress(digest: digest)
            guard who == entry.author else {
                throw WireError("entry \(entry.index): signature recovers \(who), the journal says \(entry.author)")
            }
            return who
        }
        switch entry.kind {
        case "Readings":
            let signed = try ReadingWire.signedReadings(json)
            return try signed.map { s in
                let id = ReadingTypedData.signingDigest(s.reading, domain: domain)
                return AttestedReading(reading: s.reading, oracle: try recover(s.signature, id), id: id)
            }
        case "ReadingBatch":
            guard case .array(let positions) = json["accepted"] else { throw WireError("accepted must be an array") }
            var stripped = json
            if case .object(let members) = json { stripped = .object(members.filter { $0.key != "accepted" }) }
            let (batch, _) = try ReadingWire.batch(stripped)
            let hashes = batch.readings.map(ReadingTypedData.hashStruct)
            let digest = ReadingTypedData.batchSigningDigest(
                root: ReadingBatchRoot.root(hashes), count: UInt64(hashes.count), domain: domain)
            let oracle = try recover(batch.signature, digest)
            return try positions.map { p in
                let i = Int(try ReadingWire.integer(p, path: "accepted[]", max: UInt64(hashes.count - 1)))
                return AttestedReading(
                    reading: batch.readings[i], oracle: oracle,
                    id: ReadingTypedData.signingDigest(hashStruct: hashes[i], domain: domain))
            }
        default:
            throw WireError("entry \(entry.index) of kind \(entry.kind) holds no readings")
        }
    }

    /// Whether entries of `kind` carry readings (rather than a signed command).
    public static func isReadingKind(_ kind: String) -> Bool { kind == "Readings" || kind == "ReadingBatch" }
}
