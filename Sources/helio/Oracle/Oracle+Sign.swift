import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry

extension OracleCommand {
    /// CSV in, the request body of the reading endpoints out: each reading signed (EIP-712
    /// `MeterReading`), or with `--batch` one signature over the readings' Merkle root (`ReadingBatch`).
    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the readings of a CSV file for POST /v1/readings (or /v1/reading-batches with --batch).",
            discussion: """
                The CSV header is meter,period_start,period_end,energy_wh[,cumulative_wh]; times are unix \
                seconds or ISO 8601 UTC (2026-06-21T10:00:00Z). The registry's EIP-712 domain is named by \
                --chain-id, or read from --server's /v1/eip712. A bad line stops the command with its line \
                number and writes nothing.
                """)

        @OptionGroup var signer: SignerOptions

        @Option(name: .customLong("chain-id"), help: "Chain id of the registry's EIP-712 domain.")
        var chainId: UInt64?

        @Option(help: "Read the EIP-712 domain from this registry server instead of --chain-id.")
        var server: String?

        @Option(help: "The readings, as CSV.")
        var input: String

        @Option(help: "Where to write the signed request body (JSON).")
        var output: String

        @Flag(help: "Sign once over the readings' Merkle root (a reading batch) instead of each reading.")
        var batch = false

        func validate() throws {
            if (chainId == nil) == (server == nil) {
                throw ValidationError("give --chain-id or --server (one of them)")
            }
        }

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw CLIError("cannot read \(input)")
            }
            let readings = try ReadingsCSV.parse(String(decoding: data, as: UTF8.self), name: input)
            guard readings.count <= ReadingWire.maxReadingsPerRequest else {
                throw CLIError(
                    "\(input) holds \(readings.count) readings; one request takes at most "
                        + "\(ReadingWire.maxReadingsPerRequest)")
            }
            let domain: CommandDomain
            if let server {
                domain = try await HTTPClient(base: server).domain()
            } else {
                domain = CommandDomain(chainId: chainId ?? 0)
            }
            let key = try signer.key()
            let body =
                batch
                ? ReadingsBody.batch(try SignedReadingBatch.sign(readings, domain: domain, with: key))
                : ReadingsBody.signed(try readings.map { try SignedReading.sign($0, domain: domain, with: key) })
            do { try Data(body).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError("cannot write \(output): \(error.localizedDescription)")
            }
            let what = batch ? "a batch of \(readings.count) readings" : "\(readings.count) readings"
            print("signed \(what) as \(key.address.checksummed) (chain id \(domain.chainId)) into \(output)")
        }
    }
}
