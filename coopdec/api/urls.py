"""The HTTP API: one NinjaAPI, one router per domain.

Reads are open to all (a token shows private records to their members); writes will take
``auth=token_auth`` from ``coopdec.api.auth``. The interactive docs at /api/docs use a vendored
Swagger UI (no CDN) that runs under the site's Content Security Policy.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.docs import DocsBase

from .auth import optional_token_auth
from .routers import accounts, organizations, partnerships, projects, territories, themes


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


api.add_router("", territories.router)
api.add_router("", organizations.router)
api.add_router("", partnerships.router)
api.add_router("", projects.router)
api.add_router("", themes.router)
api.add_router("", accounts.router)
