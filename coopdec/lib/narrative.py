"""Text that people write, in the language they wrote it, with translations beside it.

Maps one-to-one onto IATI ``narrative xml:lang``: ``language`` is the original's language and
``translations`` holds ``{"en": {"title": …, "description": …}, …}``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("es", "Español"),
    ("pt", "Português"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("hy", "Հայերեն"),
    ("zh", "中文"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("ru", "Русский"),
    ("ca", "Català"),
]


class Narrative(models.Model):
    """Abstract: a title and a description in one language, with translations."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=LANGUAGE_CHOICES, default="fr", help_text=_("Language of the text.")
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def text_in(self, field: str, language: str | None = None) -> tuple[str, str]:
        """``(text, language)`` of ``field`` in ``language`` if translated, else in the original."""
        language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
        if language != self.language:
            translated = self.translations.get(language, {}).get(field)
            if translated:
                return translated, language
        return getattr(self, field), self.language

    @property
    def display_title(self) -> str:
        return self.text_in("title")[0]
