"""What every declaration page does first: fetch the declaration, then ask ``declarations.perms``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coopdec.declarations import perms
from coopdec.declarations.models import Declaration, DeclarationLine

if TYPE_CHECKING:
    from coopdec.accounts.models import User


def author(request: HttpRequest) -> User:
    """The signed-in person behind a page that ``login_required`` guards (the services' ``author``)."""
    return cast("User", request.user)


def declaration_or_403(
    request: HttpRequest, pk: int, allowed: Callable[[Any, Declaration], bool] = perms.can_view_declaration
) -> Declaration:
    """The declaration ``pk`` (404 if none) when ``allowed(user, declaration)``, else 403."""
    declaration = get_object_or_404(Declaration.objects.select_related("authority", "campaign"), pk=pk)
    if not allowed(request.user, declaration):
        raise PermissionDenied
    return declaration


def working_line_or_404(declaration: Declaration, line_pk: int) -> DeclarationLine:
    """A line of the declaration's working copy (never a frozen copy of a submitted version)."""
    return get_object_or_404(declaration.lines.filter(version__isnull=True).select_related("country"), pk=line_pk)
