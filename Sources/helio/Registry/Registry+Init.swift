import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioStore

extension RegistryCommand {
    /// Creates the data folder, the registry's checkpoint key (a keystore in `<data-dir>/keys/`), the
    /// registry settings, and SUN as the first journal entry.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a registry: its data folder, checkpoint key, settings and reward asset (SUN).",
            discussion: """
                The checkpoint key is new and random; it is stored encrypted in <data-dir>/keys/ with the \
                password from --password-file or HELIO_PASSWORD (or a prompt). It signs the log's \
                checkpoints and is the only minter of SUN (1 token per MWh, 18 decimals: 1 Wh = 10^12 \
                base units), which it defines as journal entry 0.
                """)

        @OptionGroup var data: DataDirOptions

        @Option(help: "The registry's name (part of its checkpoint origin).")
        var name: String

        @Option(name: .customLong("chain-id"), help: "EIP-712 chain id of the registry's domain.")
        var chainId: UInt64

        @Option(
            name: .customLong("issuing-body"),
            help: "Address of an issuing-body key (repeat for several).")
        var issuingBodies: [String] = []

        @OptionGroup var password: PasswordOptions
        @OptionGroup var kdf: KDFOptions
        @OptionGroup var output: JSONFlag

        func validate() throws {
            guard !name.isEmpty else { throw ValidationError("--name must not be empty") }
            for body in issuingBodies where (try? Address(body)) == nil {
                throw ValidationError("--issuing-body \(body) is not an address")
            }
        }

        func run() async throws {
            let bodies = try issuingBodies.map { try Address($0) }
            let path = data.path
            let store = try DataDirectory.openStore(path, database: data.database)
            if try RegistryConfig.load(from: store) != nil || store.journalSize() > 0 {
                throw CLIError("a registry already exists in \(path)")
            }
            let key = Secp256k1.PrivateKey()
            let keystore = try Keystore.encrypt(privateKey: key, password: try password.newPassword(), kdf: kdf.value)
            let keys = KeystoreDirectory(url: URL(fileURLWithPath: path).appendingPathComponent("keys"))
            let keyFile = try keys.write(keystore, address: key.address)
            let genesis = try await RegistryGenesis.create(
                in: store, name: name, chainId: chainId, checkpointKey: key, issuingBodies: bodies)
            try report(genesis, issuingBodies: bodies, keyFile: keyFile)
        }

        func report(_ genesis: RegistryGenesis, issuingBodies: [Address], keyFile: URL) throws {
            let config = genesis.config
            let fields: [(String, Any)] = [
                ("name", config.name), ("chainId", NSNumber(value: config.chainId)),
                ("checkpointAddress", config.checkpointAddress?.checksummed ?? ""),
                ("checkpointKeystore", keyFile.path), ("issuingBodies", issuingBodies.map(\.checksummed)),
                ("sunAssetId", genesis.rewardAsset.text),
                ("sunTokenAddress", genesis.rewardAsset.tokenAddress.checksummed), ("dataDir", data.path),
            ]
            if output.json {
                try Output.json(Dictionary(uniqueKeysWithValues: fields))
                return
            }
            print("Registry:           \(config.name) (chain id \(config.chainId))")
            print("Checkpoint address: \(config.checkpointAddress?.checksummed ?? "-")")
            print("Checkpoint keystore: \(keyFile.path)")
            print("Issuing bodies:     \(issuingBodies.map(\.checksummed).joined(separator: ", "))")
            print("SUN asset id:       \(genesis.rewardAsset.text)")
            print("SUN token address:  \(genesis.rewardAsset.tokenAddress.checksummed)")
        }
    }
}
