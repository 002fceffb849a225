import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioStore

/// The demo's data folder and registry: `<out>/registry`, fresh on every run, marked as the demo's own so
/// a later run may replace it (and nothing else).
enum DemoRegistry {
    /// Present in every data folder the demo created.
    static let markerName = ".helio-demo"
    /// The published password of the demo's checkpoint keystore. TEST ONLY, like every demo key.
    static let password = "helio-test-only"
    static let name = "helio-demo"
    static let chainId: UInt64 = 7317

    /// Makes `<out>/registry` empty: deletes it when the demo made it (marker present), refuses when it
    /// exists without the marker. Also removes the previous run's statements from `out`.
    static func prepare(out: String) throws -> String {
        let fm = FileManager.default
        let dir = (out as NSString).appendingPathComponent("registry")
        if fm.fileExists(atPath: dir) {
            guard fm.fileExists(atPath: (dir as NSString).appendingPathComponent(markerName)) else {
                throw CLIError(
                    "\(dir) exists and was not made by helio demo (no \(markerName)): remove it or pass another --out")
            }
            try fm.removeItem(atPath: dir)
            // The last run's statements go with its registry: a stale one would not verify against the new one.
            for file in try fm.contentsOfDirectory(atPath: out)
            where file.hasPrefix("statement-") && file.hasSuffix(".json") {
                try fm.removeItem(atPath: (out as NSString).appendingPathComponent(file))
            }
        }
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let marker = "Created by `helio demo`; the next run deletes and recreates this folder. Keys are TEST ONLY.\n"
        try Data(marker.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(markerName)))
        return dir
    }

    /// Genesis in the empty folder (SUN as entry 0, the issuing body in entry 1), then the checkpoint key
    /// as a light-scrypt keystore in `<dir>/keys/` so `helio serve --data-dir <dir>` works afterwards.
    static func create(in dir: String, neighbourhood n: Neighbourhood) async throws -> (RegistryGenesis, URL) {
        let store = try DataDirectory.openStore(dir)
        let genesis = try await RegistryGenesis.create(
            in: store, name: name, chainId: chainId, checkpointKey: n.checkpointKey,
            issuingBodies: [n.issuingBody.address])
        let keys = KeystoreDirectory(url: URL(fileURLWithPath: dir).appendingPathComponent("keys"))
        let file = try writeKeystore(n.checkpointKey, to: keys)
        return (genesis, file)
    }

    private static func writeKeystore(_ key: Secp256k1.PrivateKey, to keys: KeystoreDirectory) throws -> URL {
        let keystore = try Keystore.encrypt(privateKey: key, password: password, kdf: .lightScrypt)
        return try keys.write(keystore, address: key.address)
    }

    /// Through `POST /v1/commands`: the registry key names the certificate issuer; the issuing body
    /// registers the data hub and every meter's signer as oracles, every device, assigns both oracles to
    /// each meter with a quorum of 2, and gives every device GOs and GCs.
    static func populate(_ api: DemoAPI, neighbourhood n: Neighbourhood) async throws {
        let authorityNonce = try await api.nonce(n.checkpointKey.address)
        let settings = Command.configureCertificates(.init(issuer: "Samsø demo issuing body (test only)"))
        try await api.submit(
            try sign([settings], from: authorityNonce, domain: api.domain, with: n.checkpointKey),
            what: "ConfigureCertificates")
        var commands: [Command] = [.registerOracle(.init(oracle: n.dataHub.address, name: "Grid operator data hub"))]
        for d in n.devices {
            commands.append(.registerOracle(.init(oracle: d.meterSigner.address, name: "Meter \(d.meter) signer")))
            commands.append(.registerDevice(.init(d.registration)))
            commands.append(
                .assignOracles(
                    .init(
                        meter: d.meter, oracles: [d.meterSigner.address, n.dataHub.address], quorum: 2,
                        validFrom: d.commissionedAt)))
            commands.append(.setIssuancePolicy(.init(device: d.id, schemes: [.go, .gc])))
        }
        let nonce = try await api.nonce(n.issuingBody.address)
        try await api.submit(
            try sign(commands, from: nonce, domain: api.domain, with: n.issuingBody), what: "registering the devices")
    }

    /// Synchronous on purpose (see `Plan.sign` in BenchIngest: typed throws inside async code crashed the
    /// release optimizer).
    static func sign(
        _ commands: [Command], from nonce: UInt64, domain: CommandDomain, with key: Secp256k1.PrivateKey
    ) throws -> [SignedCommand] {
        try commands.enumerated().map { i, c in
            try SignedCommand.sign(c, nonce: nonce + UInt64(i), domain: domain, with: key)
        }
    }
}
