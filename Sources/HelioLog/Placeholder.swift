enum HelioLogPlaceholder {}
