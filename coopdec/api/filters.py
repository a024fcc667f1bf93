"""Filters that name another record by its code: an unknown code is a 422, not an empty page."""

from django.utils.translation import gettext as _

from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from .errors import bad_filter


def known_country(code: str) -> str:
    code = code.upper()
    if not Country.objects.filter(code=code).exists():
        raise bad_filter("country", _("Unknown country code: %(code)s.") % {"code": code})
    return code


def known_theme(code: str) -> Theme:
    theme = Theme.objects.filter(code=code).first()
    if theme is None:
        raise bad_filter("theme", _("Unknown theme code: %(code)s (see /api/themes).") % {"code": code})
    return theme


def known_authority(code: str) -> Authority:
    authority = Authority.objects.filter(code__in={code, code.upper()}).first()
    if authority is None:
        raise bad_filter("authority", _("Unknown authority code: %(code)s.") % {"code": code})
    return authority
