enum HelioRegistryPlaceholder {}
