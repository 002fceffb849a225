import HelioCrypto

/// The EIP-712 types of native commands (published in Schemas/eip712/commands.json).
///
/// Assets appear as their 20-byte token address, the form wallets already know. The asset
/// definition document is signed through its SHA-256.
public enum CommandTypedData {
    typealias F = TypedData.Field

    public static let types: [String: [TypedData.Field]] = [
        "EIP712Domain": [
            F(name: "name", type: "string"), F(name: "version", type: "string"),
            F(name: "chainId", type: "uint256"),
        ],
        "DefineAsset": [
            F(name: "name", type: "string"), F(name: "symbol", type: "string"),
            F(name: "decimals", type: "uint8"), F(name: "minters", type: "address[]"),
            F(name: "definitionHash", type: "bytes32"), F(name: "nonce", type: "uint64"),
        ],
        "Mint": [
            F(name: "token", type: "address"), F(name: "to", type: "address"),
            F(name: "amount", type: "uint256"), F(name: "nonce", type: "uint64"),
        ],
        "Transfer": [
            F(name: "token", type: "address"), F(name: "to", type: "address"),
            F(name: "amount", type: "uint256"), F(name: "nonce", type: "uint64"),
        ],
        "Approve": [
            F(name: "token", type: "address"), F(name: "spender", type: "address"),
            F(name: "amount", type: "uint256"), F(name: "nonce", type: "uint64"),
        ],
        "TransferFrom": [
            F(name: "token", type: "address"), F(name: "from", type: "address"),
            F(name: "to", type: "address"), F(name: "amount", type: "uint256"),
            F(name: "nonce", type: "uint64"),
        ],
        "Burn": [
            F(name: "token", type: "address"), F(name: "amount", type: "uint256"),
            F(name: "nonce", type: "uint64"),
        ],
        // Registry administration (issue 4).
        "ConfigureRegistry": [
            F(name: "issuingBodies", type: "address[]"), F(name: "rewardToken", type: "address"),
            F(name: "maxAgeSeconds", type: "uint64"), F(name: "futureSkewSeconds", type: "uint64"),
            F(name: "capacityMarginPercent", type: "uint32"), F(name: "sunToleranceCentidegrees", type: "uint32"),
            F(name: "nonce", type: "uint64"),
        ],
        "RegisterDevice": [
            F(name: "id", type: "string"), F(name: "name", type: "string"), F(name: "owner", type: "address"),
            F(name: "codeList", type: "string"), F(name: "energySource", type: "string"),
            F(name: "technology", type: "string"), F(name: "capacityW", type: "uint64"),
            F(name: "commissioningDate", type: "string"), F(name: "country", type: "string"),
            F(name: "latitudeE6", type: "int64"), F(name: "longitudeE6", type: "int64"),
            F(name: "gridArea", type: "string"), F(name: "support", type: "string"),
            F(name: "meters", type: "Meter[]"), F(name: "nonce", type: "uint64"),
        ],
        "Meter": [F(name: "id", type: "string"), F(name: "intervalSeconds", type: "uint32")],
        "RegisterOracle": [
            F(name: "oracle", type: "address"), F(name: "name", type: "string"), F(name: "nonce", type: "uint64"),
        ],
        "AssignOracles": [
            F(name: "meter", type: "string"), F(name: "oracles", type: "address[]"), F(name: "quorum", type: "uint8"),
            F(name: "validFrom", type: "uint64"), F(name: "nonce", type: "uint64"),
        ],
        "SetDeviceStatus": [
            F(name: "device", type: "string"), F(name: "active", type: "bool"), F(name: "reason", type: "string"),
            F(name: "nonce", type: "uint64"),
        ],
        "SetOracleStatus": [
            F(name: "oracle", type: "address"), F(name: "active", type: "bool"), F(name: "reason", type: "string"),
            F(name: "nonce", type: "uint64"),
        ],
        // Certificates (issue 5).
        "ConfigureCertificates": [
            F(name: "issuer", type: "string"), F(name: "goExpiryMonths", type: "uint8"),
            F(name: "gcExpiryDays", type: "uint16"), F(name: "nonce", type: "uint64"),
        ],
        "SetIssuancePolicy": [
            F(name: "device", type: "string"), F(name: "schemes", type: "string[]"), F(name: "nonce", type: "uint64"),
        ],
        "TransferCertificate": [
            F(name: "part", type: "string"), F(name: "to", type: "address"), F(name: "volumeWh", type: "uint64"),
            F(name: "nonce", type: "uint64"),
        ],
        "CancelCertificate": [
            F(name: "part", type: "string"), F(name: "volumeWh", type: "uint64"),
            F(name: "beneficiaryCommitment", type: "bytes32"), F(name: "purpose", type: "string"),
            F(name: "consumptionStart", type: "uint64"), F(name: "consumptionEnd", type: "uint64"),
            F(name: "location", type: "string"), F(name: "nonce", type: "uint64"),
        ],
        "WithdrawLot": [
            F(name: "lot", type: "string"), F(name: "reason", type: "string"), F(name: "nonce", type: "uint64"),
        ],
    ]

