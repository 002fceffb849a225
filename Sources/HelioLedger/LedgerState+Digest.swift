import HelioCrypto

extension LedgerState {
    /// SHA-256 over a canonical text rendering of the whole state, sorted by key. Two states have the
    /// same digest exactly when they are equal; `helio replay` compares the digest of the state rebuilt
    /// from the journal with the digest of the stored projections.
    public var digest: [UInt8] { Digest.sha256(Array(canonicalText.utf8)) }

    /// One line per fact: "asset …", "balance …", "allowance …", "nonce …", each group sorted.
    public var canonicalText: String {
        var lines: [String] = []
        for a in assets.values.sorted(by: { $0.id < $1.id }) {
            let minters = a.minters.map(\.lowercased).joined(separator: ",")
            lines.append(
                "asset \(a.id) \(a.tokenAddress.lowercased) \(a.issuer.lowercased) \(a.decimals) \(a.totalSupply) "
                    + "\(a.definitionSHA256) \(a.genesisEntry) [\(minters)] \(a.symbol.debugDescription) "
                    + a.name.debugDescription)
        }
        for (k, v) in balances.sorted(by: { $0.key < $1.key }) {
            lines.append("balance \(k.asset) \(k.account.lowercased) \(v)")
        }
        for (k, v) in allowances.sorted(by: { $0.key < $1.key }) {
            lines.append("allowance \(k.asset) \(k.owner.lowercased) \(k.spender.lowercased) \(v)")
        }
        for (k, v) in nonces.sorted(by: { $0.key < $1.key }) {
            lines.append("nonce \(k.lowercased) \(v)")
        }
        registry.appendCanonicalLines(to: &lines)
        certificates.appendCanonicalLines(to: &lines)
        return lines.joined(separator: "\n") + "\n"
    }
}

extension RegistryState {
    /// "registry …", "device …", "oracle …", "assignment …", "attestation …", "issuance …", each sorted.
    func appendCanonicalLines(to lines: inout [String]) {
        if let authority, let rewardAsset {
            let p = policy
            lines.append(
                "registry \(authority.lowercased) [\(issuingBodies.map(\.lowercased).joined(separator: ","))] "
                    + "\(rewardAsset) \(p.maxAgeSeconds) \(p.futureSkewSeconds) \(p.capacityMarginPercent) "
                    + "\(p.sunToleranceCentidegrees)")
        }
        for d in devices.values.sorted(by: { $0.id < $1.id }) {
            let json = String(decoding: CanonicalJSON.encode(d.registration), as: UTF8.self)
            lines.append("device \(d.id) \(d.active) \(d.registeredAt) \(d.statusReason.debugDescription) \(json)")
        }
        for o in oracles.values.sorted(by: { $0.address < $1.address }) {
            lines.append(
                "oracle \(o.address.lowercased) \(o.active) \(o.registeredAt) \(o.statusReason.debugDescription) "
                    + o.name.debugDescription)
        }
        for m in meters.values.sorted(by: { $0.id < $1.id }) {
            for a in m.assignments {
                lines.append(
                    "assignment \(m.id) \(a.validFrom) \(a.quorum) \(a.entry) "
                        + "[\(a.oracles.map(\.lowercased).joined(separator: ","))]")
            }
            for p in m.periods {
                for a in p.attestations.sorted(by: { $0.oracle < $1.oracle }) {
                    lines.append(
                        "attestation \(m.id) \(p.start) \(p.end) \(a.oracle.lowercased) \(a.energyWh) "
                            + "\(a.cumulativeWh.map(String.init) ?? "-") \(Hex.encode(a.readingID)) \(a.entry)")
                }
                if let i = p.issuance {
                    lines.append(
                        "issuance \(m.id) \(p.start) \(p.end) \(i.device) \(i.energyWh) \(i.reward) "
                            + "\(i.owner.lowercased) \(i.entry) [\(i.readingIDs.map { Hex.encode($0) }.joined(separator: ","))]"
                    )
                }
            }
        }
    }
}
