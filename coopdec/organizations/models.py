"""Organisations taking part in cooperation (entreprises, pôles, universités, ONG…) and their contacts."""

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopdec.lib.text import fold

from .enums import OrganizationKind


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def of_kind(self, kind: str) -> Self:
        return self.filter(kind=kind)

    def international(self) -> Self:
        return self.filter(kind=OrganizationKind.INTERNATIONAL)

    def in_country(self, code: str) -> Self:
        return self.filter(country_id=code.upper())

    def search(self, query: str) -> Self:
        queryset = self
        for word in fold(query).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Organization(models.Model):
    """A company, cluster, university, lab, NGO, chamber, agency, international organisation, funder…"""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        "territories.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("country"),
        help_text=_("Empty for an international organisation without a seat country."),
    )
    authority = models.ForeignKey(
        "territories.Authority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("home authority"),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    iati_ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)
    sectors = models.JSONField(_("sectors (NACE Rev.2 codes)"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of the description"), max_length=10, default="fr")
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_ref"], condition=~Q(iati_ref=""), name="organization_unique_iati_ref"
            ),
            models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="organization_unique_siret"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.acronym}")
        super().save(*args, **kwargs)


class Contact(models.Model):
    """A person to reach at an organisation."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
