"""Choices for organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    CLUSTER = "cluster", _("Cluster / competitiveness pole")
    UNIVERSITY = "university", _("University / higher education")
    RESEARCH_LAB = "research_lab", _("Research laboratory")
    ASSOCIATION = "association", _("Association / NGO")
    CHAMBER = "chamber", _("Chamber (commerce, trades, agriculture)")
    PUBLIC_AGENCY = "public_agency", _("Public agency / operator")
    INTERNATIONAL = "international", _("International organisation")
    EMBASSY = "embassy", _("Embassy / cooperation service")
    NETWORK = "network", _("Network of authorities")
    FUNDER = "funder", _("Funder")
    GOVERNMENT = "government", _("National government")
