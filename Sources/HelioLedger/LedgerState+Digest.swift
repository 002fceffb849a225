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
        return lines.joined(separator: "\n") + "\n"
    }
}
