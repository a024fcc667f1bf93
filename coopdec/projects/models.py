"""Cooperation projects (projets) with their participants, places, funding lines and results."""

import datetime as dt
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coopdec.lib.concurrency import Versioned
from coopdec.lib.money import amount_field, currency_field
from coopdec.lib.narrative import Narrative
from coopdec.partnerships.enums import Visibility

from .enums import ONE_PERCENT_INSTRUMENTS, Instrument, ParticipantRole, ProjectKind, ProjectStatus


class ProjectQuerySet(models.QuerySet["Project"]):
    def public(self) -> Self:
        return self.filter(visibility=Visibility.PUBLIC)

    def led_by(self, authority) -> Self:
        return self.filter(lead_authority=authority)

    def involving(self, authority) -> Self:
        return self.filter(Q(lead_authority=authority) | Q(participants__authority=authority)).distinct()

    def in_country(self, code: str) -> Self:
        return self.filter(
            Q(places__authority__country_id=code.upper())
            | Q(places__country_id=code.upper())
            | Q(participants__authority__country_id=code.upper())
        ).distinct()

    def with_theme(self, theme) -> Self:
        return self.filter(themes=theme)

    def ongoing(self) -> Self:
        return self.filter(status=ProjectStatus.IMPLEMENTATION)

    def running_in(self, year: int) -> Self:
        """Projects under way at some time in ``year`` (``Project.running_years`` says the same in Python)."""
        ended = Q(end_on__gte=dt.date(year, 1, 1))
        if year <= dt.date.today().year:
            ended |= Q(end_on__isnull=True)
        return (
            self.exclude(status__in=NEVER_RAN)
            .alias(start_on=Coalesce("actual_start", "planned_start"), end_on=Coalesce("actual_end", "planned_end"))
            .filter(ended, start_on__lte=dt.date(year, 12, 31))
        )


# A project still in its pipeline, or cancelled, has not run (yet) whatever its planned dates.
NEVER_RAN = (ProjectStatus.PIPELINE, ProjectStatus.CANCELLED)


class Project(Versioned, Narrative):
    """A cooperation project, under a partnership or — emergency aid — without one."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("partnership"),
    )
    lead_authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead authority"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ProjectKind.choices)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="projects", verbose_name=_("themes"))
    status = models.CharField(_("status"), max_length=1, choices=ProjectStatus.choices, default=ProjectStatus.PIPELINE)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    budget = amount_field(_("budget"), null=True, blank=True)
    currency = currency_field()
    iati_identifier = models.CharField(_("IATI identifier"), max_length=200, null=True, blank=True, unique=True)
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
    history = HistoricalRecords(verbose_name=_("historical project"))

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-planned_start", "title"]
        indexes = [
            models.Index(fields=["status", "visibility"], name="project_status_visibility"),
            # Lists are sorted by title by default (then id, so that pages never overlap).
            models.Index(fields=["title", "id"], name="project_title_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="project_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="project_actual_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="project_budget_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def running_years(self) -> range:
        """The years the project is under way: from its start (actual, else planned) to its end (actual, else
        planned) — to this year when it has no end date; none before it starts, in its pipeline or cancelled."""
        start, end = self.actual_start or self.planned_start, self.actual_end or self.planned_end
        if start is None or self.status in NEVER_RAN:
            return range(0)
        return range(start.year, (end.year if end else max(start.year - 1, dt.date.today().year)) + 1)


class Participant(models.Model):
    """An authority or an organisation taking part in a project, with its role."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participants", verbose_name=_("project")
    )
    authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("authority"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    history = HistoricalRecords(verbose_name=_("historical participant"))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=(Q(authority__isnull=False) & Q(organization__isnull=True))
                | (Q(authority__isnull=True) & Q(organization__isnull=False)),
                name="participant_exactly_one_entity",
            ),
            models.UniqueConstraint(
                fields=["project", "authority", "role"],
                condition=Q(authority__isnull=False),
                name="participant_unique_authority_role",
                violation_error_message=_("This authority already takes part in the project with this role."),
            ),
            models.UniqueConstraint(
                fields=["project", "organization", "role"],
                condition=Q(organization__isnull=False),
                name="participant_unique_organization_role",
                violation_error_message=_("This organisation already takes part in the project with this role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.get_role_display()})"

    @property
    def entity(self):
        return self.authority or self.organization


class Place(models.Model):
    """Where a project happens: an authority, a country, or a point on the map."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="places", verbose_name=_("project"))
    authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_places",
        verbose_name=_("authority"),
    )
    country = models.ForeignKey(
        "territories.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_places",
        verbose_name=_("country"),
    )
    name = models.CharField(_("place name"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=Q(authority__isnull=False)
                | Q(country__isnull=False)
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="place_is_located",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.authority or self.country or f"{self.latitude}, {self.longitude}")


class Funding(models.Model):
    """A funding line of a project's budget (ligne de financement): who pays, how, how much."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("project"))
    funder_authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("funding authority"),
    )
    funder_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("funding organisation"),
    )
    instrument = models.CharField(_("instrument"), max_length=30, choices=Instrument.choices)
    amount = amount_field(_("amount"))
    currency = currency_field()
    in_kind = models.BooleanField(_("in kind"), default=False)
    value_date = models.DateField(
        _("value date"), null=True, blank=True, help_text=_("Date whose ECB rate converts the amount to euros.")
    )
    year = models.PositiveSmallIntegerField(
        _("budget year"),
        null=True,
        blank=True,
        # xgettext:no-python-format ("% l" is not a placeholder here)
        help_text=_("The funder's budget year; a 1 % line counts against that year's ceiling."),
    )
    history = HistoricalRecords(verbose_name=_("historical funding line"))

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_non_negative"),
            models.CheckConstraint(
                condition=~(Q(funder_authority__isnull=False) & Q(funder_organization__isnull=False)),
                name="funding_at_most_one_funder",
            ),
            # A 1 % line is charged to one authority's service budget of one year.
            models.CheckConstraint(
                condition=~Q(instrument__in=ONE_PERCENT_INSTRUMENTS)
                | (Q(funder_authority__isnull=False) & Q(year__isnull=False)),
                name="funding_one_percent_has_authority_and_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()}: {self.amount} {self.currency}"

    @property
    def funder(self):
        return self.funder_authority or self.funder_organization


class Disbursement(models.Model):
    """Money actually paid out for a project in one year (décaissement)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="disbursements", verbose_name=_("project")
    )
    funding = models.ForeignKey(
        Funding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disbursements",
        verbose_name=_("funding line"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = amount_field(_("amount"))
    currency = currency_field()
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historical disbursement"))

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["project", "year"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="disbursement_non_negative")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} {self.currency}"


class Result(models.Model):
    """An expected or achieved result of a project, measured by an indicator."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results", verbose_name=_("project"))
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    achieved = models.DecimalField(_("achieved"), max_digits=16, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.indicator


class ProjectDocument(models.Model):
    """A document attached to a project (the project sheet, a report, an agreement) — kept private.

    The file lives in the private storage under a random name; it is served only through a view that
    checks ``can_view_project``, under its cleaned original name.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("project"))
    file = models.FileField(_("file"), upload_to="projects/", max_length=255)
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
    history = HistoricalRecords(verbose_name=_("historical project document"))

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.original_name
