import Foundation
import HelioCrypto
import Testing

@testable import HelioLedger

/// Signed commands: EIP-712 typed data signed by the author, recovered at the edge. Mostly negative:
/// anything tampered with either fails to parse (`bad_signature`) or recovers someone else, whom the
/// ledger then refuses for that someone's own balance or nonce.
struct SignedCommandTests {
    static let asset = AssetID(issuer: Who.issuer, nonce: 0)
    static let oneToken = UInt256(1_000_000_000_000_000_000)

    /// Alice's Transfer of 1 token (10^18) of `asset` to Bob, nonce 0, chain 7317, as eth-account 0.14
    /// signs it: `Account.sign_typed_data(0x…03, full_message=…)` (the example of Schemas/eip712/README.md).
    static let ethAccount = (
        digest: "0xd6fd3a8bd41b3638aae10e7029a45309e3da603844027f353814a7bdbec43583",
        signature: "0xf39cc2d07948235a76b802e5bdd1c2ca1b6286a3a7230eee1d4efb4abe9ef634"
            + "4d1b89bc331af25c5fce686f9544cfb80bc48e94ee82f0ec93b0eeb97a26423b1b"
    )

    static let transfer = Command.transfer(asset, to: Who.bob, oneToken)

    /// One command of every kind.
    static let everyKind: [Command] =
        [
            .defineAsset(Fixture.definition(issuer: Who.alice, nonce: 0, minters: [Who.alice, Who.bob])),
            .mint(asset, to: Who.bob, .max), transfer, .approve(asset, spender: Who.carol, 0),
            .transferFrom(asset, from: Who.carol, to: Who.dave, 12345), .burn(asset, 1),
        ] + AdminCommands.all + CertificateCommands.all

