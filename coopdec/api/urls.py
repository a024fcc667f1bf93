"""The HTTP API: one NinjaAPI, one router per domain.

Reads are open to all (a token shows private records to their members); writes take
``auth=token_auth`` and call the domain services, whose ``PermissionDenied`` becomes a 403 and whose
``ValidationError`` a 422 with the services' messages. The interactive docs at /api/docs use a vendored
Swagger UI (no CDN) that runs under the site's Content Security Policy.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RuleBroken
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.docs import DocsBase

from coopdec.lib.concurrency import STALE

from .auth import optional_token_auth
from .errors import broken_rules
from .routers import (
    accounts,
    affiliations,
    funding,
    matchmaking,
    organizations,
    partnerships,
    projects,
    territories,
    themes,
)


class LocalSwagger(DocsBase):
    """Swagger UI from coopdec/static/vendor/swagger-ui, started by a script file, not an inline one."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)


api = NinjaAPI(
    title="coopdec API",
    version="1",
    urls_namespace="api",
    description="Open data on the external action of local authorities. See docs/api.md.",
    auth=optional_token_auth,
    docs=LocalSwagger(),
)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("The user of this token may not make this change.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(RuleBroken)
def rule_broken(request: HttpRequest, exc: RuleBroken) -> HttpResponse:
    detail = broken_rules(exc)
    # Someone saved since the client read the record: a conflict to resolve, not a malformed request.
    status = 409 if any(error["type"] == STALE for error in detail) else 422
    return api.create_response(request, {"detail": detail}, status=status)


api.add_router("", territories.router)
api.add_router("", organizations.router)
api.add_router("", partnerships.router)
api.add_router("", projects.router)
api.add_router("", funding.router)
api.add_router("", themes.router)
api.add_router("", accounts.router)
api.add_router("", matchmaking.router)
api.add_router("", affiliations.router)
