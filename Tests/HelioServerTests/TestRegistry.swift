import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelioServer

/// A fresh registry in a temporary data folder, and helpers to call its app through the router.
struct TestRegistry {
    static let chainId: UInt64 = 7317
    let directory: String
    let key: Secp256k1.PrivateKey
    let genesis: RegistryGenesis
    /// The issuing body's key (registers devices and oracles).
    let issuingBodyKey: Secp256k1.PrivateKey
    var issuingBody: Address { issuingBodyKey.address }
    var domain: CommandDomain { genesis.config.domain }
    var sun: AssetID { genesis.rewardAsset }

    static func make() async throws -> TestRegistry {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("helio-server-tests-\(UUID().uuidString)").path
        let key = Secp256k1.PrivateKey()
        let issuingBody = Secp256k1.PrivateKey()
        let genesis = try await RegistryGenesis.create(
            in: try DataDirectory.openStore(directory, database: try testDatabase()), name: "test-registry",
            chainId: chainId, checkpointKey: key,
            issuingBodies: [issuingBody.address])
        return TestRegistry(directory: directory, key: key, genesis: genesis, issuingBodyKey: issuingBody)
    }

    func configuration() -> ServerConfiguration {
        ServerConfiguration(dataDirectory: directory, checkpointKey: key)
    }

    /// Runs `body` against a new app over this registry, through `app.test(.router)`.
    func withClient(
        _ configuration: ServerConfiguration? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = try await HelioServer.buildApplication(configuration: configuration ?? self.configuration())
        try await app.test(.router) { client in try await body(client) }
    }

    /// Runs `body` against an app whose registry clock stands still at `clock` (unix seconds): the server's
    /// own composition (`buildRouter`) over a `Registry` opened with that clock, so readings of a fixed
    /// period are neither too old nor in the future.
    func withClient(
        clock: Int64, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let (store, _) = try DataDirectory.openExisting(directory)
        let registry = try Registry(store: store, checkpointKey: key, clock: { clock })
        let events = LiveEvents(writer: registry.writer)
        let router = HelioServer.buildRouter(
            registry: registry, metrics: ServerMetrics(), limits: ServerConfiguration.Limits(), events: events)
        try await Application(router: router, services: [events]).test(.router) { client in try await body(client) }
    }

    func sign(_ command: Command, nonce: UInt64, key: Secp256k1.PrivateKey) throws -> SignedCommand {
        try SignedCommand.sign(command, nonce: nonce, domain: domain, with: key)
    }
}

/// JSON helpers for test responses.
enum Body {
    static func json(_ command: SignedCommand) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(command))
    }

    static func json(_ commands: [SignedCommand]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(commands))
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        let bytes = Data(response.body.readableBytesView)
        return try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
    }

    static func text(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }
}

extension TestClientProtocol {
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }

    func post(_ uri: String, _ body: ByteBuffer) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: body)
    }
}

/// Checks that `response` is an RFC 9457 problem with `status` and `code`, and returns its body.
@discardableResult
func expectProblem(
    _ response: TestResponse, status: HTTPResponse.Status, code: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [String: Any] {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try Body.object(response)
    #expect(problem["type"] as? String == "https://helio.example/problems/\(code)", sourceLocation: sourceLocation)
    #expect(problem["status"] as? Int == status.code, sourceLocation: sourceLocation)
    #expect(problem["title"] is String, sourceLocation: sourceLocation)
    #expect(problem["detail"] is String, sourceLocation: sourceLocation)
    return problem
}

/// The database of a new test registry: nil (SQLite in its folder) unless the suite runs against
/// PostgreSQL (`HELIO_TEST_BACKEND=postgres`, server `HELIO_TEST_POSTGRES`, as Scripts/test.sh sets
/// them): then a fresh database on that server.
func testDatabase() throws -> String? {
    let environment = ProcessInfo.processInfo.environment
    guard environment["HELIO_TEST_BACKEND"] == "postgres" else { return nil }
    guard let server = environment["HELIO_TEST_POSTGRES"], !server.isEmpty else {
        throw StoreError(.io, "HELIO_TEST_BACKEND=postgres needs HELIO_TEST_POSTGRES (run Scripts/test.sh)")
    }
    let name = "swift_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    return try PostgresLedgerStore.createDatabase(serverURL: server, name: name)
}
