import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small JSON-over-HTTP client for the commands that talk to a running `helio serve` (admin,
/// oracle): one request at a time, URLSession underneath, every failure a one-line `CLIError`.
struct HTTPClient: Sendable {
    /// The server's base URL, without a trailing slash (`http://127.0.0.1:7317`).
    let base: String

    /// How long one request may take before the command gives up.
    static let timeoutSeconds: TimeInterval = 60

    init(base: String) throws {
        var text = base
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw CLIError("--server \(base.debugDescription) is not an http(s) URL")
        }
        self.base = text
    }

    /// An answer: status, media type and body.
    struct Reply: Sendable {
        let status: Int
        let contentType: String
        let body: [UInt8]

        /// The body as JSON, for a 200 answer; a problem+json (or any other status) becomes a one-line
        /// error `<code>: <detail>`.
        func json() throws -> JSONValue {
            guard status == 200 else { throw problem() }
            do { return try JSONValue(parsing: body) } catch {
                throw CLIError("the server answered with a body that is not JSON: \(error.message)")
            }
        }

        /// The refusal as a one-line error: the problem's code and detail, or the bare status.
        func problem() -> CLIError {
            if let value = try? JSONValue(parsing: body), case .string(let code) = value["code"] {
                let detail: String
                if case .string(let d) = value["detail"] { detail = d } else { detail = "HTTP \(status)" }
                return CLIError("\(code): \(detail)")
            }
            return CLIError("the server answered HTTP \(status)")
        }
    }

    func get(_ path: String) async throws -> Reply {
        try await send("GET", path, body: nil)
    }

    func post(_ path: String, body: [UInt8]) async throws -> Reply {
        try await send("POST", path, body: body)
    }

    private func send(_ method: String, _ path: String, body: [UInt8]?) async throws -> Reply {
        guard let url = URL(string: base + path) else { throw CLIError("bad request path \(path)") }
        var request = URLRequest(url: url, timeoutInterval: Self.timeoutSeconds)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do { (data, response) = try await URLSession.shared.data(for: request) } catch {
            throw CLIError("cannot reach \(base): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw CLIError("\(base) did not answer with HTTP") }
        let type = http.value(forHTTPHeaderField: "Content-Type") ?? ""
        return Reply(status: http.statusCode, contentType: type, body: Array(data))
    }
}

/// `--server URL` for the commands that talk to a registry: default `$HELIO_SERVER`, else the local
/// default of `helio serve`.
struct ServerOptions: ParsableArguments {
    static let fallback = "http://127.0.0.1:7317"

    @Option(help: "Base URL of the registry server (default $HELIO_SERVER or \(ServerOptions.fallback)).")
    var server: String?

    var url: String {
        if let server { return server }
        if let env = ProcessInfo.processInfo.environment["HELIO_SERVER"], !env.isEmpty { return env }
        return Self.fallback
    }

    func client() throws -> HTTPClient { try HTTPClient(base: url) }
}

extension HTTPClient {
    /// The registry's EIP-712 domain, as `GET /v1/eip712` publishes it.
    func domain() async throws -> CommandDomain {
        let info = try await get("/v1/eip712").json()
        guard let domain = info["domain"], case .string(let name) = domain["name"],
            case .string(let version) = domain["version"], case .number(let chain) = domain["chainId"],
            let chainId = UInt64(chain)
        else { throw CLIError("\(base)/v1/eip712 does not describe an EIP-712 domain") }
        return CommandDomain(name: name, version: version, chainId: chainId)
    }

    /// The next nonce `address` must sign a command with (`GET /v1/accounts/{address}/balances`).
    func nonce(of address: Address) async throws -> UInt64 {
        let account = try await get("/v1/accounts/\(address.checksummed)/balances").json()
        guard case .number(let text) = account["nonce"], let nonce = UInt64(text) else {
            throw CLIError("\(base) did not report a nonce for \(address.checksummed)")
        }
        return nonce
    }

    /// `command` signed with `key` under the server's domain, with `nonce` or else the key's next one
    /// from the server; returns the nonce used.
    func sign(
        _ command: Command, with key: Secp256k1.PrivateKey, nonce: UInt64?
    ) async throws -> (SignedCommand, UInt64) {
        let domain = try await domain()
        let used: UInt64
        if let nonce { used = nonce } else { used = try await self.nonce(of: key.address) }
        return (try SignedCommand.sign(command, nonce: used, domain: domain, with: key), used)
    }
}
