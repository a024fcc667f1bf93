"""Reference-data loaders: one module per source, each returning plain records that ``store`` writes in bulk."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
