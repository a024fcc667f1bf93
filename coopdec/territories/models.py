"""Countries and authorities (collectivités territoriales françaises et autorités locales étrangères)."""

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopdec.lib.text import fold

from .enums import AuthorityKind, AuthorityStatus, Level, OdaCategory, Zone


class CountryQuerySet(models.QuerySet["Country"]):
    def oda_eligible(self) -> Self:
        return self.exclude(oda_category=OdaCategory.NOT_ELIGIBLE)

    def least_developed(self) -> Self:
        return self.filter(oda_category=OdaCategory.LEAST_DEVELOPED)

    def in_zone(self, zone: str) -> Self:
        return self.filter(zone=zone)


class Country(models.Model):
    """A country or territory with an ISO 3166-1 code (pays)."""

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric code"), max_length=3, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(
        _("names in other languages"), default=dict, blank=True, help_text=_("Language code → name.")
    )
    zone = models.CharField(_("geographic zone"), max_length=30, choices=Zone.choices, blank=True)
    oda_category = models.CharField(
        _("ODA category"),
        max_length=20,
        choices=OdaCategory.choices,
        default=OdaCategory.NOT_ELIGIBLE,
        help_text=_("Current category on the DAC list; the yearly history is in ODA statuses."),
    )
    recognised_by_france = models.BooleanField(
        _("recognised by France"),
        default=True,
        help_text=_(
            "A French authority signs no convention with a party of a country France does not recognise. "
            "Maintained by the coordinators (docs/rules.md)."
        ),
    )
    search_text = models.TextField(editable=False, default="")

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.name_fr, self.name_en, *self.names.values()]))
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """The name in the active interface language, French when none is known."""
        language = (get_language() or "fr")[:2]
        if language == "fr":
            return self.name_fr
        if language == "en":
            return self.name_en
        return self.names.get(language) or self.name_fr


class OdaStatus(models.Model):
    """A country's category on the DAC list of ODA recipients for one reporting year."""

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="oda_statuses", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("ODA category"), max_length=20, choices=OdaCategory.choices)

    class Meta:
        verbose_name = _("ODA status")
        verbose_name_plural = _("ODA statuses")
        ordering = ["country", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="oda_status_one_per_country_year"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.year}: {self.get_category_display()}"


class AuthorityQuerySet(models.QuerySet["Authority"]):
    def french(self) -> Self:
        return self.filter(is_french=True)

    def foreign(self) -> Self:
        return self.filter(is_french=False)

    def validated(self) -> Self:
        return self.filter(status=AuthorityStatus.VALIDATED)

    def proposed(self) -> Self:
        return self.filter(status=AuthorityStatus.PROPOSED)

    def in_country(self, code: str) -> Self:
        return self.filter(country_id=code.upper())

    def of_kind(self, kind: str) -> Self:
        return self.filter(kind=kind)

    def search(self, query: str) -> Self:
        """Authorities whose name (or a known alternate name) contains every word, accents folded."""
        queryset = self
        for word in fold(query).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Authority(models.Model):
    """A territorial authority, French (collectivité territoriale) or foreign (autorité locale).

    ``code`` is the platform's stable identifier: ``FR-REG-11`` (région, INSEE code),
    ``FR-DEP-59`` (département), ``FR-COM-59350`` (commune), ``FR-EPCI-200093201`` (EPCI, SIREN),
    ``FR-COM-988`` style codes for overseas governments, ``AM-ER`` (foreign subdivision, ISO 3166-2)
    and ``GEONAMES-616052`` (foreign city, GeoNames id).
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    official_name = models.CharField(
        _("official name"), max_length=255, blank=True, help_text=_("E.g. the council's name: Conseil régional …")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("country")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("local type"), max_length=30, choices=AuthorityKind.choices)
    local_kind_label = models.CharField(
        _("local type as named locally"), max_length=100, blank=True, help_text=_("E.g. Wilaya, Sheng, Do.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent authority"),
    )
    insee_code = models.CharField(_("INSEE COG code"), max_length=10, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=10, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_french = models.BooleanField(
        _("French authority"), default=False, help_text=_("French law applies (overseas authorities included).")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AuthorityStatus.choices, default=AuthorityStatus.VALIDATED
    )
    alternate_names = models.TextField(_("alternate names"), blank=True, help_text=_("One per line."))
    # A proposed authority is usable at once by the authority whose member proposed it.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed on behalf of"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "kind"], name="authority_country_kind"),
            models.Index(fields=["name"], name="authority_name"),
            models.Index(fields=["insee_code"], name="authority_insee"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["siren"], condition=~Q(siren=""), name="authority_unique_siren"),
            models.UniqueConstraint(
                fields=["geonames_id"], condition=Q(geonames_id__isnull=False), name="authority_unique_geonames"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="authority_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="authority_longitude_range",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="authority_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    @property
    def is_proposed(self) -> bool:
        """Proposed by a member and not yet validated by a coordinator."""
        return self.status == AuthorityStatus.PROPOSED

    def build_search_text(self) -> str:
        return fold(" ".join([self.name, self.official_name, self.alternate_names, self.insee_code, self.iso_code]))


class ReferenceLoad(models.Model):
    """When each step of ``load_reference`` last ran, and from which sources (their fingerprint)."""

    step = models.CharField(_("step"), max_length=50, unique=True)
    fingerprint = models.CharField(_("fingerprint of the sources"), max_length=64)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("reference data load")
        verbose_name_plural = _("reference data loads")
        ordering = ["step"]

    def __str__(self) -> str:
        return f"{self.step} ({self.loaded_at:%Y-%m-%d %H:%M})"
