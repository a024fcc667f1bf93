"""The platform's cooperation themes, mapped to OECD DAC purpose codes and SDGs."""
