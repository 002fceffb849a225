import Foundation
import HelioCrypto
import HelioServer
import ServiceLifecycle

/// The real server the HTTP benchmarks (`bench ingest`, `bench rpc`) run in this process on a free
/// loopback port, over an existing registry, with the client that talks to it.
struct BenchServer {
    let client: HTTPClient
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Serves `dataDir` (warnings only, a checkpoint every 100,000 entries) and returns once /healthz answers.
    static func start(dataDir: String, checkpointKey: Secp256k1.PrivateKey) async throws -> BenchServer {
        var configuration = ServerConfiguration(dataDirectory: dataDir, checkpointKey: checkpointKey)
        configuration.port = try freePort()
        configuration.logLevel = .warning
        configuration.checkpointEvery = 100_000
        let app = try await HelioServer.buildApplication(configuration: configuration)
        let group = ServiceGroup(configuration: .init(services: [app], logger: .init(label: "bench")))
        let task = Task { try await group.run() }
        let client = try HTTPClient(base: "http://127.0.0.1:\(configuration.port)")
        do { try await waitUntilUp(client) } catch {
            task.cancel()
            throw error
        }
        return BenchServer(client: client, group: group, task: task)
    }

    /// Graceful shutdown (the final checkpoint is signed), then waits for the server to end.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private static func waitUntilUp(_ client: HTTPClient) async throws {
        for _ in 0..<100 {
            if let reply = try? await client.get("/healthz"), reply.status == 200 { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw CLIError("bench: the server did not come up")
    }

    /// A free TCP port on 127.0.0.1 (bound once, then released for the server).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
                bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
            }
        }
        guard bound else { throw CLIError("bench: no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
