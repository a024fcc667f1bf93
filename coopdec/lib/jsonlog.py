"""Structured logs: one JSON object per line, for Django's loggers and for gunicorn's access log."""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# Gunicorn hands its access logger the request's "atoms" as the record's arguments; these become fields.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and the traceback when there is one; never a multi-line record."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)  # set by django.request and django.server
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class AccessJsonFormatter(logging.Formatter):
    """Gunicorn's access log: one object per request with method, path, status, bytes and duration."""

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "logger": record.name,
        }
        for atom, field in ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if isinstance(value, str):
                value = value.replace('\\"', '"')  # escaped by gunicorn for its text format
            if value not in (None, "-", ""):
                entry[field] = value
        for field in ("status", "bytes", "duration_ms"):
            if isinstance(entry.get(field), str) and entry[field].isdigit():
                entry[field] = int(entry[field])
        return json.dumps(entry, ensure_ascii=False, default=str)
