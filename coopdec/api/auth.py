"""Bearer-token authentication for the API: ``token_auth`` requires a token, ``optional_token_auth`` reads without.

Either way ``request.auth`` is the user the API acts for (``AnonymousUser`` without a token), and
``request.api_token`` the token used, if any. A token that is given but wrong or revoked is a 401,
even on a read: a client should learn at once that its key no longer works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .models import ApiToken

if TYPE_CHECKING:
    from coopdec.accounts.models import User


class ApiRequest(HttpRequest):
    """An API operation's request as ``TokenAuth`` leaves it — for type checkers only: ninja sets ``auth`` on
    Django's own request, and ``TokenAuth.authenticate`` sets ``api_token``."""

    auth: User | AnonymousUser
    api_token: ApiToken


class TokenRequest(ApiRequest):
    """The request of an operation that requires a token (``auth=token_auth``): ``auth`` is a signed-in user."""

    auth: User


class TokenAuth(HttpBearer):
    def __init__(self, *, required: bool = True) -> None:
        self.required = required
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            if self.required:
                raise AuthenticationError(message=_("An API token is required: send 'Authorization: Bearer <key>'."))
            return AnonymousUser()
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise AuthenticationError(message=_("Malformed Authorization header: expected 'Bearer <key>'."))
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = ApiToken.objects.find(token)
        if api_token is None:
            raise AuthenticationError(message=_("Invalid or revoked API token."))
        api_token.record_use()
        request.api_token = api_token  # type: ignore[attr-defined]  # read as ApiRequest.api_token
        return api_token.user


token_auth = TokenAuth()
optional_token_auth = TokenAuth(required=False)

# OpenAPI for endpoints using ``optional_token_auth``: ninja appends this empty requirement to
# ``TokenAuth``'s, which says that a token is accepted, not required.
OPTIONAL_TOKEN: dict[str, Any] = {"security": [{}]}
