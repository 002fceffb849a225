import Foundation
import HelioCrypto
import HelioLedger

/// The demo's only source of randomness: xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64,
/// so one `--seed` gives the same neighbourhood, weather, faults and key choices on every machine.
/// Never used for anything secret (the demo's keys are published test keys, see `DemoKeys`).
struct SeededRandom: Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for one purpose: `seed` mixed with a label, so adding draws for one purpose (wind)
    /// never shifts the draws of another (clouds).
    init(seed: UInt64, stream label: String) {
        var mix = seed ^ 0x6865_6C69_6F2D_6465  // "helio-de"
        for byte in label.utf8 { mix = (mix ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }  // FNV-1a step
        var sm = SplitMix64(state: mix)
        s = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// Uniform integer in `range` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// Standard normal (Box–Muller), for the physics only (wind speed, cloud noise).
    mutating func normal() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64 (Steele, Lea & Flood 2014): expands one 64-bit seed into xoshiro's 256-bit state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The demo's keys: private key = keccak256("helio-demo/<seed>/<role>/<i>"), hashed again while the value
/// is not a valid secp256k1 scalar. PUBLISHED, TEST ONLY: anyone who knows the seed knows every key.
enum DemoKeys {
    static func key(seed: UInt64, role: String, index: Int = 0) -> Secp256k1.PrivateKey {
        var bytes = Keccak256.hash(Array("helio-demo/\(seed)/\(role)/\(index)".utf8))
        while true {
            if let key = try? Secp256k1.PrivateKey(rawRepresentation: bytes) { return key }
            bytes = Keccak256.hash(bytes)
        }
    }

    /// A 32-byte value for a beneficiary salt: deterministic like the keys, so a re-run commits the same.
    static func salt(seed: UInt64, label: String) -> Hash32 {
        try! Hash32(Keccak256.hash(Array("helio-demo/\(seed)/salt/\(label)".utf8)))  // 32 bytes
    }
}
