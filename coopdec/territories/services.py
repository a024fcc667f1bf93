"""Writes on authorities that people propose: propose a missing one, validate it, reject or merge it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Field, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.lib.history import by
from coopdec.lib.text import fold

from . import perms
from .enums import AuthorityStatus
from .models import Authority, Country

if TYPE_CHECKING:
    from .perms import User  # accounts.models, as perms.py may import it


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def propose_authority(
    *,
    author: User,
    on_behalf_of: Authority | None,
    name: str,
    country: Country,
    level: str,
    kind: str,
    official_name: str = "",
    local_kind_label: str = "",
    iso_code: str = "",
    geonames_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Authority:
    """Record an authority missing from the reference data, usable at once by ``on_behalf_of``'s members."""
    _require(perms.can_propose_authority(author, on_behalf_of))
    folded = fold(name)
    same_name = [
        a for a in Authority.objects.filter(country=country, name__iexact=name.strip()) if fold(a.name) == folded
    ]
    if not same_name:
        same_name = [a for a in Authority.objects.in_country(country.code).search(name) if fold(a.name) == folded]
    if same_name:
        raise ValidationError(
            _("%(name)s already exists in %(country)s (%(code)s): search for it and pick it."),
            params={"name": same_name[0].name, "country": country, "code": same_name[0].code},
            code="exists",
        )
    authority = Authority(
        code=f"PROPOSED-{uuid.uuid4().hex[:12].upper()}",
        name=name.strip(),
        official_name=official_name,
        country=country,
        level=level,
        kind=kind,
        local_kind_label=local_kind_label,
        iso_code=iso_code,
        geonames_id=geonames_id,
        latitude=latitude,
        longitude=longitude,
        # The reference data already holds every French authority: a proposal is a foreign one.
        is_french=country.code == "FR",
        status=AuthorityStatus.PROPOSED,
        proposed_by=author,
        proposed_for=on_behalf_of,
        proposed_at=timezone.now(),
    )
    authority.full_clean()
    authority.save()
    return authority


@transaction.atomic
def validate_authority(*, authority: Authority, author: User) -> Authority:
    """Make a proposed authority part of the reference data, usable by everyone."""
    _require(perms.can_validate_authority(author, authority))
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    if authority.status != AuthorityStatus.PROPOSED:
        raise ValidationError(
            _("%(name)s is not awaiting validation."), params={"name": authority}, code="not_proposed"
        )
    authority.status = AuthorityStatus.VALIDATED
    authority.full_clean()
    authority.save()
    return authority


def _references_to(authority: Authority) -> list[tuple[type[models.Model], Field[Any, Any], QuerySet[Any]]]:
    """Every row that points to ``authority``, whatever the app — except history, which keeps what was."""
    found: list[tuple[type[models.Model], Field[Any, Any], QuerySet[Any]]] = []
    for model in apps.get_models(include_auto_created=True):
        if hasattr(model, "instance_type"):  # a django-simple-history record
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is Authority:
                rows = model._base_manager.filter(**{field.name: authority})
                found.append((model, field, rows))
    return found


def usage_count(authority: Authority) -> int:
    """How many rows (parties, participants, members…) point to ``authority``."""
    return sum(rows.count() for _model, _field, rows in _references_to(authority))


@transaction.atomic
def reject_authority(*, authority: Authority, author: User, merge_into: Authority | None = None) -> Authority | None:
    """Reject a proposal: delete it if nothing uses it, else merge it into ``merge_into`` (its uses repointed).

    Returns the authority its uses now point to (``None`` when it was simply deleted).
    """
    _require(perms.can_validate_authority(author, authority))
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    if authority.status != AuthorityStatus.PROPOSED:
        raise ValidationError(
            _("%(name)s is not awaiting validation."), params={"name": authority}, code="not_proposed"
        )
    references = _references_to(authority)
    used = sum(rows.count() for _model, _field, rows in references)
    if merge_into is None:
        if used:
            raise ValidationError(
                _("%(name)s is already used (%(count)s records): choose the existing authority to merge it into."),
                params={"name": authority, "count": used},
                code="used",
            )
        authority.delete()
        return None
    if merge_into.pk == authority.pk:
        raise ValidationError(_("An authority cannot be merged into itself."), code="merge_into_itself")
    if merge_into.status != AuthorityStatus.VALIDATED:
        raise ValidationError(_("Merge into a validated authority."), code="merge_into_proposed")
    reason = f"Merged {authority.code} into {merge_into.code}"
    try:
        with transaction.atomic():
            for model, field, rows in references:
                if hasattr(model, "history"):  # recorded rows keep track of who repointed them
                    for obj in rows:
                        setattr(obj, field.attname, merge_into.pk)
                        by(obj, author, reason).save(update_fields=[field.name])
                else:
                    rows.update(**{field.name: merge_into})
    except IntegrityError:
        raise ValidationError(
            _(
                "%(name)s and %(target)s are both on the same record (e.g. two parties of one partnership): "
                "remove one of them there first."
            ),
            params={"name": authority, "target": merge_into},
            code="merge_conflict",
        ) from None
    authority.delete()
    return merge_into
