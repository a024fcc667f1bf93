"""The atlas search index: one row per public partnership or project, with its facets denormalised."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    PROJECT = "project", _("Project")


class SearchDocument(models.Model):
    """What the atlas search reads for one public partnership or project (rebuilt from it on every write).

    ``text`` holds the folded words of its titles and descriptions in every language, its authorities'
    and countries' names and its themes (``lib.search.prepare``); the full-text index follows it.
    Single-valued facets are columns; multi-valued ones (countries, authorities, themes…) are
    ``SearchFacet`` rows.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    object_id = models.PositiveIntegerField(_("object id"))
    text = models.TextField(_("indexed text"))
    subkind = models.CharField(_("partnership or project kind"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    amount = models.DecimalField(_("amount in euros"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_object")]
        indexes = [
            models.Index(fields=["date"], name="search_document_date"),
            models.Index(fields=["amount"], name="search_document_amount"),
            models.Index(fields=["year", "kind"], name="search_document_year"),
            models.Index(fields=["status", "kind"], name="search_document_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class SearchFacet(models.Model):
    """One value of a multi-valued facet of a search document (a country, an authority, a theme…)."""

    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        related_name="facets",
        verbose_name=_("search document"),
        db_index=False,  # the unique constraint's index starts with it
    )
    facet = models.CharField(_("facet"), max_length=20)
    value = models.CharField(_("value"), max_length=40)

    class Meta:
        verbose_name = _("search facet value")
        verbose_name_plural = _("search facet values")
        constraints = [
            models.UniqueConstraint(fields=["document", "facet", "value"], name="search_facet_unique"),
        ]
        # Filtering ("documents of country MA") and counting ("documents per country") both start here.
        indexes = [models.Index(fields=["facet", "value", "document"], name="search_facet_lookup")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchIndexVersion(models.Model):
    """The state of the search index: a token drawn again by every change to it, and a serial counting them.

    Each process keeps the index's facets in memory (``search.snapshot``) and compares the token it loaded with
    this one. A random token rather than a counter, so that a rolled-back change can never make an older copy
    look current. Each change also increments ``serial`` and, in ``SearchIndexChange``, lists under it the
    objects it re-indexed, so that a process whose copy is a few changes behind re-reads only their documents.
    """

    token = models.CharField(_("token"), max_length=32)
    serial = models.PositiveBigIntegerField(_("serial"), default=0)

    class Meta:
        verbose_name = _("search index version")
        verbose_name_plural = _("search index versions")

    def __str__(self) -> str:
        return f"{self.serial} ({self.token})"


class SearchIndexChange(models.Model):
    """A partnership or project re-indexed by change ``serial``, which left the index at ``token``.

    A change that re-indexed everything (a rebuild) is one row with an empty ``kind``; only the latest changes
    are kept.
    """

    serial = models.PositiveBigIntegerField(_("serial"), db_index=True)
    token = models.CharField(_("token"), max_length=32)
    kind = models.CharField(_("kind"), max_length=12, blank=True, choices=DocumentKind.choices)
    object_id = models.PositiveIntegerField(_("object id"))

    class Meta:
        verbose_name = _("search index change")
        verbose_name_plural = _("search index changes")

    def __str__(self) -> str:
        return f"{self.serial}: {self.kind or '*'} {self.object_id}"
