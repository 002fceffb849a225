/// Every EECS code list release Helio has ever shipped. The data (`all`) is generated from
/// `Schemas/code-lists/*-v<N>.json` by `Scripts/gen-code-lists.py` into `CodeLists+Generated.swift`, ordered by
/// N; a test re-reads the JSON files and compares every entry, so neither side can be edited alone.
///
/// Validate new input against `current`; re-check stored records against the `version(_:)` they name.
public enum CodeLists {
    /// The newest release: the last of `all` (the generator refuses to emit an empty list).
    public static var current: CodeList {
        all[all.count - 1]
    }

    /// The release with this exact version identifier, or nil if Helio never shipped it.
    public static func version(_ v: String) -> CodeList? {
        all.first { $0.version == v }
    }
}
