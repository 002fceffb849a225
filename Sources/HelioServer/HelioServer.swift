/// HelioServer: the Hummingbird application of a registry — REST under `/v1`, `/healthz`, `/metrics`.
///
/// It owns HTTP only: routes decode input into validated ledger types, call `Registry`, and encode the
/// answer. Domain errors become RFC 9457 problem+json here and nowhere else (`Problem+Mapping.swift`).
/// It never imports GRDB or touches SQL: storage is behind `LedgerStore`.
///
/// `buildApplication(configuration:)` (App+build.swift) is the one composition root; `run` adds the
/// process concerns (signals, global logging and metrics backends).
public enum HelioServer {}
