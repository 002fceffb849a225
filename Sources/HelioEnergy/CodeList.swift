/// One release of the EECS energy-source and technology code lists (AIB, EECS Rules fact sheet 5), as
/// shipped in `Schemas/code-lists/<name>-v<N>.json` and compiled into `CodeLists+Generated.swift`.
///
/// Codes are hierarchical: an energy source is `F` + four 2-digit levels (`F01040100` renewable › … › solar),
/// a technology `T` + three (`T010101` solar › photovoltaic › a sub-type). A list is immutable and identified
/// by `version`: a device records the version its codes were validated against, so the list that accepted it
/// must stay reproducible forever. A new release is a new file, never an edit (see Schemas/code-lists/README.md).
public struct CodeList: Sendable, Hashable {
    /// Identifier of this release, e.g. `eecs-fs5-v1`; what devices and certificates record.
    public let version: String

    /// An energy input (EECS "energy source"), e.g. `F01040100` solar.
    public struct EnergySource: Sendable, Hashable {
        /// `F` followed by 8 digits.
        public let code: String
        /// Human-readable name; informative only, never compared.
        public let label: String
        /// True for solar sources: the ones that earn SolarCoin-style rewards.
        public let solar: Bool
    }

    /// A conversion technology, e.g. `T010000` solar, belonging to exactly one energy source in this list.
    public struct Technology: Sendable, Hashable {
        /// `T` followed by 6 digits.
        public let code: String
        /// Human-readable name; informative only, never compared.
        public let label: String
        /// Code of the energy source this technology converts (an `EnergySource.code` of the same list).
        public let energySource: String
    }

    /// Every energy source of the release, in file order.
    public let energySources: [EnergySource]
    /// Every technology of the release, in file order.
    public let technologies: [Technology]

    /// The energy source with this exact code, or nil.
    public func energySource(_ code: String) -> EnergySource? {
        energySources.first { $0.code == code }
    }

    /// The technology with this exact code, or nil.
    public func technology(_ code: String) -> Technology? {
        technologies.first { $0.code == code }
    }
}
