import HelioCrypto
import Testing

@testable import HelioLedger

/// Defining an asset: its id comes from (issuer, nonce), its Open Assets definition document must list
/// that id, its divisibility must equal its decimals, and the document's SHA-256 is committed.
struct DefineAssetTests {
    /// The canonical bytes of `Fixture.definition(issuer: Who.issuer, nonce: 0)` and their SHA-256, from
    /// Python: `json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` and `hashlib`.
    static let canonicalDocument =
        #"{"asset_ids":["APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjRC"],"description":"1 MWh of renewable electricity","#
        + #""description_mime":"text/plain","divisibility":18,"issuer":"Helio Test Issuer","link_to_website":false,"#
        + #""name":"Guarantee of Origin","name_short":"GO","type":"Currency","version":"1.0"}"#
    static let documentSHA256 = "663818d83e443d19bd1fe99fe9ea433484ebd7941615d07dd0bc632546430f5b"

    @Test func definesAnAssetWithTheIdOfIssuerAndNonce() throws {
        var ledger = TestLedger()
        let command = Fixture.definition(issuer: Who.issuer, nonce: 0, minters: [Who.minter, Who.carol])
        let outcome = try ledger.run(Who.issuer, .defineAsset(command))
        let id = AssetID(issuer: Who.issuer, nonce: 0)
        #expect(id.text == "APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjRC")
        let asset = try #require(ledger.state.assets[id])
        #expect(asset.id == id)
        #expect(asset.tokenAddress == id.tokenAddress)
        #expect(asset.issuer == Who.issuer)
        #expect(asset.name == "Guarantee of Origin")
        #expect(asset.symbol == "GO")
        #expect(asset.decimals == 18)
        #expect(asset.minters == [Who.minter, Who.carol])
        #expect(asset.genesisEntry == 0)
        #expect(asset.totalSupply == 0)
        #expect(ledger.state.assetsByToken == [id.tokenAddress: id])
        #expect(
            outcome.events == [
                .assetDefined(
                    asset: id, tokenAddress: id.tokenAddress, issuer: Who.issuer, definitionSHA256: Self.documentSHA256)
            ])
        #expect(outcome.changes == [.asset(asset), .nonce(account: Who.issuer, next: 1)])
    }

    @Test func theDefinitionDocumentsSHA256IsCommitted() throws {
        let command = Fixture.definition(issuer: Who.issuer, nonce: 0)
        #expect(String(decoding: command.definition.canonicalBytes, as: UTF8.self) == Self.canonicalDocument)
        #expect(Hex.encode(command.definition.sha256) == Self.documentSHA256)
        var ledger = TestLedger()
        try ledger.run(Who.issuer, .defineAsset(command))
        #expect(ledger.state.assets[AssetID(issuer: Who.issuer, nonce: 0)]?.definitionSHA256 == Self.documentSHA256)
        // Any change to the document changes the commitment.
        var other = Fixture.definition(issuer: Who.issuer, nonce: 0)
        other.definition.description += "."
        #expect(other.definition.sha256 != command.definition.sha256)
    }

    @Test func theGenesisEntryIsTheJournalIndex() throws {
        var ledger = TestLedger()
        _ = try ledger.token(issuer: Who.alice)
        _ = try ledger.token(issuer: Who.bob)
        let third = try ledger.token(issuer: Who.alice)
        #expect(third == AssetID(issuer: Who.alice, nonce: 1))
        #expect(ledger.state.assets[third]?.genesisEntry == 2)
        #expect(ledger.state.assets.count == 3)
    }

    @Test func decimalsDefaultTo18() {
        let command = Command.DefineAsset(
            definition: Fixture.definition(issuer: Who.issuer, nonce: 0).definition, name: "n", symbol: "s",
            minters: [])
        #expect(command.decimals == 18)
    }

    @Test(arguments: [UInt8(0), 6, 77])
    func acceptsDecimalsUpTo77(decimals: UInt8) throws {
        var ledger = TestLedger()
        try ledger.run(Who.issuer, .defineAsset(Fixture.definition(issuer: Who.issuer, nonce: 0, decimals: decimals)))
        #expect(ledger.state.assets[AssetID(issuer: Who.issuer, nonce: 0)]?.decimals == decimals)
    }

    // MARK: refusals

    @Test func refusesADocumentThatDoesNotListItsOwnID() throws {
        var ledger = TestLedger()
        var command = Fixture.definition(issuer: Who.issuer, nonce: 0)
        command.definition.assetIDs = []
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
        // Listing the id of another nonce or another issuer is no better.
        command.definition.assetIDs = [AssetID(issuer: Who.issuer, nonce: 1).text]
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
        command.definition.assetIDs = [AssetID(issuer: Who.alice, nonce: 0).text]
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
        // Other ids may be listed beside its own.
        command.definition.assetIDs.append(AssetID(issuer: Who.issuer, nonce: 0).text)
        try ledger.run(Who.issuer, .defineAsset(command))
        #expect(ledger.state.assets[AssetID(issuer: Who.issuer, nonce: 0)] != nil)
    }

    @Test func refusesADocumentSignedForAnotherAuthor() {
        // Bob submits the issuer's document: the id is computed from Bob's address, so it is not listed.
        var ledger = TestLedger()
        ledger.expectFailure(
            Who.bob, .defineAsset(Fixture.definition(issuer: Who.issuer, nonce: 0)), .invalidDefinition)
    }

    @Test(arguments: [(UInt8(18), 17), (18, 19), (0, -1), (6, 18)])
    func refusesDivisibilityOtherThanDecimals(decimals: UInt8, divisibility: Int) {
        var ledger = TestLedger()
        var command = Fixture.definition(issuer: Who.issuer, nonce: 0, decimals: decimals)
        command.definition.divisibility = divisibility
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
    }

    @Test(arguments: [UInt8(78), 255])
    func refusesDecimalsBeyond77(decimals: UInt8) {
        var ledger = TestLedger()
        let command = Fixture.definition(issuer: Who.issuer, nonce: 0, decimals: decimals)
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
    }

    @Test func refusesAnEmptyNameOrSymbol() {
        var ledger = TestLedger()
        var command = Fixture.definition(issuer: Who.issuer, nonce: 0)
        command.name = ""
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
        command = Fixture.definition(issuer: Who.issuer, nonce: 0)
        command.symbol = ""
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
    }

    @Test func aDuplicateDefinitionIsImpossible() throws {
        var ledger = TestLedger()
        let command = Fixture.definition(issuer: Who.issuer, nonce: 0)
        try ledger.run(Who.issuer, .defineAsset(command))
        // Replayed with the same nonce: refused as a reused nonce.
        ledger.expectFailure(Who.issuer, .defineAsset(command), .nonceTooLow, nonce: 0)
        // With the next nonce it would be a new id, which the old document does not list.
        ledger.expectFailure(Who.issuer, .defineAsset(command), .invalidDefinition)
        // A document listing the new id defines a second, distinct asset.
        try ledger.run(Who.issuer, .defineAsset(Fixture.definition(issuer: Who.issuer, nonce: 1)))
        #expect(ledger.state.assets.count == 2)
        #expect(
            AssetID(issuer: Who.issuer, nonce: 0).tokenAddress != AssetID(issuer: Who.issuer, nonce: 1).tokenAddress)
    }

    @Test func anExistingIDIsRefusedEvenWhenTheNonceAllowsIt() throws {
        // Unreachable through apply alone (the nonce moves on), but a store whose rows disagree with its
        // nonces must not let an asset be redefined.
        var defined = TestLedger()
        try defined.run(Who.issuer, .defineAsset(Fixture.definition(issuer: Who.issuer, nonce: 0)))
        var ledger = TestLedger()
        ledger.state = LedgerState.restore(
            assets: Array(defined.state.assets.values), balances: [:], allowances: [:], nonces: [:])
        ledger.expectFailure(Who.issuer, .defineAsset(Fixture.definition(issuer: Who.issuer, nonce: 0)), .assetExists)
    }
}
