"""IATI 2.03: streaming reader, writer, mapping to coopdec\x27s model, validation against the official schema."""
