import ArgumentParser

/// `helio wallet …`: key management shaped like Foundry's `cast wallet`, with geth-compatible
/// keystores (Web3 Secret Storage v3), BIP-39 mnemonics and Ethereum signatures.
struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Create, import, inspect and use secp256k1 keys (geth/eth-account/Foundry compatible).",
        subcommands: [
            New.self, NewMnemonic.self, Import.self, Address.self, PublicKey.self, Derive.self, List.self,
            Remove.self, Sign.self, Verify.self, PrivateKey.self, DecryptKeystore.self, ChangePassword.self,
        ]
    )
}
