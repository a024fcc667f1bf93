"""Calls for projects (appels à projets): the call, its rules as rows a coordinator edits, applications and their
budgets, frozen versions, reviewers and their scores, and the reports the preconditions read."""

from __future__ import annotations

import mimetypes
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopdec.lib.money import amount_field
from coopdec.territories.enums import OdaCategory

from .enums import (
    ApplicationStatus,
    CallKind,
    DocumentKind,
    ExpenseKind,
    GroupRule,
    ReportKind,
    ReportStatus,
    Source,
    Step,
    TrancheCondition,
)

HUNDRED = Decimal("100")


def percent_field(verbose_name):
    """A percentage, 0 to 100, to the hundredth (``50.00`` is 50 %); empty when the rule does not apply."""
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, null=True, blank=True)


def _in_percent_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100})


class CallQuerySet(models.QuerySet["Call"]):
    def of_year(self, year: int) -> Self:
        return self.filter(year=year)


class Call(models.Model):
    """A call for projects (appel à projets) of one year, with its rules as data.

    A rule left empty (``None``) does not apply in this call; the ceilings by ODA category are ``CeilingRule`` rows,
    the tranches ``TrancheRule`` rows, the scoring grid ``Criterion`` rows.
    """

    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices, default=CallKind.YEARLY)
    partner_country = models.ForeignKey(
        "territories.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("partner country of the joint fund"),
    )  # fmt: skip
    two_steps = models.BooleanField(_("expression of interest first"), default=False)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    full_opens_on = models.DateField(_("full applications open on"), null=True, blank=True)
    full_closes_on = models.DateField(_("full applications close on"), null=True, blank=True)
    envelope = amount_field(_("envelope in euros"))
    # Who pays the grants (the ministry, a region for its own call): the funder of the funding lines an award writes.
    funder_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("funding organisation"),
    )  # fmt: skip
    funder_authority = models.ForeignKey(
        "territories.Authority", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("funding authority"),
    )  # fmt: skip
    eligible_countries = models.ManyToManyField(
        "territories.Country", blank=True, related_name="+", verbose_name=_("eligible countries")
    )
    eligible_categories = models.JSONField(
        _("eligible ODA categories"), default=list, blank=True,
        help_text=_("Used when no country is listed; neither: every country is eligible."),
    )  # fmt: skip
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="+", verbose_name=_("eligible themes"))
    introduction_fr = models.TextField(_("introduction in French"), blank=True)
    introduction_en = models.TextField(_("introduction in English"), blank=True)
    documents = models.JSONField(_("documents asked"), default=list, blank=True)
    # The scalar rules (docs/calls.md): empty means the rule does not apply.
    multi_country_ceiling = percent_field(_("ceiling for a project in several countries (%)"))
    min_own_share = percent_field(_("minimum share of the French authorities (%)"))
    max_in_kind_share = percent_field(_("in-kind at most, as a share of their contribution (%)"))
    cash_only = models.BooleanField(_("the call pays cash only"), default=True)
    min_grant = amount_field(_("minimum grant"), null=True, blank=True)
    max_grant = amount_field(_("maximum grant"), null=True, blank=True)
    min_monitoring_share = percent_field(_("minimum share for monitoring and evaluation (%)"))
    group_rule = models.CharField(
        _("group of at least two French authorities"), max_length=10, choices=GroupRule.choices,
        default=GroupRule.NONE,
    )  # fmt: skip
    requires_convention = models.BooleanField(_("convention signed with the foreign authority"), default=False)
    requires_council_decision = models.BooleanField(_("council decision or letters of intent"), default=False)
    requires_earlier_reports = models.BooleanField(_("reports of earlier calls' projects filed"), default=False)
    requires_last_declaration = models.BooleanField(_("last yearly declaration submitted"), default=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_synthetic = models.BooleanField(_("synthetic data"), default=False, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-year", "name_fr"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="call_closes_after_opening"),
            models.CheckConstraint(
                condition=~Q(kind=CallKind.JOINT_FUND) | Q(partner_country__isnull=False),
                name="call_joint_fund_has_partner_country",
            ),
            models.CheckConstraint(
                condition=Q(two_steps=False) | (Q(full_opens_on__isnull=False) & Q(full_closes_on__isnull=False)),
                name="call_second_step_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(full_closes_on__isnull=True) | Q(full_opens_on__isnull=True)
                | Q(full_closes_on__gte=F("full_opens_on")),
                name="call_second_step_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(envelope__gte=0), name="call_envelope_non_negative"),
            models.CheckConstraint(
                condition=Q(min_grant__isnull=True) | Q(max_grant__isnull=True) | Q(max_grant__gte=F("min_grant")),
                name="call_max_grant_above_min",
            ),
            *[
                models.CheckConstraint(condition=_in_percent_range(field), name=f"call_{field}_is_a_percentage")
                for field in ("multi_country_ceiling", "min_own_share", "max_in_kind_share", "min_monitoring_share")
            ],
            models.UniqueConstraint(fields=["copied_from", "year"], name="call_copied_once_per_year"),
            models.CheckConstraint(
                condition=Q(funder_organization__isnull=True) | Q(funder_authority__isnull=True),
                name="call_at_most_one_funder",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        english = (get_language() or "fr").startswith("en")
        return (self.name_en if english else self.name_fr) or self.name_fr

    @property
    def introduction(self) -> str:
        english = (get_language() or "fr").startswith("en")
        return (self.introduction_en if english else self.introduction_fr) or self.introduction_fr


class CeilingRule(models.Model):
    """The call's share of the budget at most, for a recipient country of one ODA category in the call's year."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="ceilings")
    oda_category = models.CharField(_("ODA category"), max_length=20, choices=OdaCategory.choices)
    percent = models.DecimalField(_("ceiling (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("co-financing ceiling")
        verbose_name_plural = _("co-financing ceilings")
        ordering = ["call", "-percent"]
        constraints = [
            models.UniqueConstraint(fields=["call", "oda_category"], name="ceiling_one_per_category"),
            models.CheckConstraint(condition=_in_percent_range("percent"), name="ceiling_is_a_percentage"),
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.oda_category}: {self.percent} %"


class TrancheRule(models.Model):
    """One tranche of the schedule: its share of the grant and when it is released."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    share = models.DecimalField(_("share of the grant (%)"), max_digits=5, decimal_places=2)
    condition = models.CharField(_("released"), max_length=20, choices=TrancheCondition.choices)
    due_on = models.DateField(_("on"), null=True, blank=True)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="tranche_unique_number"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="tranche_share_is_a_percentage"),
            models.CheckConstraint(
                condition=~Q(condition=TrancheCondition.ON_DATE) | Q(due_on__isnull=False),
                name="tranche_on_date_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} #{self.number}: {self.share} %"


class Criterion(models.Model):
    """A criterion of the call's scoring grid: a reviewer gives it a mark from 0 to ``scale``."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("label in French"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))
    scale = models.PositiveSmallIntegerField(_("highest mark"), default=5)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale__gte=1), name="criterion_scale_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class Application(models.Model):
    """An authority's application to a call (candidature), with its budget; a working copy until submitted."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    authority = models.ForeignKey(
        "territories.Authority", on_delete=models.PROTECT, related_name="applications", verbose_name=_("authority")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications",
        verbose_name=_("project"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.FULL_APPLICATION)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    countries = models.ManyToManyField("territories.Country", blank=True, related_name="+", verbose_name=_("countries"))
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    co_applicants = models.ManyToManyField(
        "territories.Authority", blank=True, related_name="+", verbose_name=_("other French authorities")
    )
    partners = models.ManyToManyField(
        "territories.Authority", blank=True, related_name="+", verbose_name=_("foreign partners")
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("convention"),
    )  # fmt: skip
    sdgs = models.JSONField(_("Sustainable Development Goals"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic data"), default=False, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "title"]
        indexes = [models.Index(fields=["call", "status"], name="application_call_status")]

    def __str__(self) -> str:
        return self.title


class ResourceLine(models.Model):
    """A resource of the application's budget: one year, one co-financer, cash or in kind (valorisation)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="resources")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("brought by"), max_length=20, choices=Source.choices)
    funder = models.CharField(_("co-financer"), max_length=200, blank=True)
    amount = amount_field(_("amount in euros"))
    in_kind = models.BooleanField(_("in kind"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("resource line")
        verbose_name_plural = _("resource lines")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="resource_line_non_negative")]

    def __str__(self) -> str:
        return f"{self.year} {self.funder or self.source}: {self.amount}"


class ExpenseLine(models.Model):
    """An expense of the application's budget: one year, what it pays for."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="expenses")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("expense"), max_length=20, choices=ExpenseKind.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount = amount_field(_("amount in euros"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="expense_line_non_negative")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind}: {self.amount}"


class ApplicationDocument(models.Model):
    """A document attached to an application (the convention, the council decision…) — kept private."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="calls/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        """Its type, read back from the extension it was stored under (the upload's content decided it)."""
        return mimetypes.guess_type(self.original_name)[0] or "application/octet-stream"


class FrozenVersion(Exception):
    """A submitted version's content was about to be written again."""


class ApplicationVersion(models.Model):
    """A submitted version, frozen: the budget and the eligibility as they were, never changed afterwards."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    receipt_number = models.CharField(_("receipt number"), max_length=60, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    asked = amount_field(_("amount asked"))
    total = amount_field(_("total budget"))
    content = models.JSONField(_("frozen content"), default=dict)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("coordinator's comment"), blank=True)

    class Meta:
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        ordering = ["application", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="application_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Written once when submitted; afterwards only what became of it (outcome, decision, comment) changes.
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or {"content", "asked", "total", "step"} & set(fields)):
            raise FrozenVersion(f"application version {self.pk} is frozen")
        super().save(*args, **kwargs)


class Reviewer(models.Model):
    """A person invited to read and score the applications of one call (évaluateur) — nothing else."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="reviewer_once_per_call")]

    def __str__(self) -> str:
        return f"{self.user} — {self.call}"


class Score(models.Model):
    """A reviewer's mark for one criterion of one application, with a comment."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    mark = models.PositiveSmallIntegerField(_("mark"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.criterion}: {self.mark}"


class Report(models.Model):
    """A report due on an awarded application (rapport intermédiaire, rapport final): a narrative, the actual
    spending against the plan, the indicators of the project's results; a coordinator accepts or returns it.
    The earlier-reports precondition reads when it was due and filed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=15, choices=ReportKind.choices)
    due_on = models.DateField(_("due on"))
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE)
    narrative = models.TextField(_("narrative"), blank=True)
    # [{"axis": "cofinancer" | "expense", "key", "label", "planned", "actual"}] (amounts as strings, in euros)
    spending = models.JSONField(_("actual spending against the plan"), default=list, blank=True)
    # [{"result": pk, "indicator", "unit", "target", "achieved"}] from the project's results
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("coordinator's comment"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["application", "due_on"]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.due_on}"


class ReportDocument(models.Model):
    """A document attached to a report (photos, invoices, minutes) — kept private."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="calls/reports/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class Award(models.Model):
    """The grant awarded to an application (décision d'attribution): its amount, conditions and letter number;
    the project's funding line it wrote."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    number = models.CharField(_("decision number"), max_length=60, unique=True)
    amount = amount_field(_("amount awarded in euros"))
    conditions = models.TextField(_("conditions"), blank=True)
    funding = models.ForeignKey(
        "projects.Funding", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("funding line"),
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decided_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive")]

    def __str__(self) -> str:
        return self.number


class Tranche(models.Model):
    """One planned tranche of an award (tranche de versement): its share, its amount to the cent, what releases
    it (a date or a report accepted) and, once released, the project's disbursement that paid it."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    share = models.DecimalField(_("share of the grant (%)"), max_digits=5, decimal_places=2)
    amount = amount_field(_("amount in euros"))
    condition = models.CharField(_("released"), max_length=20, choices=TrancheCondition.choices)
    due_on = models.DateField(_("due on"))
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="tranche", verbose_name=_("report")
    )
    released_on = models.DateField(_("released on"), null=True, blank=True)
    disbursement = models.OneToOneField(
        "projects.Disbursement", on_delete=models.SET_NULL, null=True, blank=True, related_name="tranche",
        verbose_name=_("disbursement"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("planned tranche")
        verbose_name_plural = _("planned tranches")
        ordering = ["award", "number"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="award_tranche_unique_number"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_tranche_non_negative"),
            models.CheckConstraint(
                condition=Q(condition=TrancheCondition.ON_DATE) | Q(report__isnull=False),
                name="award_tranche_report_condition_has_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} #{self.number}: {self.amount}"
