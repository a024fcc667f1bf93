"""What the language switcher needs to send the visitor to the same page in another language."""

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def current_path_in_default_language(context) -> str:
    """The current page's address without a language prefix, e.g. ``/accounts/login/`` on ``/en/accounts/login/``.

    Django's ``set_language`` view runs in the default language (its own URL has no prefix), so it can only
    translate a ``next`` address that resolves in that language: handed ``/en/…``, it would send the visitor
    back to the English page after they chose French.
    """
    return translate_url(context["request"].get_full_path(), settings.LANGUAGE_CODE)
