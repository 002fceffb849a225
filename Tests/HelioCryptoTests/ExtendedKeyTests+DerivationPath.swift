import Testing

@testable import HelioCrypto

/// Nested under ExtendedKeyTests so `--filter ExtendedKey` runs it with the key derivation tests.
extension ExtendedKeyTests {
    struct DerivationPathTests {
        static let h = DerivationPath.hardenedOffset

        @Test func parsesAllHardenedMarkers() throws {
            let path = try DerivationPath("m/0'/1/2h/2H/1000000000")
            #expect(path.components == [0 | Self.h, 1, 2 | Self.h, 2 | Self.h, 1_000_000_000])
            #expect(path.description == "m/0'/1/2'/2'/1000000000")
        }

        @Test func masterPathHasNoComponents() throws {
            #expect(try DerivationPath("m").components.isEmpty)
            #expect(try DerivationPath(" M\n").components.isEmpty)
            #expect(try DerivationPath("m").description == "m")
        }

        @Test func largestIndices() throws {
            let path = try DerivationPath("m/2147483647/2147483647'")
            #expect(path.components == [0x7FFF_FFFF, 0xFFFF_FFFF])
            #expect(path.description == "m/2147483647/2147483647'")
        }

        @Test func ethereumPathIsBIP44CoinType60() throws {
            #expect(DerivationPath.ethereum(index: 5).description == "m/44'/60'/0'/0/5")
            #expect(DerivationPath.ethereum(index: 0, account: 3).description == "m/44'/60'/3'/0/0")
            #expect(try DerivationPath("m/44'/60'/0'/0/7") == .ethereum(index: 7))
        }

        @Test(arguments: [
            "", "0/1", "/0", "m/", "m//1", "m/1/", "m/2147483648", "m/2147483648'", "m/-1", "m/+1", "m/1''",
            "m/abc", "m/ 1", "m/1 /2", "n/1", "m/0x10", "m/１", "m/99999999999", "mm/1",
        ])
        func refusesMalformedPaths(_ text: String) {
            do {
                let path = try DerivationPath(text)
                Issue.record("accepted \"\(text)\" as \(path)")
            } catch {
                #expect(error.code == .invalidDerivationPath)
            }
        }

        @Test func refusesPathsDeeperThanADepthByteCanHold() throws {
            let deep = "m" + String(repeating: "/0", count: 256)
            #expect(throws: CryptoError.self) { try DerivationPath(deep) }
            #expect(try DerivationPath("m" + String(repeating: "/0", count: 255)).components.count == 255)
        }
    }
}
