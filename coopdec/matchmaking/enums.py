"""Choices for matchmaking profiles (the Enterprise Europe Network vocabulary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileKind(models.TextChoices):
    BUSINESS_OFFER = "business_offer", _("Business offer")
    BUSINESS_REQUEST = "business_request", _("Business request")
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    RESEARCH_REQUEST = "research_request", _("Research & development request")


# Which kind of profile answers which: an offer meets a request of the same kind; R&D requests meet each other.
COMPLEMENTARY_KIND = {
    ProfileKind.BUSINESS_OFFER: ProfileKind.BUSINESS_REQUEST,
    ProfileKind.BUSINESS_REQUEST: ProfileKind.BUSINESS_OFFER,
    ProfileKind.TECHNOLOGY_OFFER: ProfileKind.TECHNOLOGY_REQUEST,
    ProfileKind.TECHNOLOGY_REQUEST: ProfileKind.TECHNOLOGY_OFFER,
    ProfileKind.RESEARCH_REQUEST: ProfileKind.RESEARCH_REQUEST,
}


class PartnershipType(models.TextChoices):
    COMMERCIAL_AGREEMENT = "commercial", _("Commercial agreement")
    TECHNICAL_COOPERATION = "technical", _("Technical cooperation")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    LICENCE = "licence", _("Licence agreement")
    RESEARCH_COOPERATION = "research", _("Research cooperation")
    INVESTMENT = "investment", _("Investment")


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")


class SectorLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    GROUP = "group", _("Group")
    CLASS = "class", _("Class")
