"""Choices for campaigns, declarations and their lines."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeclarationStatus(models.TextChoices):
    """Where an authority's declaration of a year stands (``workflow.py`` holds the transitions)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VALIDATED = "validated", _("Validated")


class FollowUpState(models.TextChoices):
    """An invited authority's state in a campaign's follow-up: its declaration's status, or not started."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VALIDATED = "validated", _("Validated")


class LineSource(models.TextChoices):
    """Where a line comes from: pre-filled from the authority's records, or added by the editor."""

    DISBURSEMENT = "disbursement", _("Project disbursement")
    CONTRIBUTION = "contribution", _("Membership contribution")
    ADDED = "added", _("Added by the editor")


class Recipient(models.TextChoices):
    """Who receives the aid, in the terms of the DAC statistics."""

    COUNTRY = "country", _("A country")
    UNSPECIFIED = "unspecified", _("Developing countries, unspecified")
    FRANCE = "france", _("Spent in France")
    MULTILATERAL = "multilateral", _("An international organisation (multilateral)")


class LineKind(models.TextChoices):
    """What a line added by hand is: each kind comes with its official codes (``codes.ADDED_LINE_CODES``)."""

    NGO_GRANT = "ngo_grant", _("Grant to an NGO")
    AWARENESS = "awareness", _("Development awareness-raising in France")
    REFUGEES = "refugees", _("Hosting refugees in France")
    STUDENTS = "students", _("Student grants")
    ADMINISTRATIVE = "administrative", _("Administrative costs of the international service")
    OTHER = "other", _("Other external action")


class NotOdaReason(models.TextChoices):
    """Why a line stays out of the ODA total (it remains in the declaration as external action)."""

    NOT_ELIGIBLE = "not_eligible", _("The recipient country is not on the DAC list of ODA recipients that year.")
    IN_FRANCE = (
        "in_france",
        _("Spent in France on something other than what the DAC counts as ODA in the donor country."),
    )
    MULTILATERAL = (
        "multilateral",
        _("A contribution to an organisation that is not on the DAC list of ODA-eligible organisations."),
    )
