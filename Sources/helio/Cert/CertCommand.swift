import ArgumentParser

/// `helio cert …`: guarantees of origin (GO) and granular certificates (GC) as their holders and
/// beneficiaries see them (docs/certificates.md). Reads go to the registry's REST API; transfers and
/// cancellations are EIP-712 commands signed by the holder's keystore, like `helio admin`.
struct CertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "List, show, transfer and cancel certificates; fetch statements; match them hour by hour.",
        discussion: """
            Lots are `<scheme>-<n>` (GO-1, GC-2, …) and holdings ("parts") `<lot>.<k>`; part .0 is the one \
            issuance created for the device owner, each transfer or cancellation creates the next. A \
            cancellation's id is the index of its journal entry.

            transfer and cancel sign with the holder's keystore (--keystore FILE, or --account ADDRESS in \
            --keys-dir) under the server's EIP-712 domain, with the key's next nonce unless --nonce is \
            given. A cancellation names its beneficiary only by a salted commitment: the salt is drawn here, \
            the opening (salt, name, address) goes to the server beside the signed command and comes back in \
            the statement, which anyone can check offline with `helio verify`.

            A refusal prints the server's problem code and detail (`not_holder: …`) and exits non-zero.
            """,
        subcommands: [List.self, Show.self, Transfer.self, Cancel.self, Statement.self, Match.self])
}
