import Foundation
import HelioCrypto

@testable import HelioLog

/// SplitMix64: a tiny seeded generator, so a failing property test can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of this run: HELIO_LOG_SEED when set (to replay a failure), otherwise a fresh one.
    static func runSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["HELIO_LOG_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 0...UInt64.max)
    }
}

extension RandomNumberGenerator {
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }
}

/// The RFC 9162 recursive definitions, written over leaf hashes the slow obvious way, as an oracle for the
/// stored-node implementation. (Scripts/merkle_reference.py is the independent, cross-language oracle.)
enum Reference {
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    static func mth(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return Digest.sha256([])
        case 1: return leaves.first!
        default:
            let k = leaves.startIndex + split(leaves.count)
            return Digest.sha256([0x01] + mth(leaves[..<k]) + mth(leaves[k...]))
        }
    }

    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let mid = leaves.startIndex + k
        if m < k { return path(m, leaves[..<mid]) + [mth(leaves[mid...])] }
        return path(m - k, leaves[mid...]) + [mth(leaves[..<mid])]
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ b: Bool) -> [[UInt8]] {
        if m == leaves.count { return b ? [] : [mth(leaves)] }
        let k = split(leaves.count)
        let mid = leaves.startIndex + k
        if m <= k { return subproof(m, leaves[..<mid], b) + [mth(leaves[mid...])] }
        return subproof(m - k, leaves[mid...], false) + [mth(leaves[..<mid])]
    }

    static func consistency(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        m == 0 || m == leaves.count ? [] : subproof(m, leaves, true)
    }
}

/// Returns `bytes` with one bit flipped.
func flipping(_ bytes: [UInt8], bit: Int) -> [UInt8] {
    var copy = bytes
    copy[bit / 8] ^= 1 << UInt8(bit % 8)
    return copy
}

func hex(_ text: String) -> [UInt8] { try! Hex.decode(text) }

func makeTree(leafHashes: [[UInt8]]) throws -> InMemoryMerkleTree {
    var tree = InMemoryMerkleTree()
    try tree.append(contentsOf: leafHashes)
    return tree
}
