import HelioCrypto
import HelioLedger
import HelioLog

/// Checks a statement offline: no registry, no network, only the registry address the verifier already
/// trusts. The checks and their order are those of docs/certificates.md; the first that fails is thrown,
/// naming the check and the field.
public enum StatementVerifier {
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// What a valid statement proves.
    public struct Verified: Sendable, Hashable, Encodable {
        public let cancellation: String
        public let lot: String
        public let scheme: String
        public let volumeWh: UInt64
        public let beneficiary: String?
        public let productionStart: Int64
        public let productionEnd: Int64
        public let consumptionStart: Int64
        public let consumptionEnd: Int64
        /// The size of the checkpoint the statement is proven against.
        public let checkpointSize: UInt64
        public let gridArea: String
    }

    /// A cancellation statement or an aggregate one; returns what each cancellation proves.
    public static func verify(document: [UInt8], registryAddress: Address) throws(Failure) -> [Verified] {
        let doc: JSONValue
        do { doc = try JSONValue(parsing: document) } catch { throw Failure("the statement is not JSON: \(error)") }
        switch try Field(doc, "").string("format") {
        case StatementBuilder.format: return [try verify(doc, registryAddress: registryAddress)]
        case StatementBuilder.aggregateFormat: return try verifyAggregate(doc, registryAddress: registryAddress)
        case let other: throw Failure("format: unknown statement format \(other.debugDescription)")
        }
    }

    public static func verifyAggregate(_ doc: JSONValue, registryAddress: Address) throws(Failure) -> [Verified] {
        let top = Field(doc, "")
        let name = try top.string("beneficiary")
        let from = try top.int("from")
        let to = try top.int("to")
        var total: UInt64 = 0
        var out: [Verified] = []
        for (i, item) in try top.array("statements").enumerated() {
            let v: Verified
            do { v = try verify(item, registryAddress: registryAddress) } catch {
                throw Failure("statements[\(i)]: \(error)")
            }
            guard v.beneficiary == name else {
                throw Failure(
                    "statements[\(i)]: beneficiary is not \(name.debugDescription) (or its opening was erased)")
            }
            guard v.consumptionStart >= from, v.consumptionEnd <= to else {
                throw Failure("statements[\(i)]: consumption period lies outside [\(from), \(to))")
            }
            total += v.volumeWh
            out.append(v)
        }
        guard try top.uint("totalWh") == total else {
            throw Failure("totalWh: the statements add up to \(total) Wh, the document says \(try top.uint("totalWh"))")
        }
        return out
    }

