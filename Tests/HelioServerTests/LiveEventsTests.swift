import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import ServiceLifecycle
import Testing

@testable import HelioServer

/// The hub behind `/events`: order, the JSON of an entry, account filters, catch-up from the buffer with
/// a gap notice, slow clients cut off, and every stream ended by a graceful shutdown.
@Suite(.timeLimit(.minutes(1)))
struct LiveEventsTests {
    struct Harness {
        let registry: TestRegistry
        let writer: LedgerWriter
        let events: LiveEvents
        let group: ServiceGroup
        let task: Task<Void, any Error>
        var nonce: UInt64 = 0

        static func start(bufferSize: Int = 2000, clientBuffer: Int = 10_000) async throws -> Harness {
            let registry = try await TestRegistry.make()
            let (store, _) = try DataDirectory.openExisting(registry.directory)
            let writer = try Registry(store: store, checkpointKey: registry.key).writer
            let events = LiveEvents(
                writer: writer, bufferSize: bufferSize, clientBuffer: clientBuffer, keepAlive: .seconds(3600))
            let group = ServiceGroup(configuration: .init(services: [events], logger: .init(label: "test")))
            let task = Task { try await group.run() }
            return Harness(registry: registry, writer: writer, events: events, group: group, task: task)
        }

        /// Registers `count` oracles, one command each, signed by the issuing body; returns their addresses.
        mutating func registerOracles(_ count: Int) async throws -> [Address] {
            var addresses: [Address] = []
            for _ in 0..<count {
                let oracle = Secp256k1.PrivateKey().address
                let signed = try registry.sign(
                    .registerOracle(.init(oracle: oracle, name: "Oracle \(nonce)")), nonce: nonce,
                    key: registry.issuingBodyKey)
                _ = try await writer.submit(signed)
                nonce += 1
                addresses.append(oracle)
            }
            return addresses
        }

        func stop() async {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
        }
    }

    /// The next `count` frames' texts.
    static func take(_ count: Int, from iterator: inout AsyncStream<LiveEvents.Frame>.Iterator) async -> [String] {
        var out: [String] = []
        while out.count < count, let frame = await iterator.next() {
            if case .text(let text) = frame { out.append(text) }
        }
        return out
    }

    static func data(_ frame: String) throws -> [String: Any] {
        let line = try #require(frame.split(separator: "\n").first { $0.hasPrefix("data: ") })
        return try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any])
    }

    @Test func liveEntriesArriveInOrderWithTheirDigest() async throws {
        var h = try await Harness.start()
        let first = await h.writer.size
        var live = h.events.subscribe(from: nil, account: nil).makeAsyncIterator()
        let oracles = try await h.registerOracles(3)
        let frames = await Self.take(3, from: &live)
        #expect(frames.count == 3)
        for (k, frame) in frames.enumerated() {
            #expect(frame.hasPrefix("id: \(first + UInt64(k))\nevent: entry\ndata: {"))
            #expect(frame.hasSuffix("}\n\n"))
            let data = try Self.data(frame)
            #expect(data["index"] as? Int == Int(first) + k)
            #expect(data["kind"] as? String == "RegisterOracle")
            #expect(data["author"] as? String == h.registry.issuingBody.checksummed)
            #expect(data["accounts"] as? [String] == [h.registry.issuingBody.checksummed])
            #expect((data["leafHash"] as? String)?.count == 66)
            #expect(data["readings"] as? Int == 0)
            #expect(data["energyWh"] as? Int == 0)
            #expect(data["failed"] as? Bool == false)
        }
        #expect(oracles.count == 3)
        await h.stop()
    }

    @Test func anAccountFilterKeepsOnlyItsEntries() async throws {
        var h = try await Harness.start()
        var stranger = h.events.subscribe(from: nil, account: Secp256k1.PrivateKey().address).makeAsyncIterator()
        var body = h.events.subscribe(from: nil, account: h.registry.issuingBody).makeAsyncIterator()
        _ = try await h.registerOracles(2)
        #expect(await Self.take(2, from: &body).count == 2)
        // The stranger's stream holds nothing: after the shutdown it ends without a frame.
        await h.stop()
        #expect(await Self.take(1, from: &stranger).isEmpty)
    }

    @Test func aLateClientCatchesUpFromTheBufferAndIsToldOfTheGap() async throws {
        var h = try await Harness.start(bufferSize: 3)
        let first = await h.writer.size
        var witness = h.events.subscribe(from: nil, account: nil).makeAsyncIterator()
        _ = try await h.registerOracles(5)
        _ = await Self.take(5, from: &witness)  // all five published
        // Entries first…first+4 committed; the buffer holds the last three.
        var late = h.events.subscribe(from: first + 3, account: nil).makeAsyncIterator()
        let caughtUp = await Self.take(2, from: &late)
        #expect(caughtUp.map { $0.split(separator: "\n")[0] } == ["id: \(first + 3)", "id: \(first + 4)"])
        var older = h.events.subscribe(from: first, account: nil).makeAsyncIterator()
        let frames = await Self.take(4, from: &older)
        #expect(frames[0] == "event: gap\ndata: {\"from\":\(first),\"to\":\(first + 2)}\n\n")
        #expect(frames.dropFirst().map { $0.split(separator: "\n")[0] } == (UInt64(2)...4).map { "id: \(first + $0)" })
        // And live entries follow the catch-up.
        _ = try await h.registerOracles(1)
        #expect(await Self.take(1, from: &late).first?.hasPrefix("id: \(first + 5)\n") == true)
        await h.stop()
    }

    @Test func entriesCommittedWhileNoOneListensAreStillServedFromTheBuffer() async throws {
        // With no client, the feed only keeps the entries; their JSON is made when a client asks for them.
        var h = try await Harness.start()
        let first = await h.writer.size
        _ = try await h.registerOracles(2)
        // The listener may trail the writer by a moment: poll until the buffer holds both.
        var frames: [String] = []
        for _ in 0..<100 where frames.count < 2 {
            var late = h.events.subscribe(from: first, account: nil).makeAsyncIterator()
            frames = await Self.take(h.events.bufferedCount(from: first), from: &late)
            if frames.count < 2 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(frames.map { $0.split(separator: "\n")[0] } == ["id: \(first)", "id: \(first + 1)"])
        #expect(try Self.data(frames[1])["kind"] as? String == "RegisterOracle")
        await h.stop()
    }

    @Test func aClientThatFallsBehindIsCutOff() async throws {
        var h = try await Harness.start(clientBuffer: 2)
        var slow = h.events.subscribe(from: nil, account: nil).makeAsyncIterator()
        _ = try await h.registerOracles(4)
        // It keeps the two frames it had room for, then its stream ends (it reconnects with Last-Event-ID).
        #expect(await Self.take(10, from: &slow).count == 2)
        #expect(h.events.clientCount == 0)
        var next = h.events.subscribe(from: nil, account: nil).makeAsyncIterator()
        _ = try await h.registerOracles(1)
        #expect(await Self.take(1, from: &next).count == 1)
        await h.stop()
    }

    @Test func aGracefulShutdownEndsEveryStream() async throws {
        let h = try await Harness.start()
        var client = h.events.subscribe(from: nil, account: nil).makeAsyncIterator()
        #expect(h.events.clientCount == 1)
        await h.stop()
        #expect(await client.next() == nil)
        // Once closed, a new client gets an ended stream at once.
        var after = h.events.subscribe(from: 0, account: nil).makeAsyncIterator()
        #expect(await after.next() == nil)
    }
}
