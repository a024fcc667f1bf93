"""What the call pages share: the call or application fetched behind its permission, the signed-in author."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coopdec.accounts.models import User
from coopdec.calls import perms
from coopdec.calls.models import Application, Call


def author(request: HttpRequest) -> User:
    return cast(User, request.user)


def require_manager(request: HttpRequest) -> None:
    if not perms.can_manage_calls(request.user):
        raise PermissionDenied


def managed_call(request: HttpRequest, pk: int) -> Call:
    """A call, for a coordinator; a 403 for anyone else (before a 404: no one learns which calls exist)."""
    require_manager(request)
    return get_object_or_404(Call.objects.select_related("partner_country"), pk=pk)


def application_of(request: HttpRequest, pk: int, application_pk: int, allowed) -> Application:
    """An application of call ``pk``, when ``allowed(user, application)`` (a predicate of ``calls.perms``)."""
    application = get_object_or_404(
        Application.objects.select_related("call", "authority", "project"), pk=application_pk, call_id=pk
    )
    if not allowed(request.user, application):
        raise PermissionDenied
    return application
