"""Choices for partnerships and affiliations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipKind(models.TextChoices):
    CONVENTION = "convention", _("Cooperation convention")
    TWINNING = "twinning", _("Twinning")
    DECLARATION_OF_INTENT = "declaration_of_intent", _("Declaration of intent")
    FRAMEWORK_AGREEMENT = "framework_agreement", _("Framework agreement")
    FRIENDSHIP = "friendship", _("Friendship agreement")
    INFORMAL = "informal", _("Informal contact")


# Agreements that, signed by a French authority, are conventions under CGCT L1115-1: never with a
# foreign State, and in force once sent to the préfet.
FRENCH_CONVENTION_KINDS = frozenset(
    {
        PartnershipKind.CONVENTION,
        PartnershipKind.TWINNING,
        PartnershipKind.FRAMEWORK_AGREEMENT,
        PartnershipKind.DECLARATION_OF_INTENT,
    }
)


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    # Only a French convention waits in this state: it takes effect once sent to the préfet;
    # any other partnership is in force from its signature.
    SIGNED = "signed", _("Signed — not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class PartnershipMode(models.TextChoices):
    PEER = "peer", _("Between peers")
    DEVELOPMENT_AID = "development_aid", _("Development aid")


class LegalForm(models.TextChoices):
    """The legal basis in the French code (CGCT L1115-1 and following)."""

    DEVELOPMENT_AID = "development_aid", _("Development aid")
    INSTITUTIONAL_SUPPORT = "institutional_support", _("Institutional support")
    JOINT_MANAGEMENT = "joint_management", _("Joint management of goods and services")
    CROSS_BORDER = "cross_border", _("Cross-border cooperation")
    INTERREGIONAL = "interregional", _("Interregional cooperation")
    REGIONAL_COOPERATION = "regional_cooperation", _("Overseas regional cooperation")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    PARTNER = "partner", _("Partner")
    SUPPORT = "support", _("Supporting party")
    OBSERVER = "observer", _("Observer")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class AffiliationStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    ASSOCIATE = "associate", _("Associate member")
    OBSERVER = "observer", _("Observer")
