"""Cooperation themes (thématiques), each mapped to DAC purpose codes and SDGs."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme of the platform's own vocabulary (thématique de coopération).

    The yearly declaration and the IATI export both read ``dac_codes`` (OECD DAC 5-digit purpose
    codes) and ``sdgs`` (goal numbers 1–17) from here, so they come out of the same data.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_fr = models.CharField(_("label in French"), max_length=150)
    label_en = models.CharField(_("label in English"), max_length=150)
    dac_codes = models.JSONField(_("DAC purpose codes"), default=list, blank=True)
    sdgs = models.JSONField(_("Sustainable Development Goals"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr
