"""Partnerships between authorities (conventions, jumelages…) and memberships of international organisations."""

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coopdec.lib.concurrency import Versioned
from coopdec.lib.money import amount_field, currency_field
from coopdec.lib.narrative import Narrative

from . import workflow
from .enums import (
    FRENCH_CONVENTION_KINDS,
    AffiliationStatus,
    LegalForm,
    PartnershipKind,
    PartnershipMode,
    PartnershipStatus,
    PartyRole,
    Visibility,
)


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def public(self) -> Self:
        return self.filter(visibility=Visibility.PUBLIC)

    def active(self, on: date | None = None) -> Self:
        """Signed or in force, and not past their end date."""
        on = on or date.today()
        return self.filter(status__in=workflow.ACTIVE).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def awaiting_prefect(self):
        """French conventions signed but not yet sent to the préfet."""
        return self.filter(status=workflow.AWAITING_PREFECT, sent_to_prefect_on__isnull=True)

    def of_authority(self, authority) -> Self:
        return self.filter(parties__authority=authority).distinct()

    def in_country(self, code: str) -> Self:
        return self.filter(
            Q(parties__authority__country_id=code.upper())
            | Q(parties__organization__country_id=code.upper())
            | Q(parties__country_id=code.upper())
        ).distinct()

    def with_theme(self, theme) -> Self:
        return self.filter(themes=theme)


class Partnership(Versioned, Narrative):
    """Convention de coopération décentralisée, jumelage, déclaration d'intention, accord-cadre…

    The parties are authorities, organisations, or — for overseas regional cooperation with a
    neighbouring State — a country; whether a party is allowed is a rule of the workspace
    (a French authority's convention is never with a foreign State).
    """

    kind = models.CharField(_("kind"), max_length=30, choices=PartnershipKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.DRAFT
    )
    mode = models.CharField(_("mode"), max_length=20, choices=PartnershipMode.choices, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    sent_to_prefect_on = models.DateField(
        _("sent to the préfet on"),
        null=True,
        blank=True,
        help_text=_("A French authority's convention takes effect once sent to the préfet."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    renewal_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="partnerships", verbose_name=_("themes"))
    technical_terms = models.TextField(_("technical terms"), blank=True)
    financial_terms = models.TextField(_("financial terms"), blank=True)
    planned_commitment = amount_field(_("planned financial commitment"), null=True, blank=True)
    currency = currency_field()
    reciprocity = models.TextField(_("what each side gains"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    is_synthetic = models.BooleanField(_("synthetic data"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historical partnership"))

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-signed_on", "title"]
        indexes = [models.Index(fields=["status", "visibility"], name="partnership_status_visibility")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="partnership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(sent_to_prefect_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(sent_to_prefect_on__gte=F("signed_on")),
                name="partnership_sent_after_signature",
            ),
            models.CheckConstraint(
                condition=Q(planned_commitment__isnull=True) | Q(planned_commitment__gte=0),
                name="partnership_commitment_non_negative",
            ),
            models.CheckConstraint(condition=~Q(renewal_of=F("pk")), name="partnership_not_own_renewal"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_french_convention(self) -> bool:
        """A convention-type agreement with a French authority among its parties: French law applies
        (CGCT L1115-1) — no foreign State as a party, and it takes effect once sent to the préfet."""
        return self.kind in FRENCH_CONVENTION_KINDS and self.parties.filter(authority__is_french=True).exists()


class Party(models.Model):
    """One side of a partnership: an authority, an organisation, or a country — exactly one."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="parties", verbose_name=_("partnership")
    )
    authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("authority"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        "territories.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("country (State)"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices, default=PartyRole.SIGNATORY)
    history = HistoricalRecords(verbose_name=_("historical party"))

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=(Q(authority__isnull=False) & Q(organization__isnull=True) & Q(country__isnull=True))
                | (Q(authority__isnull=True) & Q(organization__isnull=False) & Q(country__isnull=True))
                | (Q(authority__isnull=True) & Q(organization__isnull=True) & Q(country__isnull=False)),
                name="party_exactly_one_entity",
            ),
            models.UniqueConstraint(
                fields=["partnership", "authority"], condition=Q(authority__isnull=False), name="party_unique_authority"
            ),
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=Q(organization__isnull=False),
                name="party_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["partnership", "country"], condition=Q(country__isnull=False), name="party_unique_country"
            ),
        ]

    def __str__(self) -> str:
        return str(self.entity)

    @property
    def entity(self):
        return self.authority or self.organization or self.country


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def current(self, on: date | None = None) -> Self:
        on = on or date.today()
        return self.filter(Q(until__isnull=True) | Q(until__gte=on))


class Affiliation(models.Model):
    """An authority's membership of an international organisation (coopération multilatérale)."""

    authority = models.ForeignKey(
        "territories.Authority", on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("authority")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("international organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AffiliationStatus.choices, default=AffiliationStatus.MEMBER
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    focal_point = models.CharField(_("focal point"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    history = HistoricalRecords(verbose_name=_("historical membership of an international organisation"))

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership of an international organisation")
        verbose_name_plural = _("memberships of international organisations")
        ordering = ["authority", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "organization"], name="affiliation_unique"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="affiliation_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} — {self.organization}"


class AffiliationContribution(models.Model):
    """The yearly contribution (cotisation) paid for an affiliation."""

    affiliation = models.ForeignKey(
        Affiliation, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("affiliation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = amount_field(_("amount"))
    currency = currency_field()
    history = HistoricalRecords(verbose_name=_("historical yearly contribution"))

    class Meta:
        verbose_name = _("yearly contribution")
        verbose_name_plural = _("yearly contributions")
        ordering = ["affiliation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["affiliation", "year"], name="contribution_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.affiliation} {self.year}: {self.amount} {self.currency}"


class Delegate(models.Model):
    """A person an authority posts abroad (délégué, chargé de mission à l'étranger)."""

    authority = models.ForeignKey(
        "territories.Authority", on_delete=models.CASCADE, related_name="delegates", verbose_name=_("authority")
    )
    person = models.CharField(_("person"), max_length=200)
    country = models.ForeignKey(
        "territories.Country", on_delete=models.PROTECT, related_name="delegates", verbose_name=_("country")
    )
    post = models.CharField(_("post"), max_length=255, help_text=_("E.g. delegate at the French embassy in Vanuatu."))
    host_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_delegates",
        verbose_name=_("hosted by"),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    history = HistoricalRecords(verbose_name=_("historical delegate abroad"))

    class Meta:
        verbose_name = _("delegate abroad")
        verbose_name_plural = _("delegates abroad")
        ordering = ["authority", "country"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="delegate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.country_id})"


class PartnershipDocument(models.Model):
    """A document attached to a partnership (the signed convention, an amendment, a report) — kept private.

    The file lives in the private storage under a random name; it is served only through a view that
    checks ``can_view_partnership``, under its cleaned original name.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="documents", verbose_name=_("partnership")
    )
    file = models.FileField(_("file"), upload_to="partnerships/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historical partnership document"))

    class Meta:
        verbose_name = _("partnership document")
        verbose_name_plural = _("partnership documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.original_name
