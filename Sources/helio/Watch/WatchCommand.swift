import ArgumentParser
import Foundation
import HelioCrypto

/// `helio watch`: follows a registry's live events (`GET /events`, docs/live-events.md) in the terminal.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a registry's journal as it commits (GET /events), one line per entry.",
        discussion: """
            With --account, only the entries that touched that account, and the tokens that reached or \
            left it. The connection is resumed after the last entry seen when it drops; --limit stops \
            after that many entries.
            """)

    @OptionGroup var server: ServerOptions

    @Option(help: "Only entries that touched this account (0x… address).")
    var account: String?

    @Option(help: "Start with the entries from this journal index that the server still buffers.")
    var from: UInt64?

    @Option(help: "Stop after this many entries.")
    var limit: Int?

    @Flag(help: "Print each entry's JSON as the server sent it.")
    var json = false

    func validate() throws {
        if let account, (try? Address(account)) == nil {
            throw ValidationError("--account \(account) is not an address")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let client = try server.client()
        let watched = try account.map { try Address($0) }
        var printer = EntryPrinter(client: client, account: watched)
        var query: [String] = []
        if let watched { query.append("account=\(watched.checksummed)") }
        var lastID: String? = nil
        var shown = 0
        var connected = false
        while true {
            var q = query
            if lastID == nil, let from { q.append("from=\(from)") }
            let path = "/events" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
            guard let url = URL(string: client.base + path) else { throw CLIError("bad server URL \(client.base)") }
            do {
                for try await event in EventStream.open(url, lastEventID: lastID) {
                    connected = true
                    switch event.event {
                    case "entry":
                        lastID = event.id ?? lastID
                        if json { print(event.data) } else { try await printer.print(event.data) }
                        fflush(nil)
                        shown += 1
                        if let limit, shown >= limit { return }
                    case "gap":
                        Output.note("note: older entries are no longer in the server's buffer (\(event.data))")
                    default: break
                    }
                }
            } catch let error as CLIError {
                // Never connected: the server is not there, or it refused the request.
                if !connected { throw error }
                Output.note("helio watch: \(error.message); reconnecting")
            }
            if !connected { throw CLIError("\(client.base)/events ended before it started") }
            try await Task.sleep(nanoseconds: 2_000_000_000)
        }
    }
}

/// One line per entry: index, time, kind, author, and what the entry did.
struct EntryPrinter {
    let client: HTTPClient
    let account: Address?
    private var symbols: [String: (symbol: String, decimals: Int)] = [:]

    init(client: HTTPClient, account: Address?) {
        self.client = client
        self.account = account
    }

    mutating func print(_ data: String) async throws {
        guard let entry = try? JSONValue(parsing: Array(data.utf8)), case .number(let index) = entry["index"],
            case .number(let timeText) = entry["time"], let time = Int64(timeText),
            case .string(let kind) = entry["kind"], case .string(let author) = entry["author"]
        else {
            Output.note("helio watch: an entry that is not the documented JSON: \(data.prefix(120))")
            return
        }
        var parts: [String] = []
        if case .number(let n) = entry["readings"], n != "0" { parts.append("\(n) readings") }
        if case .number(let wh) = entry["energyWh"], wh != "0" { parts.append("\(wh) Wh issued") }
        if case .array(let lots) = entry["lots"] {
            for lot in lots {
                if case .string(let id) = lot["id"], case .number(let wh) = lot["volumeWh"] {
                    parts.append("lot \(id) \(wh) Wh")
                }
            }
        }
        if case .array(let cancellations) = entry["cancellations"] {
            for c in cancellations {
                if case .string(let part) = c["part"], case .number(let wh) = c["volumeWh"] {
                    parts.append("cancelled \(part) \(wh) Wh")
                }
            }
        }
        if case .array(let events) = entry["events"] {
            for event in events {
                if let text = try await transfer(event) { parts.append(text) }
            }
        }
        if case .bool(true) = entry["failed"] { parts.append("FAILED (status 0)") }
        let head = "#\(index)  \(UnixTime.iso(time))  \(kind)  by \(Self.short(author))"
        Swift.print(parts.isEmpty ? head : head + "  " + parts.joined(separator: ", "))
    }

    /// A Transfer event as text; with --account, as what the account received or sent.
    private mutating func transfer(_ event: JSONValue) async throws -> String? {
        guard case .string("Transfer") = event["type"], case .string(let asset) = event["asset"],
            case .string(let from) = event["from"], case .string(let to) = event["to"],
            case .string(let value) = event["value"]
        else { return nil }
        let (symbol, decimals) = try await unit(of: asset)
        let amount = "\(TokenAmount.format(value, decimals: decimals)) \(symbol)"
        let zero = Address.zero.checksummed
        if let account {
            if to == account.checksummed {
                return "received \(amount) from \(from == zero ? "mint" : Self.short(from))"
            }
            if from == account.checksummed { return "sent \(amount) to \(Self.short(to))" }
            return nil
        }
        return from == zero
            ? "minted \(amount) to \(Self.short(to))" : "\(amount) \(Self.short(from)) → \(Self.short(to))"
    }

    private mutating func unit(of asset: String) async throws -> (String, Int) {
        if let known = symbols[asset] { return known }
        var found = (symbol: String(asset.prefix(12)), decimals: 0)
        if let reply = try? await client.get("/v1/assets/\(asset)"), let info = try? reply.json(),
            case .string(let symbol) = info["symbol"], case .number(let d) = info["decimals"], let decimals = Int(d)
        {
            found = (symbol, decimals)
        }
        symbols[asset] = found
        return found
    }

    static func short(_ address: String) -> String {
        address.count == 42 ? "\(address.prefix(6))…\(address.suffix(4))" : address
    }
}
