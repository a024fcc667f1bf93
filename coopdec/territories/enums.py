"""Choices for countries and authorities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Zone(models.TextChoices):
    """Geographic zone, from the UN M49 regions (as shipped by babel's CLDR data)."""

    EUROPE = "europe", _("Europe")
    NORTH_AFRICA = "north_africa", _("North Africa")
    SUB_SAHARAN_AFRICA = "sub_saharan_africa", _("Sub-Saharan Africa")
    MIDDLE_EAST = "middle_east", _("Middle East")
    ASIA = "asia", _("Asia")
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA = "latin_america", _("Latin America and the Caribbean")
    OCEANIA = "oceania", _("Oceania")
    ANTARCTICA = "antarctica", _("Antarctica")


class OdaCategory(models.TextChoices):
    """Category on the OECD DAC list of ODA recipients; the co-financing caps of calls depend on it."""

    LEAST_DEVELOPED = "ldc", _("Least developed country")
    OTHER_ELIGIBLE = "oda", _("Other ODA-eligible country")
    NOT_ELIGIBLE = "not_eligible", _("Not ODA-eligible")


class Level(models.TextChoices):
    """Tier of government an authority belongs to, comparable across countries."""

    NATIONAL = "national", _("National (State)")
    REGIONAL = "regional", _("Regional")
    INTERMEDIATE = "intermediate", _("Intermediate")
    LOCAL = "local", _("Local")
    GROUPING = "grouping", _("Grouping of authorities")


class AuthorityKind(models.TextChoices):
    """The local type of an authority, in the words of its own country."""

    REGION = "region", _("Region")
    DEPARTEMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Inter-municipal body (EPCI)")
    SYNDICAT = "syndicat", _("Joint syndicate")
    OVERSEAS_COLLECTIVITY = "overseas_collectivity", _("Overseas collectivity")
    SUI_GENERIS = "sui_generis", _("Sui generis collectivity")
    PROVINCE = "province", _("Province")
    STATE = "state", _("Federated state")
    MUNICIPALITY = "municipality", _("Municipality")
    CITY = "city", _("City")
    WILAYA = "wilaya", _("Wilaya")
    GOVERNORATE = "governorate", _("Governorate")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    AUTONOMOUS_COMMUNITY = "autonomous_community", _("Autonomous community")
    OTHER = "other", _("Other subdivision")


# The kinds a French authority has, in the order of the filters that offer them.
FRENCH_KINDS = (
    AuthorityKind.REGION,
    AuthorityKind.DEPARTEMENT,
    AuthorityKind.COMMUNE,
    AuthorityKind.EPCI,
    AuthorityKind.SYNDICAT,
    AuthorityKind.OVERSEAS_COLLECTIVITY,
    AuthorityKind.SUI_GENERIS,
)


class AuthorityStatus(models.TextChoices):
    """Reference authorities are validated; one proposed by a user waits for a coordinator."""

    VALIDATED = "validated", _("Validated")
    PROPOSED = "proposed", _("Proposed, awaiting validation")
