import HelioCrypto
import HelioLog

extension StatementVerifier {
    /// Checks, after `verify`, that at least `required` of the `trusted` witnesses co-signed the checkpoint
    /// each cancellation statement is proven against (`cosignatures`, `Cosignature.verifies`): the
    /// statement then rests on the registry's key AND on k independent parties having replayed the log
    /// up to that checkpoint. An aggregate statement needs it of every statement inside.
    public static func requireWitnesses(
        document: [UInt8], trusted: Set<Address>, required: Int
    ) throws(Failure) {
        guard required > 0 else { return }
        let doc: JSONValue
        do { doc = try JSONValue(parsing: document) } catch { throw Failure("the statement is not JSON: \(error)") }
        if case .array(let items) = doc["statements"] {
            for (i, item) in items.enumerated() {
                do { try witnessed(item, trusted: trusted, required: required) } catch {
                    throw Failure("statements[\(i)]: \(error.message)")
                }
            }
        } else {
            try witnessed(doc, trusted: trusted, required: required)
        }
    }

    private static func witnessed(_ doc: JSONValue, trusted: Set<Address>, required: Int) throws(Failure) {
        let top = Field(doc, "")
        let signed: SignedCheckpoint
        do { signed = try SignedCheckpoint(text: try top.string("checkpoint")) } catch {
            throw Failure("checkpoint: does not parse: \(error)")
        }
        var cosignatures: [Cosignature] = []
        for (i, item) in (try? top.array("cosignatures"))?.enumerated() ?? [].enumerated() {
            let c = Field(item, "cosignatures[\(i)]")
            guard let witness = try? Address(try c.string("witness")),
                let signature = try? Secp256k1.Signature(hex: try c.string("signature")),
                let timestamp = Int64(exactly: try c.uint("timestamp"))
            else { throw Failure("cosignatures[\(i)]: needs witness (address), timestamp and signature (65 bytes)") }
            cosignatures.append(
                Cosignature(
                    treeSize: signed.checkpoint.treeSize, witness: witness, timestamp: timestamp, signature: signature))
        }
        let count = Cosignature.count(cosignatures, of: signed.checkpoint, trusted: trusted)
        guard count >= required else {
            throw Failure(
                "cosignatures: \(count) of the trusted witnesses co-signed the checkpoint of "
                    + "\(signed.checkpoint.treeSize) entries, \(required) required")
        }
    }
}
