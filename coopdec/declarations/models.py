"""The yearly declaration of aid (déclaration e-APD): campaigns, declarations, their versions and lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopdec.lib.money import amount_field, currency_field, display_amount

from .enums import DeclarationStatus, FollowUpState, LineKind, LineSource, NotOdaReason, Recipient


class Campaign(models.Model):
    """The State's yearly campaign (campagne de déclaration e-APD): it asks for year ``year``'s aid."""

    year = models.PositiveSmallIntegerField(_("year declared"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    introduction_fr = models.TextField(_("introduction in French"), blank=True)
    introduction_en = models.TextField(_("introduction in English"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_synthetic = models.BooleanField(_("synthetic data"), default=False, editable=False)

    class Meta:
        verbose_name = _("declaration campaign")
        verbose_name_plural = _("declaration campaigns")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="campaign_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return str(_("Declaration of %(year)s") % {"year": self.year})

    @property
    def introduction(self) -> str:
        english = (get_language() or "fr").startswith("en")
        return (self.introduction_en if english else self.introduction_fr) or self.introduction_fr

    def has_opened(self, on: dt.date) -> bool:
        return on >= self.opens_on


class Invitation(models.Model):
    """An authority asked to declare in a campaign, with the deadline a coordinator may have extended for it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    authority = models.ForeignKey("territories.Authority", on_delete=models.CASCADE, related_name="invitations")
    added_by_hand = models.BooleanField(_("added by hand"), default=False)
    extended_to = models.DateField(_("deadline extended to"), null=True, blank=True)
    # The follow-up's columns, kept by the services at every change of the declaration (``services._follow``) so
    # that the follow-up page filters and sorts 5,000 rows on plain indexed columns (docs/declaration.md).
    declaration = models.OneToOneField(
        "Declaration", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    state = models.CharField(
        _("state"), max_length=11, choices=FollowUpState.choices, default=FollowUpState.NOT_STARTED
    )
    last_change = models.DateTimeField(_("last change"), null=True, blank=True)
    total = models.DecimalField(_("total in euros"), max_digits=16, decimal_places=2, null=True, blank=True)
    oda_total = models.DecimalField(_("ODA in euros"), max_digits=16, decimal_places=2, null=True, blank=True)
    # The nearest région and département among the authority and its parents (the declaration's région once
    # it has started).
    region = models.ForeignKey(
        "territories.Authority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    departement = models.ForeignKey(
        "territories.Authority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation to declare")
        verbose_name_plural = _("invitations to declare")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "authority"], name="invitation_one_per_authority"),
        ]
        indexes = [
            models.Index(fields=["campaign", "state"], name="invitation_campaign_state"),
            models.Index(fields=["campaign", "region"], name="invitation_campaign_region"),
            models.Index(fields=["campaign", "total"], name="invitation_campaign_total"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.authority}"

    @property
    def deadline(self) -> dt.date:
        return max(self.extended_to, self.campaign.closes_on) if self.extended_to else self.campaign.closes_on


class Reminder(models.Model):
    """An e-mail reminder sent to one person for one authority in a campaign — recorded so it goes out once."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("The campaign opens")
        DAYS_14 = "days_14", _("14 days before closing")
        DAYS_3 = "days_3", _("3 days before closing")
        LATE = "late", _("The day after closing")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    authority = models.ForeignKey("territories.Authority", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "authority", "user", "kind"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.authority} {self.user} {self.kind}"


class DeclarationQuerySet(models.QuerySet["Declaration"]):
    def of_year(self, year: int) -> Self:
        return self.filter(year=year)

    def validated(self) -> Self:
        return self.filter(validated_version__isnull=False)


class Declaration(models.Model):
    """One authority's declaration of one year's aid. Its lines are a working copy until submitted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="declarations")
    authority = models.ForeignKey("territories.Authority", on_delete=models.PROTECT, related_name="declarations")
    year = models.PositiveSmallIntegerField(_("year declared"))
    # The région the authority belongs to (itself for a région), kept for the national totals by région.
    region = models.ForeignKey(
        "territories.Authority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    # The last version validated: what the national figures count.
    validated_version = models.OneToOneField(
        "DeclarationVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="validated_of"
    )
    started_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic data"), default=False, editable=False)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-year", "authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="declaration_one_per_authority_year"),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="declaration_campaign_status")]

    def __str__(self) -> str:
        return f"{self.authority} — {self.year}"


class DeclarationVersion(models.Model):
    """A submitted version, frozen: its lines are copies that no one changes; a coordinator decides on it."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    receipt_number = models.CharField(_("receipt number"), max_length=60, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What became of it: submitted (waiting), returned or validated.
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.SUBMITTED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("coordinator's comment"), blank=True)
    total = amount_field(_("total in euros"))
    oda_total = amount_field(_("ODA in euros"))

    class Meta:
        verbose_name = _("declaration version")
        verbose_name_plural = _("declaration versions")
        ordering = ["declaration", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "number"], name="declaration_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} v{self.number}"

    @property
    def total_display(self) -> str:
        return display_amount(self.total)

    @property
    def oda_display(self) -> str:
        return display_amount(self.oda_total)


class FrozenLine(Exception):
    """A line of a submitted version was about to be changed in place."""


class DeclarationLine(models.Model):
    """One line of a declaration: an amount in euros to a recipient, for a purpose, with its DAC codes.

    ``version`` empty: the working copy the editors change. ``version`` set: a frozen copy, never saved again.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="lines")
    version = models.ForeignKey(
        DeclarationVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="lines"
    )
    source = models.CharField(_("source"), max_length=15, choices=LineSource.choices)
    kind = models.CharField(_("kind of line"), max_length=20, choices=LineKind.choices, blank=True)
    project = models.ForeignKey("projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    disbursement = models.ForeignKey(
        "projects.Disbursement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contribution = models.ForeignKey(
        "partnerships.AffiliationContribution", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    recipient = models.CharField(_("recipient"), max_length=15, choices=Recipient.choices, blank=True)
    country = models.ForeignKey(
        "territories.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose_code = models.CharField(_("DAC purpose code"), max_length=5, blank=True)
    aid_type = models.CharField(_("type of aid"), max_length=4, blank=True)
    channel_code = models.CharField(_("channel"), max_length=5, blank=True)
    flow_type = models.CharField(_("flow type"), max_length=2, blank=True)
    finance_type = models.CharField(_("finance type"), max_length=3, default="110")
    value_date = models.DateField(_("date"), null=True, blank=True)
    original_amount = amount_field(_("amount in its currency"), null=True, blank=True)
    original_currency = currency_field(blank=True)
    rate = models.DecimalField(_("euros per unit"), max_digits=18, decimal_places=10, null=True, blank=True)
    rate_on = models.DateField(_("rate of"), null=True, blank=True)
    amount_eur = amount_field(_("amount in euros"), null=True, blank=True)
    is_oda = models.BooleanField(_("ODA"), default=False)
    not_oda_reason = models.CharField(_("why not ODA"), max_length=15, choices=NotOdaReason.choices, blank=True)
    removed = models.BooleanField(_("removed"), default=False)
    reason = models.TextField(_("reason for the change"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("declaration line")
        verbose_name_plural = _("declaration lines")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["declaration", "version"], name="declaration_line_copy")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0), name="declaration_line_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(original_amount__isnull=True) | Q(original_amount__gte=0),
                name="declaration_line_original_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(recipient=Recipient.COUNTRY) | Q(country__isnull=False),
                name="declaration_line_country_recipient_has_country",
            ),
            models.CheckConstraint(
                condition=Q(removed=False) | ~Q(reason=""), name="declaration_line_removed_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(is_oda=False) | Q(not_oda_reason=""), name="declaration_line_oda_has_no_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A frozen copy is written once, when its version is made; never again (the rule "a submitted or
        # validated version is never changed in place", also kept by the services).
        if self.pk is not None and self.version_id is not None:
            raise FrozenLine(f"line {self.pk} belongs to a submitted version")
        super().save(*args, **kwargs)

    @property
    def counted(self) -> bool:
        return not self.removed

    def euros(self) -> Decimal:
        return self.amount_eur or Decimal("0")


class Attachment(models.Model):
    """A document attached to a declaration (a deliberation, a statement of accounts) — kept private."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="declarations/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """What happened to a declaration, by whom: the audit trail shown on its page (historique)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Declaration started")
        LINE_ADDED = "line_added", _("Line added")
        LINE_CHANGED = "line_changed", _("Line changed")
        LINE_REMOVED = "line_removed", _("Line removed")
        LINE_RESTORED = "line_restored", _("Line restored")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        VALIDATED = "validated", _("Validated")
        CORRECTION = "correction", _("Correction opened")
        ATTACHED = "attached", _("Document attached")
        EXTENDED = "extended", _("Deadline extended")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=15, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    detail = models.TextField(blank=True)
    version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("declaration event")
        verbose_name_plural = _("declaration events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.declaration} {self.action}"
