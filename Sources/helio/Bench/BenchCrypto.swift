import ArgumentParser
import COpenSSL
import CSecp256k1
import Foundation
import HelioCrypto

/// `helio bench crypto`: Keccak-256 against OpenSSL's SHA3-256 (the same permutation, so the same
/// work per byte), and public-key recovery through HelioCrypto against raw libsecp256k1 calls.
struct BenchCrypto: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto", abstract: "Keccak-256 MB/s vs OpenSSL SHA3-256; recover/s vs raw libsecp256k1.")

    @Option(help: "Seconds per measurement.") var seconds = 1.0
    @OptionGroup var output: JSONFlag

    func run() throws {
        warnIfDebugBuild()
        let buffer = SecureRandom.bytes(1 << 20)
        let mib = Double(buffer.count) / 1_048_576
        var sink: UInt8 = 0
        let keccak = measure(seconds: seconds) { sink ^= Keccak256.hash(buffer)[0] }
        let sha3 = measure(seconds: seconds) { sink ^= Digest.sha3_256(buffer)[0] }
        let keccakMBs = Double(keccak.count) * mib / keccak.elapsed
        let sha3MBs = Double(sha3.count) * mib / sha3.elapsed

        let small = SecureRandom.bytes(64)
        let keccakSmall = measure(seconds: seconds, batch: 1000) { sink ^= Keccak256.hash(small)[0] }
        let keccakSmallRate = Double(keccakSmall.count) / keccakSmall.elapsed

        let samples = try (0..<256).map { _ -> ([UInt8], Secp256k1.Signature) in
            let digest = SecureRandom.bytes(32)
            return (digest, try Secp256k1.PrivateKey().sign(digest: digest))
        }
        var i = 0
        let wrapped = measure(seconds: seconds, batch: 256) {
            let (digest, sig) = samples[i & 255]
            i &+= 1
            sink ^= (try? sig.recoverPublicKey(digest: digest))?.xy[0] ?? 0
        }
        let rawSamples = samples.map { (digest: $0.0, compact: $0.1.compact, recid: Int32($0.1.recoveryId)) }
        let ctx = Secp256k1.context.pointer
        let raw = measure(seconds: seconds, batch: 256) {
            let s = rawSamples[i & 255]
            i &+= 1
            var sig = secp256k1_ecdsa_recoverable_signature()
            var pub = secp256k1_pubkey()
            _ = secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, s.compact, s.recid)
            _ = secp256k1_ecdsa_recover(ctx, &pub, &sig, s.digest)
            sink ^= pub.data.0
        }
        let wrappedRate = Double(wrapped.count) / wrapped.elapsed
        let rawRate = Double(raw.count) / raw.elapsed
        let addressRate = measure(seconds: seconds, batch: 256) {
            let (digest, sig) = samples[i & 255]
            i &+= 1
            sink ^= (try? sig.recoverAddress(digest: digest))?.rawValue[0] ?? 0
        }
        let addressPerSecond = Double(addressRate.count) / addressRate.elapsed
        let overhead = rawRate / wrappedRate - 1

        if output.json {
            try Output.json([
                "keccak256_mb_per_s": keccakMBs, "openssl_sha3_256_mb_per_s": sha3MBs,
                "keccak_vs_sha3_ratio": keccakMBs / sha3MBs, "keccak256_64_byte_hashes_per_s": keccakSmallRate,
                "recover_per_s_heliocrypto": wrappedRate, "recover_per_s_raw_libsecp256k1": rawRate,
                "recover_ratio": wrappedRate / rawRate, "wrapper_overhead": overhead,
                "recover_address_per_s": addressPerSecond, "sink": Int(sink),
            ])
            return
        }
        print("helio bench crypto (single core, \(seconds) s per figure)")
        print("Keccak-256 (Helio, Swift)      \(String(format: "%8.1f", keccakMBs)) MB/s")
        print("SHA3-256 (OpenSSL, same perm.) \(String(format: "%8.1f", sha3MBs)) MB/s")
        print("  ratio Keccak / SHA3          \(formatRatio(keccakMBs / sha3MBs))   (aim ≥ 0.50)")
        print("Keccak-256 of 64 bytes         \(String(format: "%8.0f", keccakSmallRate)) hashes/s")
        print("recover via HelioCrypto        \(String(format: "%8.0f", wrappedRate)) /s")
        print("recover via raw libsecp256k1   \(String(format: "%8.0f", rawRate)) /s")
        print(
            "  ratio HelioCrypto / raw      \(formatRatio(wrappedRate / rawRate))   wrapper overhead \(String(format: "%.1f", overhead * 100)) % (aim ≤ 10 %)"
        )
        print("recover → address (+ Keccak)   \(String(format: "%8.0f", addressPerSecond)) /s")
        if sink == 0x5A { print("") }  // keeps the optimiser from discarding the work
    }
}
