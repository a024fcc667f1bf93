"""The search index's arrays in files, one copy per machine, memory-mapped read-only by every process.

A *generation* is a directory under ``settings.SEARCH_INDEX_DIR`` (one sub-directory per database): ``data.bin``
holds every array of a ``snapshot.Snapshot`` end to end (each aligned on 64 bytes), ``meta.json`` their
names, types, shapes and offsets, the facets' values, the token and serial of the index state they hold and a
checksum. A generation is written once under a temporary name, flushed to disk (``fsync``), then renamed; the
manifest ``current.json`` naming the newest one is replaced the same way (``os.replace``), so a reader sees the
old generation or the new one, never half of one. Files are never written again after their rename: a process
still answering from an old generation keeps its mapping (a deleted file lives until its last reader lets go).

Readers ``stat`` the manifest on each request (``latest``): an unchanged inode and time means the generation they
hold is still the newest; otherwise they map the new one, in a few milliseconds whatever the size, since nothing
is read until a query touches it and the pages are the ones the kernel already holds for the other processes.
A generation that cannot be read whole (missing file, wrong size, bad ``meta.json``, a checksum that does not
match, arrays that do not fit together) is logged and ignored: the caller loads the index from the database.
"""

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "current.json"
KEEP = 3  # generations kept on disk (the newest ones); older ones are removed when a new one is published
ALIGN = 64
SAMPLE_EVERY = 1 << 20  # the checksum reads 4 KiB every MiB of data (and every array's first and last bytes)
SAMPLE = 4096


def directory() -> Path:
    """This database's directory of generations (two databases never share one)."""
    db = connection.settings_dict
    key = f"{connection.vendor}:{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db['NAME']}"
    name = f"{connection.vendor}-{Path(str(db['NAME'])).stem}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
    return Path(settings.SEARCH_INDEX_DIR) / name


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def building(*, wait: bool = True):
    """Hold the lock of the index's builders (one process builds a generation at a time); yields False when
    ``wait`` is false and another process holds it."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _checksum(data, arrays: dict[str, dict]) -> int:
    view = memoryview(data)
    crc = 0
    for start in range(0, len(view), SAMPLE_EVERY):
        crc = zlib.crc32(view[start : start + SAMPLE], crc)
    for entry in arrays.values():
        end = entry["offset"] + entry["nbytes"]
        crc = zlib.crc32(view[max(entry["offset"], end - SAMPLE) : end], crc)
    return crc


def publish(arrays: dict[str, np.ndarray], meta: dict) -> str:
    """Write a generation holding ``arrays`` (and ``meta``: token, serial, values…), make it the newest, return
    its name. Call it holding ``building()``."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"g{meta['serial']:012d}-{meta['token'][:12]}-{os.getpid()}-{time.time_ns()}"
    temporary = folder / f".tmp-{name}"
    temporary.mkdir()
    table: dict[str, dict] = {}
    with open(temporary / "data.bin", "wb") as out:
        offset = 0
        for key, array in arrays.items():
            array = np.ascontiguousarray(array)
            padding = -offset % ALIGN
            out.write(b"\0" * padding)
            offset += padding
            table[key] = {
                "dtype": array.dtype.str,
                "shape": list(array.shape),
                "offset": offset,
                "nbytes": array.nbytes,
            }
            out.write(array.data.cast("B"))
            offset += array.nbytes
        out.flush()
        os.fsync(out.fileno())
    with open(temporary / "data.bin", "rb") as data:
        crc = _checksum(_mapped(data) if offset else b"", table)
    content = {**meta, "format": FORMAT, "arrays": table, "data_size": offset, "checksum": crc}
    with open(temporary / "meta.json", "w", encoding="utf-8") as out:
        json.dump(content, out)
        out.flush()
        os.fsync(out.fileno())
    _fsync_directory(temporary)
    os.rename(temporary, folder / name)
    manifest = folder / f".{MANIFEST}.{os.getpid()}"
    with open(manifest, "w", encoding="utf-8") as out:
        json.dump({"generation": name, "token": meta["token"], "serial": meta["serial"]}, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(manifest, folder / MANIFEST)
    _fsync_directory(folder)
    _prune(folder, keep=name)
    return name


def _prune(folder: Path, keep: str) -> None:
    generations = sorted((p for p in folder.glob("g*") if p.is_dir()), key=lambda p: p.stat().st_mtime_ns)
    for old in generations[:-KEEP]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in folder.glob(".tmp-*"):  # left by a builder that died mid-write
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)


def _mapped(file):
    import mmap

    return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


class Damaged(Exception):
    """A generation that cannot be read whole."""


def newest(folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The newest generation of ``folder`` (a database's directory), as ``read`` gives it."""
    try:
        with open(folder / MANIFEST, encoding="utf-8") as source:
            name = json.load(source)["generation"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise Damaged(f"{MANIFEST}: {type(error).__name__}: {error}") from error
    return read(folder / name)


def read(folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The meta data and the arrays (read-only views over the mapped file) of the generation in ``folder``."""
    try:
        with open(folder / "meta.json", encoding="utf-8") as source:
            meta = json.load(source)
        if meta.get("format") != FORMAT:
            raise Damaged(f"format {meta.get('format')!r}")
        with open(folder / "data.bin", "rb") as data:
            size = os.fstat(data.fileno()).st_size
            if size != meta["data_size"]:
                raise Damaged(f"data.bin holds {size} bytes, {meta['data_size']} expected")
            mapped = _mapped(data) if size else b""
        if _checksum(mapped, meta["arrays"]) != meta["checksum"]:
            raise Damaged("checksum mismatch")
        arrays = {}
        for key, entry in meta["arrays"].items():
            dtype = np.dtype(entry["dtype"])
            count = int(np.prod(entry["shape"], dtype=np.int64))
            if entry["offset"] + count * dtype.itemsize > size or count * dtype.itemsize != entry["nbytes"]:
                raise Damaged(f"array {key} runs past the data")
            arrays[key] = np.frombuffer(mapped, dtype=dtype, count=count, offset=entry["offset"]).reshape(
                entry["shape"]
            )
        return meta, arrays
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise Damaged(f"{type(error).__name__}: {error}") from error


class Reader:
    """The newest generation as this process last saw it; ``latest`` looks at the manifest again (one ``stat``)."""

    def __init__(self):
        self.seen: tuple | None = None
        self.value = None

    def latest(self, opener):
        """``opener(meta, arrays)`` of the newest generation, opened again only when the manifest changed; None
        when there is none or it cannot be read whole (logged)."""
        manifest = directory() / MANIFEST
        try:
            stat = manifest.stat()
        except FileNotFoundError:
            self.seen, self.value = None, None
            return None
        key = (str(manifest), stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if key == self.seen:
            return self.value
        try:
            value = opener(*newest(manifest.parent))
        except (Damaged, OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("search index: generation in %s not usable (%s); reading the database", manifest, error)
            value = None
        self.seen, self.value = key, value
        return value
