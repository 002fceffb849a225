import Foundation

extension Date {
    /// Unix time in whole seconds: the only clock reading the registry takes; the ledger gets it inside
    /// each entry's context.
    public static var nowSeconds: Int64 { Int64(Date().timeIntervalSince1970) }
}
