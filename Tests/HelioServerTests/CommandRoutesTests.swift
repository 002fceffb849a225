import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CommandRoutesTests {
    @Test func mintThenTransferMovesBalances() async throws {
        let registry = try await TestRegistry.make()
        let alice = Secp256k1.PrivateKey()
        let bob = Secp256k1.PrivateKey().address
        let mint = try registry.sign(
            .mint(.init(asset: registry.sun, to: alice.address, amount: RewardAsset.amount(energyWh: 5_000))),
            nonce: 2, key: registry.key)
        let transfer = try registry.sign(
            .transfer(.init(asset: registry.sun, to: bob, amount: RewardAsset.amount(energyWh: 2_000))), nonce: 0,
            key: alice)
        try await registry.withClient { client in
            let minted = try await client.post("/v1/commands", Body.json(mint))
            #expect(minted.status == .ok)
            #expect(try Body.object(minted)["index"] as? Int == 2)

            let moved = try await client.post("/v1/commands", Body.json(transfer))
            #expect(moved.status == .ok)
            let receipt = try Body.object(moved)
            #expect(receipt["index"] as? Int == 3)
            #expect(receipt["author"] as? String == alice.address.checksummed)
            #expect((receipt["leafHash"] as? String)?.count == 66)
            let event = try #require((receipt["events"] as? [[String: Any]])?.first)
            #expect(event["type"] as? String == "Transfer")
            #expect(event["to"] as? String == bob.checksummed)
            #expect(event["value"] as? String == "2000000000000000")

            let balances = try Body.object(try await client.get("/v1/accounts/\(bob.checksummed)/balances"))
            let holding = try #require((balances["balances"] as? [[String: Any]])?.first)
            #expect(holding["asset"] as? String == registry.sun.text)
            #expect(holding["amount"] as? String == "2000000000000000")
            let aliceBalances = try Body.object(
                try await client.get("/v1/accounts/\(alice.address.checksummed)/balances"))
            #expect(aliceBalances["nonce"] as? Int == 1)
            #expect((aliceBalances["balances"] as? [[String: Any]])?.first?["amount"] as? String == "3000000000000000")

            let sun = try Body.object(try await client.get("/v1/assets/\(registry.sun.text)"))
            #expect(sun["totalSupply"] as? String == "5000000000000000")
        }
    }

    @Test func batchGivesOneResultPerCommand() async throws {
        let registry = try await TestRegistry.make()
        let owner = Secp256k1.PrivateKey()
        let approve = try registry.sign(
            .approve(.init(asset: registry.sun, spender: registry.issuingBody, amount: 7)), nonce: 0, key: owner)
        let replay = approve  // same nonce again: refused
        try await registry.withClient { client in
            let response = try await client.post("/v1/commands", Body.json([approve, replay]))
            #expect(response.status == .ok)
            let results = try #require(try Body.object(response)["results"] as? [[String: Any]])
            #expect(results.count == 2)
            #expect(results[0]["accepted"] as? Bool == true)
            let receipt = try #require(results[0]["receipt"] as? [String: Any])
            #expect((receipt["events"] as? [[String: Any]])?.first?["type"] as? String == "Approval")
            #expect(results[1]["accepted"] as? Bool == false)
            let error = try #require(results[1]["error"] as? [String: Any])
            #expect(error["type"] as? String == "https://helio.example/problems/nonce_too_low")
            #expect(error["status"] as? Int == 409)
            #expect(try Body.object(try await client.get("/healthz"))["entries"] as? Int == 3)
        }
    }

    @Test func malformedBodyIsABadRequest() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            for body in [
                "{", "{}", #"{"command": {"kind": "Nope", "body": {}}, "nonce": 0, "signature": "0x00"}"#, "[1]",
            ] {
                let response = try await client.post("/v1/commands", ByteBuffer(string: body))
                try expectProblem(response, status: .badRequest, code: "malformed_body")
            }
            try expectProblem(
                try await client.post("/v1/commands", ByteBuffer(string: "[]")), status: .badRequest,
                code: "empty_batch")
            #expect(try Body.object(try await client.get("/healthz"))["entries"] as? Int == 2)
        }
    }

    @Test func badSignatureChangesNothing() async throws {
        let registry = try await TestRegistry.make()
        let signed = try registry.sign(
            .mint(.init(asset: registry.sun, to: registry.issuingBody, amount: 1)), nonce: 2, key: registry.key)
        var broken = signed.signature
        broken[64] = 31  // v must be 27 or 28
        let tampered = SignedCommand(command: signed.command, nonce: signed.nonce, signature: broken)
        try await registry.withClient { client in
            try expectProblem(
                try await client.post("/v1/commands", Body.json(tampered)), status: .badRequest, code: "bad_signature")
            #expect(try Body.object(try await client.get("/healthz"))["entries"] as? Int == 2)
        }
    }

    @Test func wrongNonceIsAConflict() async throws {
        let registry = try await TestRegistry.make()
        let reused = try registry.sign(
            .mint(.init(asset: registry.sun, to: registry.issuingBody, amount: 1)), nonce: 0, key: registry.key)
        let gap = try registry.sign(
            .mint(.init(asset: registry.sun, to: registry.issuingBody, amount: 1)), nonce: 5, key: registry.key)
        try await registry.withClient { client in
            try expectProblem(
                try await client.post("/v1/commands", Body.json(reused)), status: .conflict, code: "nonce_too_low")
            try expectProblem(
                try await client.post("/v1/commands", Body.json(gap)), status: .conflict, code: "nonce_gap")
            #expect(try Body.object(try await client.get("/healthz"))["entries"] as? Int == 2)
        }
    }

    @Test func refusedCommandsKeepTheirLedgerCode() async throws {
        let registry = try await TestRegistry.make()
        let stranger = Secp256k1.PrivateKey()
        let notMinter = try registry.sign(
            .mint(.init(asset: registry.sun, to: stranger.address, amount: 1)), nonce: 0, key: stranger)
        let unknown = try registry.sign(
            .transfer(.init(asset: AssetID(issuer: stranger.address, nonce: 9), to: registry.issuingBody, amount: 1)),
            nonce: 0, key: stranger)
        let broke = try registry.sign(
            .transfer(.init(asset: registry.sun, to: registry.issuingBody, amount: 1)), nonce: 0, key: stranger)
        try await registry.withClient { client in
            try expectProblem(
                try await client.post("/v1/commands", Body.json(notMinter)), status: .forbidden, code: "not_minter")
            try expectProblem(
                try await client.post("/v1/commands", Body.json(unknown)), status: .notFound, code: "unknown_asset")
            try expectProblem(
                try await client.post("/v1/commands", Body.json(broke)), status: .unprocessableContent,
                code: "ERC20InsufficientBalance")
        }
    }

    @Test func overSizeBodyAndBatchAreRefused() async throws {
        let registry = try await TestRegistry.make()
        var configuration = registry.configuration()
        configuration.limits.maxCommandsPerRequest = 2
        let owner = Secp256k1.PrivateKey()
        let commands = try (0..<3).map { nonce in
            try registry.sign(
                .approve(.init(asset: registry.sun, spender: registry.issuingBody, amount: 1)), nonce: UInt64(nonce),
                key: owner)
        }
        try await registry.withClient(configuration) { client in
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: (4 << 20) + 1)
            try expectProblem(
                try await client.post("/v1/commands", huge), status: .contentTooLarge, code: "body_too_large")
            try expectProblem(
                try await client.post("/v1/commands", Body.json(commands)), status: .contentTooLarge,
                code: "body_too_large")
            #expect(try Body.object(try await client.get("/healthz"))["entries"] as? Int == 2)
        }
    }
}
