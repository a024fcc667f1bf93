"""Spreadsheets: CSV and XLSX templates, row-validated imports, exports that round-trip."""
