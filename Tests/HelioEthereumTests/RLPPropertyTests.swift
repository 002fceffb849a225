import HelioEthereum
import Testing

/// Properties over random input from a seeded generator (reproducible: the seed is in the test).
struct RLPPropertyTests {
    /// A random item: byte strings of lengths around the 55/56 boundary and nested lists.
    static func randomItem(_ rng: inout SeededRandom, depth: Int = 0) -> RLP.Item {
        if depth < 5 && Int.random(in: 0..<3, using: &rng) == 0 {
            let count = Int.random(in: 0..<6, using: &rng)
            return .list((0..<count).map { _ in randomItem(&rng, depth: depth + 1) })
        }
        let lengths = [0, 1, 1, 1, 2, 20, 32, 55, 56, 57, 300]
        let length = lengths[Int.random(in: 0..<lengths.count, using: &rng)]
        return .bytes(rng.bytes(length))
    }

    @Test(arguments: [1, 2, 3, 42, 2024] as [UInt64])
    func decodeOfEncodeIsIdentity(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<300 {
            let item = Self.randomItem(&rng)
            let encoded = RLP.encode(item)
            #expect(try RLP.decode(encoded) == item, "seed \(seed)")
            // Canonical: re-encoding what was decoded gives the same bytes.
            #expect(RLP.encode(try RLP.decode(encoded)) == encoded)
        }
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func everyProperPrefixIsRefused(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<50 {
            let encoded = RLP.encode(.list([Self.randomItem(&rng), Self.randomItem(&rng)]))
            for cut in 0..<encoded.count {
                #expect(code { try RLP.decode(Array(encoded.prefix(cut))) } != nil, "seed \(seed) cut \(cut)")
            }
        }
    }

    /// Random bytes, and valid encodings with random bytes overwritten: only thrown errors, never a
    /// trap. And anything that does decode re-encodes to exactly the input (strictness).
    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomBytesNeverCrash(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for round in 0..<3000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = rng.bytes(Int.random(in: 0..<80, using: &rng))
            } else {
                input = RLP.encode(Self.randomItem(&rng))
                for _ in 0..<Int.random(in: 1...3, using: &rng) where !input.isEmpty {
                    input[Int.random(in: 0..<input.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            if let item = try? RLP.decode(input) {
                #expect(RLP.encode(item) == input, "seed \(seed) round \(round)")
            }
        }
    }
}
