import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioRegistry
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LogAndMetricsTests {
    @Test func checkpointAsJSONAndText() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let json = try Body.object(try await client.get("/v1/log/checkpoint"))
            let text = try #require(json["text"] as? String)
            let signed = try SignedCheckpoint(text: text)
            #expect(signed.checkpoint.treeSize == 2)
            #expect(signed.verify(expectedSigner: registry.key.address))
            #expect(
                (json["signedCheckpoint"] as? [String: Any])?["signer"] as? String == registry.key.address.checksummed)

            let plain = try await client.execute(
                uri: "/v1/log/checkpoint", method: .get, headers: [.accept: "text/plain"])
            #expect(plain.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(Body.text(plain) == text)
        }
    }

    @Test func inclusionProofVerifiesAgainstTheJournal() async throws {
        let registry = try await TestRegistry.make()
        let owner = Secp256k1.PrivateKey()
        let commands = try (0..<4).map { nonce in
            try registry.sign(
                .approve(.init(asset: registry.sun, spender: registry.issuingBody, amount: UInt256(UInt64(nonce)))),
                nonce: UInt64(nonce), key: owner)
        }
        try await registry.withClient { client in
            _ = try await client.post("/v1/commands", Body.json(commands))
            let (store, _) = try DataDirectory.openExisting(registry.directory)
            let leaves = try store.entries(from: 0, limit: 10).map(\.leafHash)
            #expect(leaves.count == 6)
            let root = try Merkle.root(leafHashes: leaves)
            let body = try Body.object(try await client.get("/v1/log/proof?index=2&size=6"))
            #expect(body["treeSize"] as? Int == 6)
            let leaf = try Hex.decode(try #require(body["leafHash"] as? String))
            #expect(leaf == leaves[2])
            let path = try (try #require(body["auditPath"] as? [String])).map { try Hex.decode($0) }
            #expect(Merkle.verifyInclusion(leafHash: leaf, index: 2, treeSize: 6, proof: path, root: root))

            try expectProblem(
                try await client.get("/v1/log/proof?index=7&size=6"), status: .badRequest, code: "index_out_of_range")
            try expectProblem(
                try await client.get("/v1/log/proof?index=0&size=99"), status: .badRequest, code: "size_beyond_tree")
            try expectProblem(try await client.get("/v1/log/proof"), status: .badRequest, code: "invalid_query")

            // Consistency: the tree of 3 entries is a prefix of the tree of 6, and of nothing else.
            let consistency = try Body.object(try await client.get("/v1/log/consistency?from=3&to=6"))
            #expect(consistency["fromSize"] as? Int == 3 && consistency["toSize"] as? Int == 6)
            let steps = try (try #require(consistency["proof"] as? [String])).map { try Hex.decode($0) }
            let oldRoot = try Merkle.root(leafHashes: Array(leaves[..<3]))
            #expect(Merkle.verifyConsistency(oldSize: 3, newSize: 6, oldRoot: oldRoot, newRoot: root, proof: steps))
            let forged = try Merkle.root(leafHashes: [leaves[0], leaves[1], leaves[3]])
            #expect(!Merkle.verifyConsistency(oldSize: 3, newSize: 6, oldRoot: forged, newRoot: root, proof: steps))
            // `to` defaults to the journal's size.
            let latest = try Body.object(try await client.get("/v1/log/consistency?from=3"))
            #expect(latest["toSize"] as? Int == 6 && latest["proof"] as? [String] == consistency["proof"] as? [String])
            try expectProblem(
                try await client.get("/v1/log/consistency?from=4&to=3"), status: .badRequest, code: "invalid_sizes")
            try expectProblem(
                try await client.get("/v1/log/consistency?from=1&to=99"), status: .badRequest, code: "size_beyond_tree")
            try expectProblem(try await client.get("/v1/log/consistency"), status: .badRequest, code: "invalid_query")
            try expectProblem(
                try await client.get("/v1/log/consistency?from=x"), status: .badRequest, code: "invalid_query")
        }
    }

    @Test func metricsExposeJournalAndRequests() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            _ = try await client.get("/healthz")
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = Body.text(response)
            #expect(text.contains("helio_journal_entries 2"))
            #expect(text.contains("helio_http_requests_total{"))
            #expect(text.contains(#"route="/healthz""#))
            #expect(text.contains("helio_http_request_duration_seconds_bucket"))
        }
    }
}
