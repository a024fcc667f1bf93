"""Matching stored profiles: the in-memory pool of live profiles, kept in step with the database."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date

import numpy as np
from django.db.models import Count, Max

from coopdec.partnerships.models import Partnership, Party

from ..embedding import get_embedder
from ..enums import ProfileStatus
from ..models import Profile
from .engine import Match, rank
from .index import PoolIndex, ProfileRecord
from .passages import best_passage, sentences

_pool: PoolIndex | None = None
_pool_lock = threading.Lock()


def pool_version() -> tuple:
    """Changes whenever a published profile or its organisation changes, or a profile leaves or joins the pool.

    Profile services save the profile after its sectors and targets, so ``updated_at`` covers them too.
    """
    figures = Profile.objects.filter(status=ProfileStatus.PUBLISHED).aggregate(
        count=Count("id"), profiles=Max("updated_at"), organizations=Max("organization__updated_at")
    )
    return (get_embedder().name, figures["count"], figures["profiles"], figures["organizations"])


def stored_records(profiles) -> list[ProfileRecord]:
    """Records of the given profiles (a queryset) with the current model's embedding; three queries."""
    model = get_embedder().name
    rows = list(
        profiles.filter(embedding_model=model)
        .exclude(embedding=None)
        .values_list(
            "id",
            "kind",
            "embedding",
            "organization_id",
            "organization__kind",
            "organization__country_id",
            "organization__authority_id",
            "expires_on",
            "target_organization_kinds",
        )
    )
    ids = [row[0] for row in rows]
    sectors: dict[int, list[str]] = defaultdict(list)
    for profile_id, code in Profile.sectors.through.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "sector_id"
    ):
        sectors[profile_id].append(code)
    countries: dict[int, set[str]] = defaultdict(set)
    for profile_id, code in Profile.target_countries.through.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "country_id"
    ):
        countries[profile_id].add(code)
    return [
        ProfileRecord(
            id=pk,
            kind=kind,
            vector=np.frombuffer(bytes(embedding), dtype="<f4"),
            sectors=tuple(sorted(sectors[pk])),
            country=country or "",
            organization_id=organization_id,
            organization_kind=organization_kind or "",
            authority_id=authority_id,
            target_countries=frozenset(countries[pk]),
            target_organization_kinds=frozenset(target_kinds or ()),
            expires_on=expires_on,
        )
        for (
            pk,
            kind,
            embedding,
            organization_id,
            organization_kind,
            country,
            authority_id,
            expires_on,
            target_kinds,
        ) in rows
    ]


def live_pool() -> PoolIndex:
    """The published profiles as a ``PoolIndex``, rebuilt only when ``pool_version()`` changes.

    Expiry is not part of the version: the engine masks expired profiles at query time.
    """
    global _pool
    version = pool_version()
    with _pool_lock:
        if _pool is None or _pool.version != version:
            records = stored_records(Profile.objects.filter(status=ProfileStatus.PUBLISHED))
            _pool = PoolIndex(records, get_embedder().dimension, version=version)
        return _pool


def record_of(profile: Profile) -> ProfileRecord:
    """The profile as a query; embedded on the fly if its stored embedding is missing or of another model."""
    vector = profile.vector() if profile.embedding_model == get_embedder().name else None
    if vector is None:
        vector = get_embedder().embed([profile.text_to_embed])[0]
    organization = profile.organization
    return ProfileRecord(
        id=profile.pk,
        kind=profile.kind,
        vector=vector,
        sectors=tuple(sorted(profile.sectors.values_list("code", flat=True))),
        country=organization.country_id or "",
        organization_id=organization.pk,
        organization_kind=organization.kind,
        authority_id=organization.authority_id,
        target_countries=frozenset(profile.target_countries.values_list("code", flat=True)),
        target_authority_ids=frozenset(profile.target_authorities.values_list("pk", flat=True)),
        target_organization_kinds=frozenset(profile.target_organization_kinds or ()),
        expires_on=profile.expires_on,
        description=profile.description,
    )


def partners_of(authority_id: int | None, on: date | None = None) -> dict[int, list[int]]:
    """``{authority id: [partnership ids]}`` for the authorities with an active partnership with this one."""
    if authority_id is None:
        return {}
    partnerships = Partnership.objects.active(on).filter(parties__authority_id=authority_id)
    found: dict[int, list[int]] = defaultdict(list)
    for other, partnership in (
        Party.objects.filter(partnership__in=partnerships, authority__isnull=False)
        .exclude(authority_id=authority_id)
        .values_list("authority_id", "partnership_id")
        .distinct()
    ):
        found[other].append(partnership)
    return dict(found)


def profile_sentence_vectors(profile: Profile) -> np.ndarray:
    """The stored vectors of the description's sentences, embedded now if they are stale."""
    stored = profile.sentence_vectors() if profile.embedding_model == get_embedder().name else None
    parts = sentences(profile.description)
    if stored is None or len(stored) != len(parts):
        stored = get_embedder().embed(parts)
    return stored


def suggest_matches(
    profile: Profile, limit: int = 10, *, explain: bool = True, today: date | None = None
) -> list[Match]:
    """Complementary live profiles for ``profile``, best first, each with its reasons and its ``Profile``.

    ``explain`` adds the matching passages (the closest pair of sentences); the rest of the reasons are
    always there.
    """
    query = record_of(profile)
    matches = rank(live_pool(), query, limit=limit, partners=partners_of(query.authority_id, today), today=today)
    found = Profile.objects.select_related("organization", "organization__country").in_bulk(
        [match.profile_id for match in matches]
    )
    matches = [match for match in matches if match.profile_id in found]
    query_vectors = profile_sentence_vectors(profile) if explain else None
    for match in matches:
        match.profile = found[match.profile_id]
        if query_vectors is not None:  # explain
            match.passage = best_passage(
                sentences(profile.description),
                query_vectors,
                sentences(match.profile.description),
                profile_sentence_vectors(match.profile),
            )
    return matches
