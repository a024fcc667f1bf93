"""Choices for projects, participants and funding."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    DEVELOPMENT = "development", _("Development")
    ECONOMIC = "economic", _("Economic")
    CULTURAL = "cultural", _("Cultural")
    EDUCATION_RESEARCH = "education_research", _("Education and research")
    INSTITUTIONAL_SUPPORT = "institutional_support", _("Institutional support")
    EMERGENCY_HUMANITARIAN = "emergency_humanitarian", _("Emergency humanitarian aid")
    AWARENESS = "awareness", _("Awareness-raising")


class ProjectStatus(models.TextChoices):
    """IATI ActivityStatus codelist (values are the IATI codes)."""

    PIPELINE = "1", _("Pipeline / identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    OPERATOR = "operator", _("Operator (on the authority's behalf)")
    FUNDER = "funder", _("Funder")
    BENEFICIARY = "beneficiary", _("Beneficiary")


class Instrument(models.TextChoices):
    """How a funding line is financed; the four 1 % mechanisms are capped per service budget."""

    OWN_BUDGET = "own_budget", _("Own budget")
    # Oudin-Santini: 1 % of the water budget and 1 % of the sanitation budget, each on its own.
    ONE_PERCENT_WATER = "one_percent_water", _("1 % water (Oudin-Santini)")
    # xgettext:no-python-format ("% s" and "% e" are not placeholders here)
    ONE_PERCENT_SANITATION = "one_percent_sanitation", _("1 % sanitation (Oudin-Santini)")
    # xgettext:no-python-format ("% s" and "% e" are not placeholders here)
    ONE_PERCENT_ENERGY = "one_percent_energy", _("1 % energy")
    ONE_PERCENT_WASTE = "one_percent_waste", _("1 % waste")
    ONE_PERCENT_TRANSPORT = "one_percent_transport", _("1 % transport")
    MINISTRY_CALL = "ministry_call", _("Ministry call for projects (DAECT)")
    AFD = "afd", _("AFD (FICOL)")
    EU = "eu", _("European Union funds")
    WATER_AGENCY = "water_agency", _("Water agency")
    EMERGENCY_FUND = "emergency_fund", _("Emergency humanitarian fund")
    PARTNER_CONTRIBUTION = "partner_contribution", _("Partner's contribution")
    OTHER = "other", _("Other")


# The 1 % mechanisms: each is capped at 1 % of one service budget of the funding authority.
ONE_PERCENT_INSTRUMENTS = (
    Instrument.ONE_PERCENT_WATER,
    Instrument.ONE_PERCENT_SANITATION,
    Instrument.ONE_PERCENT_ENERGY,
    Instrument.ONE_PERCENT_WASTE,
    Instrument.ONE_PERCENT_TRANSPORT,
)

# Cooperation with a foreign partner expected under a partnership: without one, a warning (not a
# refusal). Emergency humanitarian aid needs none; awareness-raising happens in France.
KINDS_EXPECTING_PARTNERSHIP = frozenset(
    {
        ProjectKind.DEVELOPMENT,
        ProjectKind.INSTITUTIONAL_SUPPORT,
        ProjectKind.ECONOMIC,
        ProjectKind.CULTURAL,
        ProjectKind.EDUCATION_RESEARCH,
    }
)
