"""The authority search behind every party picker, as the JSON the pickers read; asked by several workspace pages."""

from django.utils.translation import gettext as _

from coopdec.lib.text import fold
from coopdec.organizations.models import Organization
from coopdec.territories import perms, selectors
from coopdec.territories.enums import AuthorityStatus
from coopdec.territories.models import Authority

SEARCH_LIMIT = 20


def authority_json(authority: Authority) -> dict:
    proposed = authority.status == AuthorityStatus.PROPOSED
    detail = f"{authority.get_kind_display()} · {authority.country}"
    return {
        "value": f"authority:{authority.pk}",
        "id": authority.pk,
        "label": authority.name,
        "name": authority.name,
        "code": authority.code,
        "country": authority.country_id,
        "kind": authority.get_kind_display(),
        "proposed": proposed,
        "detail": f"{detail} · {_('proposed')}" if proposed else detail,
    }


def organization_json(organization: Organization) -> dict:
    country = organization.country or ""
    return {
        "value": f"organization:{organization.pk}",
        "id": organization.pk,
        "label": str(organization),
        "name": organization.name,
        "code": organization.acronym,
        "country": organization.country_id or "",
        "kind": organization.get_kind_display(),
        "proposed": False,
        "detail": f"{organization.get_kind_display()} · {country}",
    }


def search_authorities(user, query: str, *, with_organizations: bool = False, validated_only: bool = False) -> list:
    """Up to 20 authorities (and organisations when asked) whose folded name holds every word of ``query``."""
    query = query.strip()[:100]
    if len(fold(query)) < 2:
        return []
    authorities = Authority.objects.validated() if validated_only else perms.usable_authorities(user)
    found = list(
        selectors.search_authorities(query, authorities=authorities.select_related("country"), limit=SEARCH_LIMIT)
    )
    if not with_organizations:
        return [authority_json(a) for a in found]
    organizations = list(Organization.objects.search(query).select_related("country")[:SEARCH_LIMIT])
    # Share the places, so that a word common among authorities does not hide every organisation.
    n_authorities = min(len(found), max(SEARCH_LIMIT // 2, SEARCH_LIMIT - len(organizations)))
    return [authority_json(a) for a in found[:n_authorities]] + [
        organization_json(o) for o in organizations[: SEARCH_LIMIT - n_authorities]
    ]
