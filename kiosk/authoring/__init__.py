"""Tools for writing stands (no Qt): the JSON Schema of the format, `kiosk new`, the
validation report's formats and watch mode, and the translation round trip."""
