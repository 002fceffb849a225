import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ReadRoutesTests {
    @Test func healthzReportsTheJournal() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            let body = try Body.object(response)
            #expect(body["status"] as? String == "ok")
            #expect(body["entries"] as? Int == 2)
        }
    }

    @Test func registryDescribesItself() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let body = try Body.object(try await client.get("/v1/registry"))
            #expect(body["name"] as? String == "test-registry")
            #expect(body["chainId"] as? Int == 7317)
            #expect(body["checkpointAddress"] as? String == registry.key.address.checksummed)
            #expect(body["issuingBodies"] as? [String] == [registry.issuingBody.checksummed])
            #expect(body["journalSize"] as? Int == 2)
            let sun = try #require(body["rewardAsset"] as? [String: Any])
            #expect(sun["id"] as? String == RewardAsset.id(registry: registry.key.address).text)
            #expect(sun["tokenAddress"] as? String == registry.sun.tokenAddress.checksummed)
            #expect(sun["baseUnitsPerWh"] as? String == "1000000000000")
        }
    }

    @Test func eip712PublishesDomainAndTypes() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let body = try Body.object(try await client.get("/v1/eip712"))
            let domain = try #require(body["domain"] as? [String: Any])
            #expect(domain["name"] as? String == "Helio")
            #expect(domain["version"] as? String == "1")
            #expect(domain["chainId"] as? Int == 7317)
            let types = try #require(body["types"] as? [String: [[String: String]]])
            #expect(types["Transfer"]?.map { $0["name"]! } == ["token", "to", "amount", "nonce"])
            #expect(types["EIP712Domain"]?.count == 3)
            #expect((body["primaryTypes"] as? [String])?.contains("Approve") == true)
        }
    }

    @Test func assetByIdAndByTokenAddress() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            for key in [registry.sun.text, registry.sun.tokenAddress.checksummed] {
                let response = try await client.get("/v1/assets/\(key)")
                #expect(response.status == .ok)
                let body = try Body.object(response)
                #expect(body["id"] as? String == registry.sun.text)
                #expect(body["symbol"] as? String == "SUN")
                #expect(body["name"] as? String == "Helio Solar Reward")
                #expect(body["decimals"] as? Int == 18)
                #expect(body["totalSupply"] as? String == "0")
                #expect(body["minters"] as? [String] == [registry.key.address.checksummed])
                #expect((body["definitionSHA256"] as? String)?.count == 64)
            }
        }
    }

    @Test func unknownAssetIsAProblem() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let other = AssetID(issuer: registry.issuingBody, nonce: 0)
            try expectProblem(
                try await client.get("/v1/assets/\(other.text)"), status: .notFound, code: "unknown_asset")
            try expectProblem(
                try await client.get("/v1/assets/\(other.tokenAddress.checksummed)"), status: .notFound,
                code: "unknown_asset")
            try expectProblem(try await client.get("/v1/assets/nonsense"), status: .notFound, code: "unknown_asset")
        }
    }

    @Test func balancesOfAnEmptyAccountAndABadAddress() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let body = try Body.object(try await client.get("/v1/accounts/\(registry.issuingBody.lowercased)/balances"))
            #expect(body["address"] as? String == registry.issuingBody.checksummed)
            #expect(body["nonce"] as? Int == 0)
            let empty = (body["balances"] as? [Any])?.isEmpty
            #expect(empty == true)
            try expectProblem(
                try await client.get("/v1/accounts/0x1234/balances"), status: .badRequest, code: "invalid_address")
        }
    }

    @Test func unknownRouteIsAProblem() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            try expectProblem(try await client.get("/v1/nothing-here"), status: .notFound, code: "not_found")
        }
    }
}
