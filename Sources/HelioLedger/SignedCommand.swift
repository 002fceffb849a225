import HelioCrypto

/// The EIP-712 domain of one registry: name, version and chain id. No verifyingContract: there is no
/// contract, and eth-account / ethers sign a domain without one unchanged.
public struct CommandDomain: Hashable, Sendable, Codable {
    public let name: String
    public let version: String
    public let chainId: UInt64
    /// hashStruct(EIP712Domain), computed once: every command digest starts with it.
    public let separator: [UInt8]

    public init(name: String = "Helio", version: String = "1", chainId: UInt64) {
        self.name = name
        self.version = version
        self.chainId = chainId
        self.separator = CommandTypedData.domainSeparator(name: name, version: version, chainId: chainId)
    }

    enum CodingKeys: String, CodingKey { case name, version, chainId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), version: try c.decode(String.self, forKey: .version),
            chainId: try c.decode(UInt64.self, forKey: .chainId))
    }

    var json: JSONValue { ["name": .string(name), "version": .string(version), "chainId": .integer(chainId)] }
}

/// A command as it arrives from the network: the command, the author's nonce, and a 65-byte
/// EIP-712 signature. Unverified: `authenticate` recovers the author, and only then may the ledger
/// see it.
public struct SignedCommand: Hashable, Sendable, Codable {
    public let command: Command
    public let nonce: UInt64
    /// r ‖ s ‖ v (v 27/28), hex with 0x in JSON.
    public let signature: [UInt8]

    public init(command: Command, nonce: UInt64, signature: [UInt8]) {
        self.command = command
        self.nonce = nonce
        self.signature = signature
    }

    /// Signs `command` with `key` (clients, tests and the demo use this).
    public static func sign(
        _ command: Command, nonce: UInt64, domain: CommandDomain, with key: Secp256k1.PrivateKey
    ) throws -> SignedCommand {
        let digest = try CommandTypedData.checkedSigningDigest(command, nonce: nonce, domain: domain)
        return SignedCommand(command: command, nonce: nonce, signature: try key.sign(digest: digest).bytes)
    }

    /// Checks the signature (low-S, valid r/s/v) and recovers the author.
    /// A command EIP-712 cannot encode (a negative value in a uint64 field) is `malformed_command`.
    public func authenticate(domain: CommandDomain) throws(LedgerError) -> AuthenticatedCommand {
        let digest: [UInt8]
        do { digest = try CommandTypedData.checkedSigningDigest(command, nonce: nonce, domain: domain) } catch {
            throw LedgerError(.malformedCommand, "the command cannot be encoded as EIP-712 typed data: \(error)")
        }
        do {
            let sig = try Secp256k1.Signature(bytes: signature)
            let author = try sig.recoverAddress(digest: digest)
            return AuthenticatedCommand(author: author, nonce: nonce, command: command)
        } catch {
            throw LedgerError(.badSignature, "bad signature: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey { case command, nonce, signature }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        command = try c.decode(Command.self, forKey: .command)
        nonce = try c.decode(UInt64.self, forKey: .nonce)
        signature = try Hex.decode(try c.decode(String.self, forKey: .signature), what: "signature")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encode(nonce, forKey: .nonce)
        try c.encode(Hex.encode(signature, prefixed: true), forKey: .signature)
    }
}
