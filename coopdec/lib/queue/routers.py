"""Sends the heartbeats and progress to the live database (``settings.TASKS_LIVE_DATABASE``).

A task such as an IATI import runs in one transaction; its progress, written there, would stay invisible to
every other process until the end, and on SQLite (one writer at a time) even a second connection to the same
file waits for the import to commit. So these two tables are written through a connection of their own: to
the same database on PostgreSQL (the ``live`` alias is a second connection), to a small database file of
their own beside the main one on SQLite.
"""

from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

LIVE_MODELS = {"workerbeat", "progress"}


def live_alias() -> str:
    alias: str = settings.TASKS_LIVE_DATABASE
    return alias


def is_separate(alias: str) -> bool:
    """Whether ``alias`` is another database than ``default`` (SQLite's side file), not a second connection."""
    return (
        alias != "default" and connections[alias].settings_dict["NAME"] != connections["default"].settings_dict["NAME"]
    )


def live_tables_home() -> str:
    """The alias whose migrations create the live tables."""
    alias = live_alias()
    return alias if is_separate(alias) else "default"


class LiveRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return live_alias() if model._meta.app_label == "queue" and model._meta.model_name in LIVE_MODELS else None

    db_for_write = db_for_read

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        is_live = app_label == "queue" and model_name in LIVE_MODELS
        if is_live:
            return db == live_tables_home()
        if db == "default":
            return None
        return False  # the live database holds the live tables only (on PostgreSQL it is default itself)