    /// The typed data an author signs for `command` with `nonce` under `domain`.
    public static func typedData(_ command: Command, nonce: UInt64, domain: CommandDomain) throws -> TypedData {
        let kind = command.kind
        var fields: [(String, JSONValue)]
        func addr(_ a: Address) -> JSONValue { .string(a.lowercased) }
        func uint(_ v: UInt256) -> JSONValue { .number(v.description) }
        switch command {
        case .defineAsset(let c):
            fields = [
                ("name", .string(c.name)), ("symbol", .string(c.symbol)), ("decimals", .integer(c.decimals)),
                ("minters", .array(c.minters.map(addr))),
                ("definitionHash", .string(Hex.encode(c.definition.sha256, prefixed: true))),
            ]
        case .mint(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("to", addr(c.to)), ("amount", uint(c.amount))]
        case .transfer(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("to", addr(c.to)), ("amount", uint(c.amount))]
        case .approve(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("spender", addr(c.spender)), ("amount", uint(c.amount))]
        case .transferFrom(let c):
            fields = [
                ("token", addr(c.asset.tokenAddress)), ("from", addr(c.from)), ("to", addr(c.to)),
                ("amount", uint(c.amount)),
            ]
        case .burn(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("amount", uint(c.amount))]
        case .configureRegistry(let c):
            fields = [
                ("issuingBodies", .array(c.issuingBodies.map(addr))), ("rewardToken", addr(c.rewardAsset.tokenAddress)),
                ("maxAgeSeconds", .integer(c.policy.maxAgeSeconds)),
                ("futureSkewSeconds", .integer(c.policy.futureSkewSeconds)),
                ("capacityMarginPercent", .integer(c.policy.capacityMarginPercent)),
                ("sunToleranceCentidegrees", .integer(c.policy.sunToleranceCentidegrees)),
            ]
        case .registerDevice(let c):
            let d = c.device
            fields = [
                ("id", .string(d.id)), ("name", .string(d.name)), ("owner", addr(d.owner)),
                ("codeList", .string(d.codeList)), ("energySource", .string(d.energySource)),
                ("technology", .string(d.technology)), ("capacityW", .integer(d.capacityW)),
                ("commissioningDate", .string(d.commissioningDate)), ("country", .string(d.country)),
                ("latitudeE6", .integer(d.latitudeE6)), ("longitudeE6", .integer(d.longitudeE6)),
                ("gridArea", .string(d.gridArea)), ("support", .string(d.support)),
                (
                    "meters",
                    .array(
                        d.meters.map {
                            .object(deduplicating: [
                                ("id", .string($0.id)), ("intervalSeconds", .integer($0.intervalSeconds)),
                            ])
                        })
                ),
            ]
        case .registerOracle(let c):
            fields = [("oracle", addr(c.oracle)), ("name", .string(c.name))]
        case .assignOracles(let c):
            fields = [
                ("meter", .string(c.meter)), ("oracles", .array(c.oracles.map(addr))), ("quorum", .integer(c.quorum)),
                ("validFrom", .integer(c.validFrom)),
            ]
        case .setDeviceStatus(let c):
            fields = [("device", .string(c.device)), ("active", .bool(c.active)), ("reason", .string(c.reason))]
        case .setOracleStatus(let c):
            fields = [("oracle", addr(c.oracle)), ("active", .bool(c.active)), ("reason", .string(c.reason))]
        case .configureCertificates(let c):
            fields = [
                ("issuer", .string(c.issuer)), ("goExpiryMonths", .integer(c.goExpiryMonths)),
                ("gcExpiryDays", .integer(c.gcExpiryDays)),
            ]
        case .setIssuancePolicy(let c):
            fields = [("device", .string(c.device)), ("schemes", .array(c.schemes.map { .string($0.rawValue) }))]
        case .transferCertificate(let c):
            fields = [("part", .string(c.part)), ("to", addr(c.to)), ("volumeWh", .integer(c.volumeWh))]
        case .cancelCertificate(let c):
            fields = [
                ("part", .string(c.part)), ("volumeWh", .integer(c.volumeWh)),
                ("beneficiaryCommitment", .string(c.beneficiaryCommitment.description)),
                ("purpose", .string(c.purpose)), ("consumptionStart", .integer(c.consumptionStart)),
                ("consumptionEnd", .integer(c.consumptionEnd)), ("location", .string(c.location)),
            ]
        case .withdrawLot(let c):
            fields = [("lot", .string(c.lot)), ("reason", .string(c.reason))]
        }
        fields.append(("nonce", .integer(nonce)))
        var typeSubset = ["EIP712Domain": types["EIP712Domain"]!, kind: types[kind]!]
        if kind == "RegisterDevice" { typeSubset["Meter"] = types["Meter"]! }
        return try TypedData(
            types: typeSubset, primaryType: kind, domain: domain.json, message: .object(deduplicating: fields))
    }
}
