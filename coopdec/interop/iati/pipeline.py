"""Reads an IATI file in a second process while the importer writes: the two halves of an import run on two cores.

The reading process (a fresh interpreter, ``python -c``, without Django's settings nor a database
connection) parses and walks the file with ``reader.iter_activities`` and sends the activities as
plain tuples, pickled by frames of ``FRAME`` activities, through its standard output, a pipe widened
to ``PIPE_BYTES``. The importer reads and unpickles them one frame at a time when it needs the next
activity. A full pipe blocks the reader: memory is bounded by the pipe, not the file, and the reader
runs ahead of the writes by at most that much (about 650 activities).

What the reader refuses (not XML, a DOCTYPE, IATI 1.x…) travels as its message and is raised here as
the same ``FileRefused``, after the activities read before it, as when the file is read in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Generator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: pipes keep their default size
    fcntl = None  # type: ignore[assignment]

from .reader import Activity, FileRefused, Problem

FRAME = 50  # activities per message (about 75 KB pickled)
PIPE_BYTES = 1024 * 1024  # how far, at most, the reading process runs ahead of the importer
HEADER = struct.Struct("<I")
PROTOCOL = pickle.HIGHEST_PROTOCOL
# The folder that holds the ``coopdec`` package, for the reading process's imports wherever it starts.
PROJECT_ROOT = str(Path(__file__).resolve().parents[3])


class ReadingFailed(Exception):
    """The reading process failed other than by refusing the file (a bug, or it was killed)."""


def read_in_child(
    path,
    *,
    on_read: Callable[[int], None] | None = None,
    notes: list[str] | None = None,
    stats: dict | None = None,
) -> Generator[Activity, None, None]:
    """The activities of the IATI file at ``path``, read by a second process: as ``reader.iter_activities``.

    ``stats["reader_peak_kb"]``, when given, takes the reading process's peak resident memory (Linux).
    """
    from .material import codelists  # here: the reading process imports this module without Django

    notes = notes if notes is not None else []
    request = pickle.dumps((os.path.abspath(path), dict(codelists()), FRAME), protocol=PROTOCOL)
    # The package is found wherever this process runs; stderr is shared (the reader reports through frames).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [PROJECT_ROOT, os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(  # this interpreter, a fixed command, no shell
        [sys.executable, "-c", "from coopdec.interop.iati.pipeline import child_main; child_main()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    stdout = process.stdout
    assert stdout is not None  # stdout=PIPE
    _widen(stdout)
    # The request waits for the reading process's imports: written by a thread, while this one goes on.
    sender = threading.Thread(target=_send, args=(process.stdin, request), daemon=True)
    sender.start()
    try:
        while True:
            header = stdout.read(HEADER.size)
            frame = stdout.read(HEADER.unpack(header)[0]) if len(header) == HEADER.size else b""
            if not frame:
                process.wait()
                raise ReadingFailed(
                    f"The reading process ended without finishing the file (exit code {process.returncode})."
                )
            kind, read, new_notes, rows, message, peak_kb = pickle.loads(frame)
            if peak_kb is not None and stats is not None:
                stats["reader_peak_kb"] = max(peak_kb, stats.get("reader_peak_kb", 0))
            if read and on_read is not None:
                on_read(read)
            notes.extend(new_notes)
            for line, data, errors, warnings in rows:
                yield Activity(line, data, [Problem(*e) for e in errors], [Problem(*w) for w in warnings])
            if kind == "refused":
                raise FileRefused(message)
            if kind == "failed":
                raise ReadingFailed(message)
            if kind == "end":
                return
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        sender.join()
        stdout.close()


def _widen(pipe) -> None:
    """Let the pipe hold about ``PIPE_BYTES`` (Linux; 64 KB elsewhere): the reader runs that far ahead of the writes."""
    # Not Linux, or over /proc/sys/fs/pipe-max-size: the default size.
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _send(pipe, request: bytes) -> None:
    try:
        pipe.write(request)
        pipe.close()
    except OSError:  # the reading process is gone: the importer will say so
        pass


def child_main() -> None:
    """The reading process: one request (path, codelists, frame size) on stdin, frames on stdout, then exit."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the frames
    path, known, size = pickle.load(sys.stdin.buffer)
    from .reader import iter_activities

    gc.disable()  # millions of short-lived containers, no cycle: see Importer.run
    read = 0
    notes: list[str] = []
    rows: list[tuple] = []

    def counted(size: int) -> None:
        nonlocal read
        read += size

    def send(kind: str, message: str = "") -> None:
        nonlocal read
        peak_kb = _peak_kb() if kind != "activities" else None
        payload = pickle.dumps((kind, read, notes[:], rows, message, peak_kb), protocol=PROTOCOL)
        out.write(HEADER.pack(len(payload)))
        out.write(payload)
        out.flush()
        read = 0
        notes.clear()
        rows.clear()

    try:
        for activity in iter_activities(path, on_read=counted, notes=notes, known=known):
            rows.append(
                (
                    activity.line,
                    activity.data,
                    [(p.line, p.element, p.message) for p in activity.errors],
                    [(p.line, p.element, p.message) for p in activity.warnings],
                )
            )
            if len(rows) >= size:
                send("activities")
        send("end")
    except FileRefused as refusal:
        send("refused", str(refusal))
    except (BrokenPipeError, KeyboardInterrupt):  # the importer stopped (it failed, gave up, or ^C): nothing to say
        return
    except Exception:  # a bug: the importing process reports it
        send("failed", f"The reading process failed: {traceback.format_exc()}")


def _peak_kb() -> int | None:
    """This process's peak resident memory since its exec (``ru_maxrss`` would count its parent's, from before)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None
