import Foundation

/// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 … 0x80), NOT FIPS 202 SHA3-256
/// (which pads with 0x06). Same permutation, different digests: keccak256("") = c5d246…a470.
///
/// Written in-project because neither OpenSSL 3.0 nor swift-crypto provides it. Use `hash(_:)` for one
/// buffer, or `init()`, `update(_:)` and `finalize()` to stream.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation: (1600 − 2·256) / 8. Capacity 512 bits gives 256-bit security.
    public static let rateBytes = 136
    static let rateLanes = rateBytes / 8

    private var state = [UInt64](repeating: 0, count: 25)
    private var pending = [UInt8]()

    public init() { pending.reserveCapacity(Self.rateBytes) }

    /// The digest of one buffer.
    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Absorbs more input.
    public mutating func update(_ data: some ContiguousBytes) {
        data.withUnsafeBytes { raw in
            var input = raw[...]
            if !pending.isEmpty {
                let take = min(Self.rateBytes - pending.count, input.count)
                pending.append(contentsOf: input.prefix(take))
                input = input.dropFirst(take)
                guard pending.count == Self.rateBytes else { return }
                pending.withUnsafeBytes { absorbBlock($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
            while input.count >= Self.rateBytes {
                absorbBlock(UnsafeRawBufferPointer(rebasing: input).baseAddress!)
                input = input.dropFirst(Self.rateBytes)
            }
            pending.append(contentsOf: input)
        }
    }

    /// Pads, absorbs the last block and returns the 32-byte digest. The hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        var block = pending
        block.append(0x01)
        block.append(contentsOf: repeatElement(0, count: Self.rateBytes - block.count))
        block[Self.rateBytes - 1] |= 0x80
        block.withUnsafeBytes { absorbBlock($0.baseAddress!) }
        var out = [UInt8](repeating: 0, count: 32)
        for lane in 0..<4 {
            let v = state[lane].littleEndian
            for i in 0..<8 { out[lane * 8 + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
        }
        return out
    }

    private mutating func absorbBlock(_ block: UnsafeRawPointer) {
        state.withUnsafeMutableBufferPointer { s in
            let lanes = s.baseAddress!
            for i in 0..<Self.rateLanes {
                lanes[i] ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            }
            Self.permute(lanes)
        }
    }
}
