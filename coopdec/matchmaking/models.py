"""NACE sectors and matchmaking profiles (profils d'offre et de demande de partenariat) with their embeddings."""

from datetime import date
from typing import Self

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopdec.organizations.enums import OrganizationKind

from .enums import COMPLEMENTARY_KIND, PartnershipType, ProfileKind, ProfileStatus, SectorLevel


class Sector(models.Model):
    """A NACE Rev. 2 section, division, group or class (secteur d'activité, code NACE / NAF)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True, help_text=_("As Eurostat writes it: 10.11."))
    level = models.CharField(_("level"), max_length=10, choices=SectorLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name_en = models.CharField(_("name in English"), max_length=300)
    name_fr = models.CharField(_("name in French"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """French where a French label exists and the interface is French, English otherwise."""
        if (get_language() or "fr")[:2] == "fr" and self.name_fr:
            return self.name_fr
        return self.name_en


class ProfileQuerySet(models.QuerySet["Profile"]):
    def published(self) -> Self:
        return self.filter(status=ProfileStatus.PUBLISHED)

    def live(self, on: date | None = None) -> Self:
        """Published and not past their expiry date: the profiles matching may suggest."""
        on = on or date.today()
        return self.published().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))

    def of_organization(self, organization) -> Self:
        return self.filter(organization=organization)

    def in_country(self, code: str) -> Self:
        return self.filter(organization__country_id=code.upper())

    def complementary_to(self, kind: str) -> Self:
        return self.filter(kind=COMPLEMENTARY_KIND[ProfileKind(kind)])

    def demo(self) -> Self:
        return self.filter(is_demo=True)


class Profile(models.Model):
    """An organisation's offer or request (profil de partenariat, as in the Enterprise Europe Network).

    The embedding of its text is stored with it (``embedding``: little-endian float32 bytes, L2-normalised,
    of the model named in ``embedding_model``) and refreshed by ``services.save_profile`` when the text
    changes; ``embedding_digest`` tells whether it still belongs to the current text.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="profiles",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProfileKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    language = models.CharField(_("language of the text"), max_length=10, blank=True)
    technologies = models.TextField(_("technologies and know-how"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="profiles", verbose_name=_("sectors"), limit_choices_to={"level": "class"}
    )
    partnership_types = models.JSONField(
        _("partnership types sought"), default=list, blank=True, help_text=_("Codes of PartnershipType.")
    )
    target_countries = models.ManyToManyField(
        "territories.Country", blank=True, related_name="+", verbose_name=_("target countries")
    )
    target_authorities = models.ManyToManyField(
        "territories.Authority", blank=True, related_name="+", verbose_name=_("target territories")
    )
    target_organization_kinds = models.JSONField(
        _("kinds of partner organisation sought"),
        default=list,
        blank=True,
        help_text=_("Codes of OrganizationKind; empty for any."),
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    embedding = models.BinaryField(_("embedding"), null=True, blank=True, editable=False)
    sentence_embeddings = models.BinaryField(_("embeddings of the description's sentences"), null=True, editable=False)
    embedding_model = models.CharField(_("embedding model"), max_length=100, blank=True, editable=False)
    embedding_digest = models.CharField(_("digest of the embedded text"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["status", "kind"], name="profile_status_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProfileKind.values), name="profile_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ProfileStatus.values), name="profile_status_known"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        unknown = [code for code in self.partnership_types or [] if code not in PartnershipType.values]
        if unknown:
            errors["partnership_types"] = _("Unknown partnership types: %(codes)s.") % {"codes": ", ".join(unknown)}
        unknown = [code for code in self.target_organization_kinds or [] if code not in OrganizationKind.values]
        if unknown:
            errors["target_organization_kinds"] = _("Unknown organisation kinds: %(codes)s.") % {
                "codes": ", ".join(unknown)
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_live(self) -> bool:
        return self.status == ProfileStatus.PUBLISHED and (self.expires_on is None or self.expires_on >= date.today())

    @property
    def text_to_embed(self) -> str:
        """What the embedding represents: the title, the description and the know-how."""
        return "\n".join(part for part in (self.title, self.description, self.technologies) if part.strip())

    def vector(self) -> np.ndarray | None:
        """The stored embedding as a float32 vector, or None before the first embedding."""
        if not self.embedding:
            return None
        return np.frombuffer(bytes(self.embedding), dtype="<f4")

    def sentence_vectors(self) -> np.ndarray | None:
        """One row per sentence of ``matching.passages.sentences(description)``, or None."""
        if not self.sentence_embeddings or not self.embedding:
            return None
        vectors = np.frombuffer(bytes(self.sentence_embeddings), dtype="<f4")
        return vectors.reshape(-1, len(bytes(self.embedding)) // 4)  # the dimension: float32 components


# The workflow from match to deal (interests, pairings) lives in its own module.
from .models_workflow import *  # noqa: E402, F403
