"""Choices for memberships."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a member may do within one authority or organisation."""

    EDITOR = "editor", _("Editor")
    ADMINISTRATOR = "administrator", _("Administrator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
