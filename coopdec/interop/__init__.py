"""Interoperability: IATI 2.03 activity files (read, write, map) and spreadsheets (CSV, XLSX) in and out."""
