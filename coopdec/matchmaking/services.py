"""Writes on matchmaking profiles: create, update, publish, expire, and keep their embeddings in step with the text.

The embedding is refreshed here, explicitly, when the embedded text (title, description, know-how) or the
model changes — never by a signal — and the profile is saved after its sectors and targets so that
``updated_at`` tells the in-memory matching pool that it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import perms
from .embedding import Embedder, digest, get_embedder, to_bytes
from .enums import ProfileStatus
from .matching.passages import sentences
from .models import Profile, Sector

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.organizations.models import Organization
    from coopdec.territories.models import Authority, Country

TEXT_FIELDS = ("title", "description", "technologies")
UPDATABLE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "description",
        "language",
        "technologies",
        "partnership_types",
        "target_organization_kinds",
        "expires_on",
        "status",
    }
)
RELATED_FIELDS = frozenset({"sectors", "target_countries", "target_authorities"})


def needs_embedding(profile: Profile, embedder: Embedder | None = None) -> bool:
    embedder = embedder or get_embedder()
    return not profile.embedding or profile.embedding_digest != digest(profile.text_to_embed, embedder.name)


def refresh_embeddings(profiles: list[Profile], embedder: Embedder | None = None) -> list[Profile]:
    """Embed the profiles whose text or model changed (in one batch), without saving; returns those changed."""
    embedder = embedder or get_embedder()
    stale = [profile for profile in profiles if needs_embedding(profile, embedder)]
    if not stale:
        return []
    vectors = embedder.embed([profile.text_to_embed for profile in stale])
    parts = [sentences(profile.description) for profile in stale]
    sentence_vectors = embedder.embed([sentence for group in parts for sentence in group])
    start = 0
    for profile, vector, group in zip(stale, vectors, parts, strict=True):
        profile.embedding = to_bytes(vector)
        profile.sentence_embeddings = to_bytes(sentence_vectors[start : start + len(group)])
        profile.embedding_model = embedder.name
        profile.embedding_digest = digest(profile.text_to_embed, embedder.name)
        start += len(group)
    return stale


def _check_sectors(codes: Iterable[str]) -> list[Sector]:
    codes = list(dict.fromkeys(codes))
    found = {sector.code: sector for sector in Sector.objects.filter(code__in=codes, level="class")}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {"sectors": _("Not NACE classes (written like 10.11): %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [found[code] for code in codes]


def _write(profile: Profile, related: dict[str, Any]) -> Profile:
    if profile.status == ProfileStatus.PUBLISHED and profile.published_on is None:
        profile.published_on = date.today()
    profile.full_clean(exclude=["embedding", "sentence_embeddings"])
    sectors = _check_sectors(related["sectors"]) if "sectors" in related else None
    with transaction.atomic():
        profile.save()
        if sectors is not None:
            profile.sectors.set(sectors)
        for name in ("target_countries", "target_authorities"):
            if name in related:
                getattr(profile, name).set(related[name])
        refresh_embeddings([profile])
        profile.save()  # last, so that updated_at follows the sectors and targets too
    return profile


def create_profile(
    *,
    author: User | None,
    organization: Organization,
    kind: str,
    title: str,
    description: str,
    language: str = "",
    technologies: str = "",
    sectors: Iterable[str] = (),
    partnership_types: Iterable[str] = (),
    target_countries: Iterable[Country | str] = (),  # countries or their codes
    target_authorities: Iterable[Authority | int] = (),  # authorities or their keys
    target_organization_kinds: Iterable[str] = (),
    expires_on: date | None = None,
    status: str = ProfileStatus.DRAFT,
    is_demo: bool = False,
) -> Profile:
    """A new profile of ``organization``, embedded. ``author=None`` is the platform itself (loaders, demo data)."""
    if author is not None and not perms.can_create_profile(author, organization):
        raise PermissionDenied(_("Only the organisation's members and coordinators write its profiles."))
    profile = Profile(
        organization=organization,
        kind=kind,
        title=title,
        description=description,
        language=language,
        technologies=technologies,
        partnership_types=list(partnership_types),
        target_organization_kinds=list(target_organization_kinds),
        expires_on=expires_on,
        status=status,
        is_demo=is_demo,
        created_by=author,
    )
    related = {
        "sectors": list(sectors),
        "target_countries": list(target_countries),
        "target_authorities": list(target_authorities),
    }
    return _write(profile, related)


def update_profile(*, author: User | None, profile: Profile, **changes: Any) -> Profile:
    """Change the given fields (``UPDATABLE_FIELDS`` and the sectors and targets); re-embed if the text changed."""
    if author is not None and not perms.can_edit_profile(author, profile):
        raise PermissionDenied(_("Only the organisation's members and coordinators edit its profiles."))
    unknown = set(changes) - UPDATABLE_FIELDS - RELATED_FIELDS
    if unknown:
        raise ValueError(f"update_profile cannot change {sorted(unknown)}")
    for name, value in changes.items():
        if name in UPDATABLE_FIELDS:
            setattr(profile, name, list(value) if name in ("partnership_types", "target_organization_kinds") else value)
    return _write(profile, {name: list(value) for name, value in changes.items() if name in RELATED_FIELDS})


def publish_profile(*, author: User | None, profile: Profile) -> Profile:
    """Publish a draft (or re-publish an expired profile whose expiry date was moved)."""
    if profile.expires_on is not None and profile.expires_on < date.today():
        raise ValidationError({"expires_on": _("The expiry date is past: move it before publishing.")})
    return update_profile(author=author, profile=profile, status=ProfileStatus.PUBLISHED)


def expire_profiles(on: date | None = None) -> int:
    """Mark published profiles past their expiry date as expired; the number marked."""
    on = on or date.today()
    stale = Profile.objects.published().filter(expires_on__lt=on)
    return stale.update(status=ProfileStatus.EXPIRED, updated_at=timezone.now())


def embed_stored_profiles(
    *, batch_size: int = 64, force: bool = False, progress: Callable[[int], None] | None = None
) -> int:
    """Refresh the embeddings of every stored profile whose text or model changed (all with ``force``), in batches.

    ``progress`` is called with the number of profiles looked at after each batch; returns the number embedded.
    ``updated_at`` is left alone when nothing changed, so the matching pool is not rebuilt for nothing.
    """
    embedder = get_embedder()
    embedded = 0
    ids = list(Profile.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = list(Profile.objects.filter(pk__in=ids[start : start + batch_size]).order_by("pk"))
        if force:
            for profile in batch:
                profile.embedding_digest = ""
        changed = refresh_embeddings(batch, embedder)
        with transaction.atomic():
            for profile in changed:
                profile.save(
                    update_fields=[
                        "embedding",
                        "sentence_embeddings",
                        "embedding_model",
                        "embedding_digest",
                        "updated_at",
                    ]
                )
        embedded += len(changed)
        if progress:
            progress(len(batch))
    return embedded
