"""Economic fabric for everyone: an organisation's live matchmaking profiles, a territory's, by kind and sector.

Their routes keep the ``matchmaking`` namespace (``matchmaking:territory``…), beside the officers' matchmaking pages.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import path

from coopdec.matchmaking.enums import ProfileKind
from coopdec.matchmaking.models import Profile, Sector
from coopdec.organizations.models import Organization
from coopdec.territories.models import Authority


def _sections_of(profile: Profile) -> list[Sector]:
    """The NACE sections of a profile's classes (class → group → division → section), prefetched."""
    found = {}
    for sector in profile.sectors.all():
        section = sector.parent.parent.parent if sector.parent and sector.parent.parent else None
        if section is not None:
            found[section.code] = section
    return [found[code] for code in sorted(found)]


def _fabric(profiles) -> dict:
    """Live profiles grouped by kind and by NACE section (a profile with no sector is under "—")."""
    profiles = list(
        profiles.live()
        .select_related("organization__country")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.select_related("parent__parent__parent")))
        .order_by("kind", "title", "pk")
    )
    by_kind: dict[str, list] = defaultdict(list)
    table: dict[str, Counter] = defaultdict(Counter)
    sections: dict[str, Sector | None] = {}
    for profile in profiles:
        profile.sections = _sections_of(profile)
        by_kind[profile.kind].append(profile)
        for section in profile.sections or [None]:
            key = section.code if section else "—"
            sections[key] = section
            table[key][profile.kind] += 1
    kinds = [(value, label) for value, label in ProfileKind.choices]
    return {
        "total": len(profiles),
        "kinds": kinds,
        "groups": [(label, by_kind[value]) for value, label in kinds if by_kind[value]],
        "table": [(sections[key], [table[key][value] for value, _label in kinds]) for key in sorted(sections)],
    }


def organization_profiles(request, pk: int):
    """An organisation's page (a cluster's too): its live profiles by kind and sector."""
    organization = get_object_or_404(Organization.objects.select_related("country", "authority"), pk=pk)
    context = {"organization": organization, **_fabric(Profile.objects.filter(organization=organization))}
    return render(request, "atlas/fabric/organization.html", context)


def territory_fabric(request, code: str):
    """A territory's economic fabric: what the organisations at home in it (or in its children) offer and need."""
    authority = get_object_or_404(Authority.objects.select_related("country"), code=code)
    profiles = Profile.objects.filter(
        Q(organization__authority=authority) | Q(organization__authority__parent=authority)
    )
    return render(request, "atlas/fabric/territory.html", {"authority": authority, **_fabric(profiles)})


urlpatterns = [
    path("organizations/<int:pk>/", organization_profiles, name="organization"),
    path("territories/<str:code>/", territory_fabric, name="territory"),
]
