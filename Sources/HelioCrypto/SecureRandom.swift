#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes from the operating system's CSPRNG (getrandom(2) on Linux, arc4random on Darwin),
/// through the standard library's `SystemRandomNumberGenerator`, which is documented as
/// cryptographically secure on every platform Swift supports.
public enum SecureRandom {
    public static func fill(_ buffer: inout [UInt8]) {
        var rng = SystemRandomNumberGenerator()
        var i = 0
        while i < buffer.count {
            var word = rng.next()
            for _ in 0..<8 where i < buffer.count {
                buffer[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
    }

    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        fill(&out)
        return out
    }
}
