"""What every application page does first: fetch the application, then ask ``calls.perms``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coopdec.calls import perms
from coopdec.calls.models import Application

if TYPE_CHECKING:
    from coopdec.accounts.models import User

# Where the page shows what a rule reads: a failing rule links to that part of the form.
FIELD_OF_RULE = {
    "ceiling": "resources",
    "own_share": "resources",
    "in_kind": "resources",
    "cash_only": "resources",
    "min_grant": "resources",
    "max_grant": "resources",
    "monitoring": "expenses",
    "documents": "documents",
    "convention": "documents",
    "council_decision": "documents",
}


def author(request: HttpRequest) -> User:
    """The signed-in person behind a page that ``login_required`` guards (the services' ``author``)."""
    return cast("User", request.user)


def application_or_403(
    request: HttpRequest, pk: int, allowed: Callable[[Any, Application], bool] = perms.can_view_application
) -> Application:
    """The application ``pk`` (404 if none) when ``allowed(user, application)``, else 403."""
    application = get_object_or_404(
        Application.objects.select_related("call", "partnership", "authority", "project"), pk=pk
    )
    if not allowed(request.user, application):
        raise PermissionDenied
    return application


def rule_rows(checks: Any, *, editable: bool) -> list[dict[str, Any]]:
    """Each rule's outcome for the panel, a failing one with the part of the form it concerns."""
    return [
        {"check": check, "anchor": FIELD_OF_RULE.get(check.code, "") if editable and not check.holds else ""}
        for check in checks
    ]
