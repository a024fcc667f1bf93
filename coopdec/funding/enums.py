"""Choices for the 1 % mechanisms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.projects.enums import Instrument


class Service(models.TextChoices):
    """A public service whose budget may give 1 % to external action (each budget on its own)."""

    WATER = "water", _("Water")
    SANITATION = "sanitation", _("Sanitation")
    ENERGY = "energy", _("Energy")
    WASTE = "waste", _("Waste")
    TRANSPORT = "transport", _("Transport")


# Which service budget a 1 % funding line is charged to.
SERVICE_OF_INSTRUMENT: dict[str, Service] = {
    Instrument.ONE_PERCENT_WATER: Service.WATER,
    Instrument.ONE_PERCENT_SANITATION: Service.SANITATION,
    Instrument.ONE_PERCENT_ENERGY: Service.ENERGY,
    Instrument.ONE_PERCENT_WASTE: Service.WASTE,
    Instrument.ONE_PERCENT_TRANSPORT: Service.TRANSPORT,
}
INSTRUMENT_OF_SERVICE: dict[str, str] = {  # a Service (a str) or its value
    service: instrument for instrument, service in SERVICE_OF_INSTRUMENT.items()
}
