import HelioCrypto
import Testing

@testable import HelioLedger

/// The hand-written digest path must equal the general EIP-712 implementation for every command kind.
struct CommandDigestTests {
    static let issuer = try! Secp256k1.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 31) + [7])
    static let asset = AssetID(issuer: issuer.address, nonce: 0)
    static let a = try! Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    static let b = try! Address("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")

    static let commands: [Command] = assetCommands + AdminCommands.all + CertificateCommands.all

    static let assetCommands: [Command] = [
        .defineAsset(
            .init(
                definition: AssetDefinition(
                    assetIDs: [asset.text], nameShort: "SUN", name: "Helio Solar Reward", issuer: "Helio",
                    description: "1 SUN per MWh ☀", divisibility: 18),
                name: "Helio Solar Reward", symbol: "SUN", decimals: 18, minters: [a, b])),
        .defineAsset(
            .init(
                definition: AssetDefinition(
                    assetIDs: [asset.text], nameShort: "X", name: "x", issuer: "i", description: "", divisibility: 0),
                name: "x", symbol: "X", decimals: 0, minters: [])),
        .mint(.init(asset: asset, to: a, amount: .max)),
        .transfer(.init(asset: asset, to: b, amount: 0)),
        .transfer(.init(asset: asset, to: b, amount: UInt256(decimal: "123456789012345678901234567890")!)),
        .approve(.init(asset: asset, spender: a, amount: 42)),
        .transferFrom(.init(asset: asset, from: a, to: b, amount: 7)),
        .burn(.init(asset: asset, amount: 1)),
    ]

    @Test(arguments: commands)
    func fastPathEqualsGeneralEIP712(_ command: Command) throws {
        for (nonce, chain) in [(UInt64(0), UInt64(1)), (99, 7317), (.max, .max)] {
            let domain = CommandDomain(chainId: chain)
            let general = try CommandTypedData.typedData(command, nonce: nonce, domain: domain)
            #expect(
                CommandTypedData.signingDigest(command, nonce: nonce, domain: domain) == (try general.signingDigest()))
            #expect(domain.separator == (try general.domainSeparator()))
        }
    }

    /// Every kind of command is in the list above.
    @Test func everyKindIsCovered() {
        #expect(
            Set(Self.commands.map(\.kind)) == Set(CommandTypedData.types.keys).subtracting(["EIP712Domain", "Meter"]))
    }

    @Test func digestDependsOnEveryInput() {
        let domain = CommandDomain(chainId: 1)
        let base = CommandTypedData.signingDigest(Self.commands[3], nonce: 1, domain: domain)
        #expect(CommandTypedData.signingDigest(Self.commands[3], nonce: 2, domain: domain) != base)
        #expect(CommandTypedData.signingDigest(Self.commands[3], nonce: 1, domain: CommandDomain(chainId: 2)) != base)
        #expect(CommandTypedData.signingDigest(Self.commands[4], nonce: 1, domain: domain) != base)
    }
}
