import HelioCrypto
import HelioLedger
import HelioLog

/// The JSON shapes of certificate records, shared by the REST views and the statements (so a lot reads
/// the same everywhere). Keys in a fixed order; hashes `0x` + hex; quantities integers.
public enum CertificateJSON {
    /// RFC 9162 root over the readings' ids (each id a leaf), in the lot's order.
    public static func readingsRoot(_ ids: [Hash32]) -> [UInt8] {
        try! Merkle.root(leafHashes: ids.map { Merkle.leafHash($0.bytes) })  // leaf hashes are 32 bytes
    }

    public static func lot(_ l: CertificateLot, readings: Bool = false) -> JSONValue {
        let d = l.device
        var members: [JSONValue.Member] = [
            .init("id", .string(l.id)), .init("scheme", .string(l.scheme.rawValue)),
            .init("status", .string(l.status.rawValue)), .init("device", .string(d.id)),
            .init("deviceName", .string(d.name)), .init("energyCarrier", .string(l.energyCarrier)),
            .init("codeList", .string(d.codeList)), .init("energySource", .string(d.energySource)),
            .init("technology", .string(d.technology)), .init("capacityW", .integer(d.capacityW)),
            .init("commissioningDate", .string(d.commissioningDate)), .init("country", .string(d.country)),
            .init("gridArea", .string(d.gridArea)), .init("latitudeE6", .integer(d.latitudeE6)),
            .init("longitudeE6", .integer(d.longitudeE6)), .init("support", .string(d.support)),
            .init("productionStart", .integer(l.productionStart)), .init("productionEnd", .integer(l.productionEnd)),
            .init("volumeWh", .integer(l.volumeWh)), .init("cancelledWh", .integer(l.cancelledWh)),
            .init("issuedAt", .integer(l.issuedAt)), .init("issuanceEntry", .integer(l.issuanceEntry)),
            .init("expiresAt", .integer(l.expiresAt)), .init("issuingBody", .string(l.issuingBody.checksummed)),
            .init("issuer", .string(l.issuer)),
            .init("readingsRoot", .string(Hex.encode(readingsRoot(l.readingIDs), prefixed: true))),
            .init("readingCount", .integer(l.readingIDs.count)),
        ]
        if l.status != .active {
            members.append(.init("statusReason", .string(l.statusReason)))
            members.append(.init("statusEntry", l.statusEntry.map { .integer($0) } ?? .null))
        }
        if readings { members.append(.init("readings", .array(l.readingIDs.map { .string($0.description) }))) }
        return .object(members)
    }

    public static func part(_ p: CertificatePart, in state: CertificateState) -> JSONValue {
        let lot = state.lots[p.lot]
        return .object([
            .init("id", .string(p.id)), .init("lot", .string(p.lot)),
            .init("parent", p.parent.map { .string($0) } ?? .null),
            .init("owner", .string(p.owner.checksummed)), .init("volumeWh", .integer(p.volumeWh)),
            .init("createdWh", .integer(p.createdWh)), .init("status", .string(state.status(of: p))),
            .init("entry", .integer(p.entry)), .init("scheme", .string(lot?.scheme.rawValue ?? "")),
            .init("device", .string(lot?.device.id ?? "")), .init("gridArea", .string(lot?.device.gridArea ?? "")),
            .init("productionStart", .integer(lot?.productionStart ?? 0)),
            .init("productionEnd", .integer(lot?.productionEnd ?? 0)),
            .init("expiresAt", .integer(lot?.expiresAt ?? 0)),
        ])
    }

    public static func cancellation(_ c: Cancellation) -> JSONValue {
        .object([
            .init("id", .string(String(c.entry))), .init("entryIndex", .integer(c.entry)),
            .init("time", .integer(c.time)),
            .init("fromPart", .string(c.fromPart)), .init("part", .string(c.part)), .init("lot", .string(c.lot)),
            .init("holder", .string(c.holder.checksummed)), .init("volumeWh", .integer(c.volumeWh)),
            .init("purpose", .string(c.purpose)), .init("consumptionStart", .integer(c.consumptionStart)),
            .init("consumptionEnd", .integer(c.consumptionEnd)), .init("location", .string(c.location)),
            .init("beneficiaryCommitment", .string(c.beneficiaryCommitment.description)),
        ])
    }

    /// A journal entry exactly as its leaf hashes it (docs/journal-format.md).
    public static func entry(_ e: JournalEntry) -> JSONValue {
        .object([
            .init("index", .integer(e.index)), .init("time", .integer(e.time)), .init("kind", .string(e.kind)),
            .init("author", .string(e.author.lowercased)),
            .init("payload", .string(Hex.encode(e.payload, prefixed: true))),
        ])
    }

    /// A witness's co-signature of the statement's checkpoint (`Cosignature`).
    public static func cosignature(_ c: Cosignature) -> JSONValue {
        .object([
            .init("witness", .string(c.witness.checksummed)), .init("timestamp", .integer(c.timestamp)),
            .init("signature", .string(Hex.encode(c.signature.bytes, prefixed: true))),
        ])
    }

    public static func opening(_ o: BeneficiaryOpening?) -> JSONValue {
        guard let o else { return .null }
        return .object([
            .init("salt", .string(o.salt.description)), .init("name", .string(o.name)),
            .init("address", .string(o.address)),
        ])
    }

    static func proof(_ path: [[UInt8]]) -> JSONValue { .array(path.map { .string(Hex.encode($0, prefixed: true)) }) }
}
