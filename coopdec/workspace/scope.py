"""Which authority a workspace page is about: one of the member's own, or any authority for a coordinator.

And the page that asks to choose one when there is none yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from coopdec.accounts.perms import authority_ids_of, is_coordinator
from coopdec.territories.models import Authority

SESSION_KEY = "workspace_authority"


@dataclass(frozen=True)
class Scope:
    """The chosen authority (``None`` until a coordinator picks one) and the user's own, for the selector."""

    authority: Authority | None
    own: list[Authority] = field(default_factory=list)
    is_coordinator: bool = False


def workspace_scope(request) -> Scope:
    """The authority named by ``?authority=``, else the last one chosen in this session, else the user's first.

    A member naming an authority they do not belong to is refused (``PermissionDenied``), not silently
    shown their own: a shared link must not display another authority's figures under its name.
    """
    user = request.user
    coordinator = is_coordinator(user)
    own_ids = authority_ids_of(user)
    own = list(Authority.objects.filter(pk__in=own_ids).order_by("name")) if own_ids else []
    requested = request.GET.get("authority", "")
    if requested.isdigit():
        authority = _allowed(int(requested), own, coordinator)
        if authority is None:
            raise PermissionDenied
        request.session[SESSION_KEY] = authority.pk
        return Scope(authority, own, coordinator)
    remembered = request.session.get(SESSION_KEY)
    authority = _allowed(remembered, own, coordinator) if isinstance(remembered, int) else None
    if authority is None and own:
        authority = own[0]
    return Scope(authority, own, coordinator)


def _allowed(pk: int, own: list[Authority], coordinator: bool) -> Authority | None:
    for authority in own:
        if authority.pk == pk:
            return authority
    return Authority.objects.filter(pk=pk).first() if coordinator else None


def no_authority(request, scope: Scope, title):
    """A coordinator has not chosen an authority yet, or the user belongs to none."""
    return render(request, "workspace/no_authority.html", {"scope": scope, "title": title})
