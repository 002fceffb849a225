import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioStore
import Testing

@testable import HelioServer

/// The certificate lifecycle through the real writer and SQLite store: withdrawal and expiry land in the
/// journal, the projections reload equal to the writer's state, replay rebuilds the same state (expiry
/// entries included), and erasing a beneficiary's opening breaks neither the log nor the statement.
@Suite struct CertificateLifecycleTests {
    /// A clock the test moves.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var time: Int64
        init(_ time: Int64) { self.time = time }
        var now: Int64 { lock.withLock { time } }
        func set(_ t: Int64) { lock.withLock { time = t } }
    }

    @Test func withdrawalExpiryReloadReplayAndErasure() async throws {
        let p = CertificateRoutesTests.Parties(registry: try await TestRegistry.make())
        let clock = Clock(CertificateRoutesTests.clock)
        // Issue GC-1 over HTTP, then work on the registry directly.
        try await p.registry.withClient(clock: clock.now) { client in try await p.issue(client) }
        let (store, _) = try DataDirectory.openExisting(p.registry.directory)
        let registry = try Registry(store: store, checkpointKey: p.registry.key, clock: { clock.now })
        let writer = registry.writer
        func submit(
            _ c: Command, _ key: Secp256k1.PrivateKey, _ nonce: UInt64, opening: BeneficiaryOpening? = nil
        )
            async throws -> Receipt
        {
            let prepared = try PreparedCommand(
                p.registry.sign(c, nonce: nonce, key: key), domain: registry.domain, opening: opening)
            return try await writer.submit([prepared])[0].get()
        }
        // A second hour gives GC-2, which the issuing body withdraws.
        let more = try [100, 100, 100, 100].enumerated().map { k, e in
            try SignedReading.sign(
                ReadingRoutesTests.reading(
                    at: CertificateRoutesTests.ten + 3_600 + Int64(k) * 900, energyWh: UInt64(e)),
                domain: registry.domain, with: p.oracle)
        }
        clock.set(CertificateRoutesTests.ten + 7_260)
        // From now on GOs too: the second hour's energy goes to the device's GO carry (a stored row).
        _ = try await submit(
            .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [.go, .gc])), p.registry.issuingBodyKey, 4)
        _ = try await writer.ingest(more)
        #expect(await writer.read { $0.certificates.carries["DK-CPH-1"]?.energyWh } == 400)
        #expect(await writer.read { $0.certificates.lots["GC-2"]?.volumeWh } == 400)
        _ = try await submit(.withdrawLot(.init(lot: "GC-2", reason: "meter misread")), p.registry.issuingBodyKey, 5)
        _ = try await submit(
            .transferCertificate(.init(part: "GC-1.0", to: p.holder.address, volumeWh: 500)), p.owner, 0)
        let opening = CertificateRoutesTests.Parties.opening
        let cancellation = try await submit(
            .cancelCertificate(
                .init(
                    part: "GC-1.1", volumeWh: 200, beneficiaryCommitment: opening.commitment, purpose: "disclosure",
                    consumptionStart: 0, consumptionEnd: 3_600, location: "DK2")), p.holder, 0, opening: opening)
        #expect(try store.beneficiaryOpening(cancellation: cancellation.index) == opening)

        // Nothing is due yet; after GC-1's expiry one entry expires it.
        #expect(try await writer.expireDue().isEmpty)
        let expiresAt = try #require(await writer.read { $0.certificates.lots["GC-1"]?.expiresAt })
        clock.set(expiresAt + 5)
        let sizeBefore = await writer.size
        #expect(try await writer.expireDue() == ["GC-1"])
        #expect(await writer.size == sizeBefore + 1)
        let last = try #require(try store.entries(from: sizeBefore, limit: 1).first?.entry)
        #expect(last.kind == "ExpireLots" && String(decoding: last.payload, as: UTF8.self) == #"{"lots":["GC-1"]}"#)
        let refused = try await writer.submit([
            try PreparedCommand(
                p.registry.sign(
                    .transferCertificate(.init(part: "GC-1.1", to: p.owner.address, volumeWh: 1)), nonce: 1,
                    key: p.holder),
                domain: registry.domain)
        ])[0]
        #expect(throws: LedgerError.self) { try refused.get() }

        // Reload, replay, log.
        let state = await writer.currentState
        #expect(try store.loadState() == state)
        #expect(try store.loadState().digest == state.digest)
        let replay = try Auditor.replay(store: store, domain: registry.domain)
        #expect(replay.matches)
        #expect(try Auditor.verifyLog(store: store, checkpointSigner: nil).ok)

        // Erasing the opening keeps the statement verifiable, without the beneficiary.
        #expect(try store.eraseBeneficiaryOpening(cancellation: cancellation.index))
        #expect(try store.beneficiaryOpening(cancellation: cancellation.index) == nil)
        let statement = try await StatementBuilder(registry: registry).cancellation(cancellation.index)
        #expect(statement["beneficiary"] == .null)
        let verified = try StatementVerifier.verify(
            document: statement.serialized, registryAddress: p.registry.key.address)
        #expect(verified[0].beneficiary == nil && verified[0].volumeWh == 200)
        #expect(try Auditor.replay(store: store, domain: registry.domain).matches)
    }
}