    /// A ledger where Alice holds 2 tokens of `asset`.
    static func ledger() throws -> TestLedger {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(Who.alice, oneToken.multiplied(by: 2)!)])
        #expect(token == asset)
        return ledger
    }

    static func sign(_ command: Command = transfer, nonce: UInt64 = 0) throws -> SignedCommand {
        try SignedCommand.sign(command, nonce: nonce, domain: testDomain, with: TestKey.alice)
    }

    // MARK: the happy path

    @Test(arguments: everyKind)
    func authenticateRecoversTheAuthor(_ command: Command) throws {
        let signed = try SignedCommand.sign(command, nonce: 41, domain: testDomain, with: TestKey.alice)
        #expect(signed.signature.count == 65)
        #expect([27, 28].contains(signed.signature[64]))
        let authenticated = try signed.authenticate(domain: testDomain)
        #expect(authenticated == AuthenticatedCommand(author: Who.alice, nonce: 41, command: command))
    }

    @Test func matchesEthAccount() throws {
        let typed = try CommandTypedData.typedData(Self.transfer, nonce: 0, domain: testDomain)
        #expect(Hex.encode(try typed.signingDigest(), prefixed: true) == Self.ethAccount.digest)
        #expect(Hex.encode(try Self.sign().signature, prefixed: true) == Self.ethAccount.signature)
        let fromPython = SignedCommand(
            command: Self.transfer, nonce: 0, signature: try Hex.decode(Self.ethAccount.signature))
        #expect(try fromPython.authenticate(domain: testDomain).author == Who.alice)
    }

    @Test func acceptsVAsZeroOrOne() throws {
        let signed = try Self.sign()
        let raw = Array(signed.signature.dropLast()) + [signed.signature[64] - 27]
        let author = try SignedCommand(command: Self.transfer, nonce: 0, signature: raw).authenticate(
            domain: testDomain)
        #expect(author.author == Who.alice)
    }

    @Test func theAuthenticatedCommandMovesTheAuthorsTokens() throws {
        var ledger = try Self.ledger()
        let outcome = try ledger.apply(try Self.sign().authenticate(domain: testDomain))
        #expect(outcome.events == [.transfer(asset: Self.asset, from: Who.alice, to: Who.bob, value: Self.oneToken)])
    }

    // MARK: tampering recovers someone else

    /// Authenticates `signed`, expects an author other than Alice, and has the ledger refuse it with
    /// `code` for that author. Returns the stranger.
    @discardableResult
    func expectStranger(
        _ signed: SignedCommand, domain: CommandDomain = testDomain, _ code: LedgerError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Address {
        let authenticated = try signed.authenticate(domain: domain)
        #expect(authenticated.author != Who.alice, sourceLocation: sourceLocation)
        var ledger = try Self.ledger()
        let error = ledger.expectFailure(
            authenticated.author, authenticated.command, code, nonce: authenticated.nonce,
            sourceLocation: sourceLocation)
        if code == .insufficientBalance, let amount = Self.amount(of: signed.command) {
            #expect(
                error?.arguments == [.address(authenticated.author), .uint(0), .uint(amount)],
                sourceLocation: sourceLocation)
        }
        return authenticated.author
    }

    static func amount(of command: Command) -> UInt256? {
        if case .transfer(let t) = command { return t.amount }
        return nil
    }

    @Test(arguments: [
        CommandDomain(chainId: 1), CommandDomain(chainId: 7318), CommandDomain(name: "helio", chainId: 7317),
        CommandDomain(version: "2", chainId: 7317),
    ])
    func anotherDomainRecoversAnotherAuthor(domain: CommandDomain) throws {
        try expectStranger(Self.sign(), domain: domain, .insufficientBalance)
    }

    @Test func aTamperedAmountRecoversAnotherAuthor() throws {
        let signed = try Self.sign()
        let tampered = Command.transfer(Self.asset, to: Who.bob, Self.oneToken.adding(1)!)
        try expectStranger(
            SignedCommand(command: tampered, nonce: 0, signature: signed.signature), .insufficientBalance)
    }

    @Test func aTamperedRecipientOrAssetRecoversAnotherAuthor() throws {
        let signed = try Self.sign()
        for tampered in [
            Command.transfer(Self.asset, to: Who.carol, Self.oneToken),
            .approve(Self.asset, spender: Who.bob, Self.oneToken),
        ] {
            let stranger = try SignedCommand(command: tampered, nonce: 0, signature: signed.signature)
                .authenticate(domain: testDomain).author
            #expect(stranger != Who.alice)
        }
        let otherAsset = AssetID(issuer: Who.issuer, nonce: 1)
        let stranger = try SignedCommand(
            command: .transfer(otherAsset, to: Who.bob, Self.oneToken), nonce: 0, signature: signed.signature
        ).authenticate(domain: testDomain).author
        #expect(stranger != Who.alice)
    }

    @Test func aTamperedNonceRecoversAnotherAuthorWhoseNonceDoesNotMatch() throws {
        let signed = try Self.sign(nonce: 0)
        try expectStranger(SignedCommand(command: Self.transfer, nonce: 1, signature: signed.signature), .nonceGap)
    }

    @Test func aFlippedRecoveryIdRecoversAnotherAuthorOrNone() throws {
        let signed = try Self.sign()
        var flipped = signed.signature
        flipped[64] = flipped[64] == 27 ? 28 : 27
        do {
            let author = try SignedCommand(command: Self.transfer, nonce: 0, signature: flipped)
                .authenticate(domain: testDomain).author
            #expect(author != Who.alice)
        } catch {
            #expect(error.code == .badSignature)
        }
    }

    // MARK: malformed signatures are bad_signature

    /// n − s, big-endian.
    static func negate(_ s: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for i in (0..<32).reversed() {
            var digit = Int(Secp256k1.order[i]) - Int(s[i]) - borrow
            borrow = digit < 0 ? 1 : 0
            if digit < 0 { digit += 256 }
            out[i] = UInt8(digit)
        }
        return out
    }

    @Test func aHighSSignatureIsRefused() throws {
        // (r, n − s) with the other recovery id is the same signature to plain ECDSA; EIP-2 refuses it.
        let signed = try Self.sign()
        let r = Array(signed.signature[0..<32])
        let s = Array(signed.signature[32..<64])
        let highS = Self.negate(s)
        #expect(highS.lexicographicallyPrecedes(Secp256k1.halfOrder) == false)
        #expect(Self.negate(highS) == s)
        let v: UInt8 = signed.signature[64] == 27 ? 28 : 27
        let malleated = SignedCommand(command: Self.transfer, nonce: 0, signature: r + highS + [v])
        let error = #expect(throws: LedgerError.self) { try malleated.authenticate(domain: testDomain) }
        #expect(error?.code == .badSignature)
    }

    @Test func malformedSignaturesAreRefused() throws {
        let good = try Self.sign().signature
        let n = Secp256k1.order
        let zero = [UInt8](repeating: 0, count: 32)
        let malformed: [(String, [UInt8])] = [
            ("empty", []),
            ("64 bytes (no v)", Array(good.prefix(64))),
            ("66 bytes", good + [0]),
            ("v = 29", Array(good.prefix(64)) + [29]),
            ("v = 2", Array(good.prefix(64)) + [2]),
            ("r = 0", zero + Array(good[32...])),
            ("s = 0", Array(good[0..<32]) + zero + [good[64]]),
            ("r = n", n + Array(good[32...])),
        ]
        for (what, signature) in malformed {
            let signed = SignedCommand(command: Self.transfer, nonce: 0, signature: signature)
            let error = #expect(throws: LedgerError.self, "\(what)") { try signed.authenticate(domain: testDomain) }
            #expect(error?.code == .badSignature, "\(what)")
        }
    }

    // MARK: JSON and the journal

    @Test(arguments: everyKind)
    func signedCommandRoundTripsThroughJSON(_ command: Command) throws {
        let signed = try Self.sign(command, nonce: 3)
        let json = try JSONEncoder().encode(signed)
        #expect(try JSONDecoder().decode(SignedCommand.self, from: json) == signed)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["signature"] as? String == Hex.encode(signed.signature, prefixed: true))
        #expect(object["nonce"] as? Int == 3)
        #expect((object["command"] as? [String: Any])?["kind"] as? String == command.kind)
    }

    @Test func signedCommandJSONRefusesBadHex() {
        let json =
            #"{"command":{"kind":"Burn","body":{"asset":"\#(Self.asset.text)","amount":"1"}},"nonce":0,"#
            + #""signature":"0xzz"}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(SignedCommand.self, from: Data(json.utf8)) }
        let unknownKind = json.replacingOccurrences(of: "Burn", with: "Melt")
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(SignedCommand.self, from: Data(unknownKind.utf8))
        }
    }

    @Test(arguments: everyKind)
    func journalEntryGivesBackTheSignedCommand(_ command: Command) throws {
        let signed = try Self.sign(command, nonce: 9)
        let entry = JournalEntry(index: 12, time: 1_700_000_123, signed: signed, author: Who.alice)
        #expect(entry.kind == command.kind)
        #expect(entry.payload == CanonicalJSON.encode(signed))
        #expect(try entry.signedCommand() == signed)
        #expect(try entry.signedCommand().authenticate(domain: testDomain).author == Who.alice)
        let header = "helio-entry-v1\n12\n1700000123\n\(command.kind)\n\(Who.alice.lowercased)\n"
        #expect(entry.entryBytes == Array(header.utf8) + entry.payload)
    }

    @Test func aJournalEntryWithAGarbledPayloadIsMalformed() {
        let entry = JournalEntry(index: 0, time: 0, kind: "Transfer", author: Who.alice, payload: Array("{".utf8))
        let error = #expect(throws: LedgerError.self) { try entry.signedCommand() }
        #expect(error?.code == .malformedCommand)
    }

    // MARK: the published schema

    struct SchemaFile: Decodable {
        struct Field: Decodable, Hashable { let name, type: String }
        let types: [String: [Field]]
        let domain: [String: String]
    }

    static func schemaFile() throws -> SchemaFile {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Schemas/eip712/commands.json"))
        return try JSONDecoder().decode(SchemaFile.self, from: data)
    }

    @Test func publishedSchemaEqualsCommandTypedData() throws {
        let schema = try Self.schemaFile()
        let published = schema.types.mapValues { $0.map { TypedData.Field(name: $0.name, type: $0.type) } }
        #expect(published == CommandTypedData.types)
        #expect(schema.domain["name"] == "Helio")
        #expect(schema.domain["version"] == "1")
        #expect(schema.domain["chainId"] != nil)
        #expect(Set(schema.domain.keys) == ["name", "version", "chainId"])
    }

    @Test(arguments: everyKind)
    func aDocumentBuiltFromThePublishedSchemaHasTheSameDigest(_ command: Command) throws {
        // What an oracle does with eth-account: types = EIP712Domain + the one command type (eth-account
        // derives primaryType and refuses unrelated extra types) and the types it refers to (RegisterDevice:
        // Meter), the domain, the message.
        let schema = try Self.schemaFile()
        func fields(_ name: String) -> JSONValue {
            .array(
                (schema.types[name] ?? []).map { field -> JSONValue in
                    ["name": .string(field.name), "type": .string(field.type)]
                })
        }
        let typed = try CommandTypedData.typedData(command, nonce: 5, domain: testDomain)
        var types: JSONValue = ["EIP712Domain": fields("EIP712Domain"), command.kind: fields(command.kind)]
        if command.kind == "RegisterDevice" {
            types = [
                "EIP712Domain": fields("EIP712Domain"), command.kind: fields(command.kind), "Meter": fields("Meter"),
            ]
        }
        let document: JSONValue = [
            "types": types,
            "primaryType": .string(command.kind),
            "domain": ["name": "Helio", "version": "1", "chainId": 7317],
            "message": typed.message,
        ]
        let parsed = try TypedData(json: document.serialized)
        #expect(parsed.primaryType == command.kind)
        #expect(try parsed.signingDigest() == typed.signingDigest())
    }
}