    public static func verify(_ doc: JSONValue, registryAddress: Address) throws(Failure) -> Verified {
        let top = Field(doc, "")
        guard try top.string("format") == StatementBuilder.format else {
            throw Failure("format: not a cancellation statement")
        }
        // 2. The registry the verifier trusts.
        let registry = try top.object("registry")
        guard let named = try? Address(try registry.string("checkpointAddress")), named == registryAddress else {
            throw Failure(
                "registry.checkpointAddress: this statement is for another registry (\(try registry.string("checkpointAddress"))), "
                    + "not \(registryAddress.checksummed)")
        }
        // 3. The checkpoint: parses, names this registry, signed by its key.
        let signed: SignedCheckpoint
        do { signed = try SignedCheckpoint(text: try top.string("checkpoint")) } catch {
            throw Failure("checkpoint: does not parse: \(error)")
        }
        let origin = Checkpoint.origin(registry: try registry.string("name"), chainID: try registry.uint("chainId"))
        guard signed.checkpoint.origin == origin else {
            throw Failure(
                "checkpoint: origin \(signed.checkpoint.origin.debugDescription) is not \(origin.debugDescription)")
        }
        guard signed.verify(expectedSigner: registryAddress) else {
            throw Failure(
                "checkpoint: the signature does not recover the registry address \(registryAddress.checksummed)")
        }
        let root = signed.checkpoint.rootHash
        let size = signed.checkpoint.treeSize
        // 4. The cancellation entry is in the log.
        let entry = try provenEntry(
            top.object("entry"), proof: top, "inclusionProof", root: root, size: size, what: "the cancellation entry")
        // 5. It says what the statement says.
        let c = try top.object("cancellation")
        let signedCancel = try signedCommand(of: entry, "entry")
        guard case .cancelCertificate(let cancel) = signedCancel.command else {
            throw Failure("entry.kind: the entry is a \(entry.kind), not a CancelCertificate")
        }
        try same("cancellation.entryIndex", try c.uint("entryIndex"), entry.index)
        try same("cancellation.id", try c.string("id"), String(entry.index))
        try same("cancellation.time", try c.int("time"), entry.time)
        try same("cancellation.holder", try c.address("holder"), entry.author)
        try same("cancellation.fromPart", try c.string("fromPart"), cancel.part)
        try same("cancellation.volumeWh", try c.uint("volumeWh"), cancel.volumeWh)
        try same("cancellation.purpose", try c.string("purpose"), cancel.purpose)
        try same("cancellation.consumptionStart", try c.int("consumptionStart"), cancel.consumptionStart)
        try same("cancellation.consumptionEnd", try c.int("consumptionEnd"), cancel.consumptionEnd)
        try same("cancellation.location", try c.string("location"), cancel.location)
        try same(
            "cancellation.beneficiaryCommitment", try c.string("beneficiaryCommitment"),
            cancel.beneficiaryCommitment.description)
        // 6. The beneficiary opening.
        var beneficiary: String? = nil
        if let b = doc["beneficiary"], b != .null {
            let o = Field(b, "beneficiary")
            let opening: BeneficiaryOpening
            do {
                opening = BeneficiaryOpening(
                    salt: try Hash32(hex: try o.string("salt")), name: try o.string("name"),
                    address: try o.string("address"))
            } catch {
                throw Failure("beneficiary.salt: \(error)")
            }
            guard opening.commitment == cancel.beneficiaryCommitment else {
                throw Failure(
                    "beneficiary: the opening (salt, name, address) does not hash to the commitment in the entry")
            }
            beneficiary = opening.name
        }
        // 7. Lineage: from the lot's issued part to the cancelled part, every step in the same tree.
        let lot = try top.object("lot")
        let lotID = try lot.string("id")
        try same("cancellation.lot", try c.string("lot"), lotID)
        let steps = try top.array("lineage")
        guard !steps.isEmpty else { throw Failure("lineage: empty") }
        var previous: (part: String, owner: Address, volume: UInt64)? = nil
        for (i, raw) in steps.enumerated() {
            let step = Field(raw, "lineage[\(i)]")
            let part = try step.string("part")
            let owner = try step.address("owner")
            let volume = try step.uint("volumeWh")
            let e = try provenEntry(
                step.object("entry"), proof: step, "inclusionProof", root: root, size: size, what: "lineage[\(i)].entry"
            )
            if let previous {
                try same("lineage[\(i)].parent", try step.string("parent"), previous.part)
                let cmd = try signedCommand(of: e, "lineage[\(i)].entry")
                try same("lineage[\(i)].entry.author", e.author, previous.owner)
                switch cmd.command {
                case .transferCertificate(let t) where i < steps.count - 1:
                    try same("lineage[\(i)]: the transfer's part", t.part, previous.part)
                    try same("lineage[\(i)]: the transfer's volumeWh", t.volumeWh, volume)
                    try same("lineage[\(i)]: the transfer's receiver", t.to, owner)
                case .cancelCertificate(let k) where i == steps.count - 1:
                    try same("lineage[\(i)]: the cancellation's part", k.part, previous.part)
                    try same("lineage[\(i)]: the cancellation's volumeWh", k.volumeWh, volume)
                    try same("lineage[\(i)].entry.index", e.index, entry.index)
                default:
                    throw Failure("lineage[\(i)].entry: a \(e.kind) cannot create this step")
                }
            } else {
                guard raw["parent"] == .null else { throw Failure("lineage[0].parent: the issued part has no parent") }
                try same("lineage[0].part", part, "\(lotID).0")
                try same("lineage[0].entry.index", e.index, try lot.uint("issuanceEntry"))
                try same("lineage[0].volumeWh", volume, try lot.uint("volumeWh"))
            }
            previous = (part, owner, volume)
        }
        try same("cancellation.part", try c.string("part"), previous!.part)
        return Verified(
            cancellation: String(entry.index), lot: lotID, scheme: try lot.string("scheme"), volumeWh: cancel.volumeWh,
            beneficiary: beneficiary, productionStart: try lot.int("productionStart"),
            productionEnd: try lot.int("productionEnd"), consumptionStart: cancel.consumptionStart,
            consumptionEnd: cancel.consumptionEnd, checkpointSize: size, gridArea: try lot.string("gridArea"))
    }

    /// An entry object whose leaf, with the audit path at `proofKey`, leads to `root`.
    private static func provenEntry(
        _ e: Field, proof holder: Field, _ proofKey: String, root: [UInt8], size: UInt64, what: String
    ) throws(Failure) -> JournalEntry {
        let payload: [UInt8]
        do { payload = try Hex.decode(try e.string("payload")) } catch { throw Failure("\(e.path).payload: not hex") }
        let entry = JournalEntry(
            index: try e.uint("index"), time: try e.int("time"), kind: try e.string("kind"),
            author: try e.address("author"),
            payload: payload)
        guard try e.string("author") == entry.author.lowercased else {
            throw Failure("\(e.path).author: not the lowercase form the leaf hashes")
        }
        var path: [[UInt8]] = []
        for (i, h) in try holder.array(proofKey).enumerated() {
            guard case .string(let text) = h, let bytes = try? Hex.decode(text, count: 32, what: "hash") else {
                throw Failure("\(holder.path).\(proofKey)[\(i)]: not a 32-byte hash")
            }
            path.append(bytes)
        }
        guard
            Merkle.verifyInclusion(
                leafHash: Merkle.leafHash(entry.entryBytes), index: entry.index, treeSize: size, proof: path, root: root
            )
        else {
            throw Failure(
                "\(holder.path.isEmpty ? "" : holder.path + ".")\(proofKey): the inclusion proof of \(what) does not lead to the checkpoint root"
            )
        }
        return entry
    }

    private static func signedCommand(of entry: JournalEntry, _ path: String) throws(Failure) -> SignedCommand {
        do { return try entry.signedCommand() } catch {
            throw Failure("\(path).payload: not a signed command: \(error)")
        }
    }

    private static func same<T: Equatable>(_ field: String, _ stated: T, _ proven: T) throws(Failure) {
        guard stated == proven else { throw Failure("\(field): the statement says \(stated), the log says \(proven)") }
    }
}
