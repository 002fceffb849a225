import Foundation
import HelioCrypto
import HelioServer
import Logging
import ServiceLifecycle

/// A real `helio serve` running inside this process on 127.0.0.1, over an existing registry, with the client
/// that talks to it: the HTTP benchmarks (`bench ingest`, `bench rpc`) and `helio demo` use it.
struct InProcessServer {
    let client: HTTPClient
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Serves `dataDir` on `port` (nil: a free one) and returns once /healthz answers. Warnings only;
    /// a checkpoint every `checkpointEvery` entries (and once a minute, and at shutdown).
    static func start(
        dataDir: String, checkpointKey: Secp256k1.PrivateKey, port: Int? = nil, checkpointEvery: UInt64 = 100_000,
        label: String = "bench"
    ) async throws -> InProcessServer {
        var configuration = ServerConfiguration(dataDirectory: dataDir, checkpointKey: checkpointKey)
        configuration.port = try port ?? freePort()
        configuration.logLevel = .warning
        configuration.checkpointEvery = checkpointEvery
        let app = try await HelioServer.buildApplication(configuration: configuration)
        var logger = Logger(label: label)
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        let client = try HTTPClient(base: "http://127.0.0.1:\(configuration.port)")
        do { try await waitUntilUp(client, label: label) } catch {
            task.cancel()
            throw error
        }
        return InProcessServer(client: client, port: configuration.port, group: group, task: task)
    }

    /// Graceful shutdown (the final checkpoint is signed), then waits for the server to end.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private static func waitUntilUp(_ client: HTTPClient, label: String) async throws {
        for _ in 0..<100 {
            if let reply = try? await client.get("/healthz"), reply.status == 200 { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw CLIError("\(label): the server did not come up on \(client.base) (is the port in use?)")
    }

    /// A free TCP port on 127.0.0.1 (bound once, then released for the server).
    static func freePort() throws -> Int {
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
        guard bound else { throw CLIError("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
