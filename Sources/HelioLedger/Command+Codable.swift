/// Commands are journaled as canonical JSON: {"kind": "...", "body": {...}}.
extension Command: Codable {
    enum CodingKeys: String, CodingKey { case kind, body }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "DefineAsset": self = .defineAsset(try c.decode(DefineAsset.self, forKey: .body))
        case "Mint": self = .mint(try c.decode(Mint.self, forKey: .body))
        case "Transfer": self = .transfer(try c.decode(Transfer.self, forKey: .body))
        case "Approve": self = .approve(try c.decode(Approve.self, forKey: .body))
        case "TransferFrom": self = .transferFrom(try c.decode(TransferFrom.self, forKey: .body))
        case "Burn": self = .burn(try c.decode(Burn.self, forKey: .body))
        case "ConfigureRegistry": self = .configureRegistry(try c.decode(ConfigureRegistry.self, forKey: .body))
        case "RegisterDevice": self = .registerDevice(try c.decode(RegisterDevice.self, forKey: .body))
        case "RegisterOracle": self = .registerOracle(try c.decode(RegisterOracle.self, forKey: .body))
        case "AssignOracles": self = .assignOracles(try c.decode(AssignOracles.self, forKey: .body))
        case "SetDeviceStatus": self = .setDeviceStatus(try c.decode(SetDeviceStatus.self, forKey: .body))
        case "SetOracleStatus": self = .setOracleStatus(try c.decode(SetOracleStatus.self, forKey: .body))
        case "ConfigureCertificates":
            self = .configureCertificates(try c.decode(ConfigureCertificates.self, forKey: .body))
        case "SetIssuancePolicy": self = .setIssuancePolicy(try c.decode(SetIssuancePolicy.self, forKey: .body))
        case "TransferCertificate":
            self = .transferCertificate(try c.decode(TransferCertificate.self, forKey: .body))
        case "CancelCertificate": self = .cancelCertificate(try c.decode(CancelCertificate.self, forKey: .body))
        case "WithdrawLot": self = .withdrawLot(try c.decode(WithdrawLot.self, forKey: .body))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown command \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .defineAsset(let b): try c.encode(b, forKey: .body)
        case .mint(let b): try c.encode(b, forKey: .body)
        case .transfer(let b): try c.encode(b, forKey: .body)
        case .approve(let b): try c.encode(b, forKey: .body)
        case .transferFrom(let b): try c.encode(b, forKey: .body)
        case .burn(let b): try c.encode(b, forKey: .body)
        case .configureRegistry(let b): try c.encode(b, forKey: .body)
        case .registerDevice(let b): try c.encode(b, forKey: .body)
        case .registerOracle(let b): try c.encode(b, forKey: .body)
        case .assignOracles(let b): try c.encode(b, forKey: .body)
        case .setDeviceStatus(let b): try c.encode(b, forKey: .body)
        case .setOracleStatus(let b): try c.encode(b, forKey: .body)
        case .configureCertificates(let b): try c.encode(b, forKey: .body)
        case .setIssuancePolicy(let b): try c.encode(b, forKey: .body)
        case .transferCertificate(let b): try c.encode(b, forKey: .body)
        case .cancelCertificate(let b): try c.encode(b, forKey: .body)
        case .withdrawLot(let b): try c.encode(b, forKey: .body)
        }
    }
}
