import HelioCrypto
import HelioLedger

/// Rebuilds a `LedgerState` from projection records (the PostgreSQL store's load path, no replay):
/// each record goes where the SQLite loader puts the same row, then the ledger's own `restore`s run.
struct ProjectionLoader {
    private var assets: [[UInt8]: Asset] = [:]
    private var supplies: [[UInt8]: UInt256] = [:]
    private var balances: [HoldingKey: UInt256] = [:]
    private var allowances: [AllowanceKey: UInt256] = [:]
    private var nonces: [Address: UInt64] = [:]
    private var configuration: RegistryState.Configuration?
    private var devices: [Device] = []
    private var oracles: [Oracle] = []
    private var assignments: [(String, Assignment)] = []
    private var attestations: [(meter: String, start: Int64, end: Int64, attestation: Attestation)] = []
    private var issuances: [Issuance] = []
    private var certificateConfig: CertificateConfig?
    private var policies: [String: IssuancePolicy] = [:]
    private var carries: [String: GOCarry] = [:]
    private var hours: [(device: String, hour: GCHour)] = []
    private var lots: [CertificateLot] = []
    private var parts: [CertificatePart] = []
    private var cancellations: [Cancellation] = []

    mutating func add(kind: String, key: [UInt8], record: [UInt8]) throws {
        guard let kind = ProjectionRecord.Kind(rawValue: kind) else {
            throw StoreError(.corrupt, "stored projection of unknown kind \(kind)")
        }
        do {
            switch kind {
            case .asset: assets[key] = try CanonicalJSON.decode(Asset.self, record)
            case .supply: supplies[key] = try Column.amount(record, "total supply")
            case .balance:
                guard key.count == 40 else { throw StoreError(.corrupt, "balance key of \(key.count) bytes") }
                balances[
                    HoldingKey(try Column.assetID(Array(key[0..<20])), try Column.address(Array(key[20...]), "account"))
                ] = try Column.amount(record, "balance")
            case .allowance:
                guard key.count == 60 else { throw StoreError(.corrupt, "allowance key of \(key.count) bytes") }
                allowances[
                    AllowanceKey(
                        try Column.assetID(Array(key[0..<20])), try Column.address(Array(key[20..<40]), "owner"),
                        try Column.address(Array(key[40...]), "spender"))
                ] = try Column.amount(record, "allowance")
            case .nonce:
                guard record.count == 8 else { throw StoreError(.corrupt, "nonce of \(record.count) bytes") }
                nonces[try Column.address(key, "account")] = record.reduce(0) { $0 << 8 | UInt64($1) }
            case .registry:
                let r = try CanonicalJSON.decode(RegistryRecord.self, record)
                configuration = RegistryState.Configuration(
                    authority: r.authority, issuingBodies: r.issuingBodies, rewardAsset: r.rewardAsset, policy: r.policy
                )
            case .device: devices.append(try CanonicalJSON.decode(DeviceRecord.self, record).device)
            case .oracle: oracles.append(try CanonicalJSON.decode(OracleRecord.self, record).oracle)
            case .assignment:
                let r = try CanonicalJSON.decode(AssignmentRecord.self, record)
                assignments.append((r.meter, r.assignment))
            case .attestation:
                let r = try CanonicalJSON.decode(AttestationRecord.self, record)
                attestations.append((r.meter, r.start, r.end, try r.attestation()))
            case .issuance: issuances.append(try CanonicalJSON.decode(IssuanceRecord.self, record).issuance())
            case .certificateConfig: certificateConfig = try CanonicalJSON.decode(CertificateConfig.self, record)
            case .issuancePolicy:
                policies[Self.id(key)] = try CanonicalJSON.decode(IssuancePolicy.self, record)
            case .goCarry: carries[Self.id(key)] = try CanonicalJSON.decode(GOCarry.self, record)
            case .gcHour:
                let r = try CanonicalJSON.decode(HourRecord.self, record)
                hours.append((r.device, r.hour))
            case .lot: lots.append(try CanonicalJSON.decode(CertificateLot.self, record))
            case .part: parts.append(try CanonicalJSON.decode(CertificatePart.self, record))
            case .cancellation: cancellations.append(try CanonicalJSON.decode(Cancellation.self, record))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corrupt, "a stored \(kind.rawValue) record does not decode: \(error)")
        }
    }

    /// The id a key starts with (text up to its 0 byte).
    private static func id(_ key: [UInt8]) -> String {
        String(decoding: key.prefix { $0 != 0 }, as: UTF8.self)
    }

    func state() -> LedgerState {
        var restored: [Asset] = []
        for (hash, asset) in assets.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            var asset = asset
            if let total = supplies[hash] { asset.totalSupply = total }
            restored.append(asset)
        }
        // The registry wants attestations in the order they were recorded within each period.
        let ordered = attestations.sorted {
            ($0.meter, $0.start, $0.attestation.entry) < ($1.meter, $1.start, $1.attestation.entry)
        }
        let registry = RegistryState.restore(
            configuration: configuration, devices: devices.sorted { $0.id < $1.id },
            oracles: oracles, assignments: assignments, attestations: ordered, issuances: issuances)
        let certificates = CertificateState.restore(
            config: certificateConfig, policies: policies, carries: carries, hours: hours, lots: lots, parts: parts,
            cancellations: cancellations)
        return LedgerState.restore(
            assets: restored, balances: balances, allowances: allowances, nonces: nonces, registry: registry,
            certificates: certificates)
    }
}
