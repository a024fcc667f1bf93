"""What IATI carries beyond coopdec's project model, authorities' IATI identifiers, and IATI import jobs."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ImportMode, JobStatus, OnError


class IatiPublisher(models.Model):
    """An authority's identity as an IATI publisher: its organisation identifier and type.

    Without a row here, an authority's identifier is built from its SIREN (see ``iati.identifiers``).
    """

    authority = models.OneToOneField(
        "territories.Authority", on_delete=models.CASCADE, related_name="iati_publisher", verbose_name=_("authority")
    )
    org_ref = models.CharField(_("IATI organisation identifier"), max_length=100, unique=True)
    org_type = models.CharField(
        _("IATI organisation type"), max_length=3, default="11", help_text=_("OrganisationType codelist.")
    )

    class Meta:
        verbose_name = _("IATI publisher")
        verbose_name_plural = _("IATI publishers")

    def __str__(self) -> str:
        return self.org_ref


class ActivityRecord(models.Model):
    """The IATI elements of an activity that coopdec's Project does not model, kept so that nothing is lost.

    Filled by the importer; the exporter writes them back beside what it derives from the project.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="iati_record", verbose_name=_("project")
    )
    reporting_org_ref = models.CharField(_("reporting organisation identifier"), max_length=200, blank=True)
    reporting_org_type = models.CharField(_("reporting organisation type"), max_length=3, blank=True)
    reporting_org_name = models.CharField(_("reporting organisation name"), max_length=300, blank=True)
    hierarchy = models.CharField(_("hierarchy"), max_length=5, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True)
    last_updated = models.CharField(_("last updated (as published)"), max_length=40, blank=True)
    collaboration_type = models.CharField(_("collaboration type"), max_length=5, blank=True)
    default_flow_type = models.CharField(_("default flow type"), max_length=5, blank=True)
    default_finance_type = models.CharField(_("default finance type"), max_length=5, blank=True)
    default_tied_status = models.CharField(_("default tied status"), max_length=5, blank=True)
    # Lists of small dicts, one per IATI element (see docs/iati.md for their keys).
    default_aid_types = models.JSONField(_("default aid types"), default=list, blank=True)
    descriptions = models.JSONField(_("other descriptions"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    recipient_countries = models.JSONField(_("recipient countries"), default=list, blank=True)
    recipient_regions = models.JSONField(_("recipient regions"), default=list, blank=True)
    budgets = models.JSONField(_("budgets"), default=list, blank=True)
    other_transactions = models.JSONField(_("other transactions"), default=list, blank=True)
    documents = models.JSONField(_("document links"), default=list, blank=True)
    unmatched = models.JSONField(_("unmatched places and organisations"), default=list, blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    job = models.ForeignKey(
        "ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import job")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("IATI activity record")
        verbose_name_plural = _("IATI activity records")

    def __str__(self) -> str:
        return f"IATI record of project {self.project_id}"


class ImportedOrganization(models.Model):
    """Labels an organisation that an IATI import created (no match in the reference data)."""

    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="iati_import",
        verbose_name=_("organisation"),
    )
    job = models.ForeignKey(
        "ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import job")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation imported from IATI")
        verbose_name_plural = _("organisations imported from IATI")

    def __str__(self) -> str:
        return f"{self.organization_id} (IATI import)"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def running(self) -> Self:
        return self.filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING])


class ImportJob(models.Model):
    """An IATI file uploaded by a coordinator and imported in the background, with its progress and report."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    path = models.CharField(_("stored file"), max_length=500, editable=False)
    authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holding authority"),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=ImportMode.choices, default=ImportMode.UPDATE)
    on_error = models.CharField(_("on error"), max_length=10, choices=OnError.choices, default=OnError.ROLLBACK)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    bytes_total = models.PositiveBigIntegerField(_("size"), default=0)
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("IATI import job")
        verbose_name_plural = _("IATI import jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.bytes_total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * self.bytes_read / self.bytes_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
