enum HelioLedgerPlaceholder {}
