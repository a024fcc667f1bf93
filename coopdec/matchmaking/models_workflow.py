"""From match to deal: expressions of interest (manifestations d'intérêt), pairings (binômes) and their stages.

Imported at the end of ``models.py`` so that Django finds the models in the app's ``models`` module.
"""

from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PairingStage(models.TextChoices):
    CONTACT = "contact", _("Contact")
    MEETING = "meeting", _("Meeting")
    NEGOTIATION = "negotiation", _("Negotiation")
    AGREEMENT = "agreement", _("Agreement signed")
    ABANDONED = "abandoned", _("Abandoned")


# A pairing moves forward or is abandoned; a signed or abandoned pairing is closed.
CLOSED_STAGES = frozenset({PairingStage.AGREEMENT, PairingStage.ABANDONED})


class AgreementType(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial agreement")
    TECHNICAL = "technical", _("Technical cooperation")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    LICENCE = "licence", _("Licence agreement")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    RESEARCH = "research", _("Research cooperation")
    INVESTMENT = "investment", _("Investment")


class InterestQuerySet(models.QuerySet["Interest"]):
    def pending(self) -> Self:
        return self.filter(status=InterestStatus.PENDING)

    def involving(self, organization_ids) -> Self:
        """Sent by, or received by, one of these organisations."""
        return self.filter(Q(organization_id__in=organization_ids) | Q(profile__organization_id__in=organization_ids))


class Interest(models.Model):
    """An organisation's expression of interest in a profile (Expression of Interest, as in the EEN workflow).

    The sender may stay anonymous until the profile's owner accepts; contact details are revealed on acceptance.
    """

    profile = models.ForeignKey(
        "matchmaking.Profile", on_delete=models.CASCADE, related_name="interests", verbose_name=_("profile")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="matchmaking_interests",
        verbose_name=_("interested organisation"),
    )
    message = models.TextField(_("message"))
    is_anonymous = models.BooleanField(_("anonymous until accepted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=InterestStatus.choices, default="pending")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "organization"], name="interest_once_per_organization"),
            models.CheckConstraint(condition=Q(status__in=InterestStatus.values), name="interest_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.profile}"

    def clean(self):
        if self.profile_id and self.organization_id and self.profile.organization_id == self.organization_id:
            raise ValidationError(_("An organisation cannot express an interest in its own profile."))


class PairingQuerySet(models.QuerySet["Pairing"]):
    def of_authority(self, authority) -> Self:
        """Pairings one side of which is an organisation whose home authority is ``authority``."""
        return self.filter(
            Q(interest__organization__authority=authority) | Q(interest__profile__organization__authority=authority)
        )


class Pairing(models.Model):
    """Two organisations followed from first contact to a signed agreement (binôme d'entreprises)."""

    interest = models.OneToOneField(
        Interest, on_delete=models.CASCADE, related_name="pairing", verbose_name=_("expression of interest")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=PairingStage.choices, default="contact")
    agreement_type = models.CharField(_("type of agreement"), max_length=20, choices=AgreementType.choices, blank=True)
    stage_on = models.DateField(_("date of the stage"))
    started_on = models.DateField(_("started on"))
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=PairingStage.values), name="pairing_stage_known"),
            models.CheckConstraint(
                condition=~Q(stage="agreement") | ~Q(agreement_type=""), name="pairing_agreement_has_type"
            ),
        ]

    def __str__(self) -> str:
        return str(self.interest)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    def clean(self):
        if self.stage == PairingStage.AGREEMENT and not self.agreement_type:
            raise ValidationError({"agreement_type": _("Say which kind of agreement was signed.")})


class StageChange(models.Model):
    """One step in a pairing's history: the stage reached, when, by whom, and a note."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="history", verbose_name=_("pairing"))
    stage = models.CharField(_("stage"), max_length=12, choices=PairingStage.choices)
    agreement_type = models.CharField(_("type of agreement"), max_length=20, choices=AgreementType.choices, blank=True)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.pairing}: {self.get_stage_display()}"


__all__ = [
    "AgreementType",
    "CLOSED_STAGES",
    "Interest",
    "InterestStatus",
    "Pairing",
    "PairingStage",
    "StageChange",
]
