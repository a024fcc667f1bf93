"""Records a request body names by code or id: an unknown one is a 422 at its place in the body.

Only existence is checked here; whether the user may use the record is the services' business.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from coopdec.organizations.models import Organization
from coopdec.partnerships.models import Partnership
from coopdec.projects.models import Funding
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from .errors import bad_reference


def authority(code: str | None, loc: list):
    if code is None:
        return None
    found = Authority.objects.select_related("country").filter(code__in={code, code.upper()}).first()
    if found is None:
        raise bad_reference(loc, _("Unknown authority code: %(code)s.") % {"code": code})
    return found


def organization(pk: int | None, loc: list):
    if pk is None:
        return None
    found = Organization.objects.select_related("country").filter(pk=pk).first()
    if found is None:
        raise bad_reference(loc, _("No organisation with the id %(id)s.") % {"id": pk})
    return found


def country(code: str | None, loc: list):
    if code is None:
        return None
    found = Country.objects.filter(code=code.upper()).first()
    if found is None:
        raise bad_reference(loc, _("Unknown country code: %(code)s.") % {"code": code})
    return found


def themes(codes: Sequence[str] | None, loc: list):
    if codes is None:
        return None
    found = list(Theme.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {theme.code for theme in found})
    if unknown:
        raise bad_reference(loc, _("Unknown theme code: %(code)s (see /api/themes).") % {"code": ", ".join(unknown)})
    return found


def partnership(pk: int | None, loc: list):
    if pk is None:
        return None
    found = Partnership.objects.filter(pk=pk).first()
    if found is None:
        raise bad_reference(loc, _("No partnership with the id %(id)s.") % {"id": pk})
    return found


def funding(pk: int | None, loc: list):
    """A funding line of any project: whether it belongs to the right one is the service's rule."""
    if pk is None:
        return None
    found = Funding.objects.select_related("project").filter(pk=pk).first()
    if found is None:
        raise bad_reference(loc, _("No funding line with the id %(id)s.") % {"id": pk})
    return found
