"""Choices for IATI imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMode(models.TextChoices):
    """What happens to an activity whose IATI identifier is already in coopdec."""

    CREATE = "create", _("Create new activities only (existing ones are skipped)")
    UPDATE = "update", _("Update existing activities from the file, keeping coopdec-only fields")
    REPLACE = "replace", _("Replace existing activities entirely")


class OnError(models.TextChoices):
    ROLLBACK = "rollback", _("Import nothing if any activity fails")
    SKIP = "skip", _("Keep the good activities and list the bad ones")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
