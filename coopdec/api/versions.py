"""The version a write is based on, for the optimistic check (lib/concurrency.py), and the ETag that carries it.

A GET of a project or a partnership answers its ``version`` in the body and as ``ETag: "<version>"``. A PATCH
sends it back, as ``version`` in the body or as ``If-Match: "<version>"``; without either it is refused with 428
(a change that could overwrite someone else's unseen is never made blindly), and when someone saved in between
it is refused with 409 and the code ``stale_version``, changing nothing.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError

_ENTITY_TAG = re.compile(r'^\s*(?:W/)?"(\d+)"\s*$')


def etag(version: int) -> str:
    return f'"{version}"'


def tag(response: HttpResponse, record) -> None:
    """Put the record's version in the response's ``ETag``."""
    response["ETag"] = etag(record.version)


def expected_version(request: HttpRequest, in_body: int | None) -> int:
    """The version the client's change is based on: the body's ``version``, else ``If-Match``; required."""
    if in_body is not None:
        return in_body
    header = request.headers.get("If-Match")
    if header is None:
        raise HttpError(
            428,
            _(
                'Send the version you last read, as "version" in the body or in an If-Match header, '
                "so that a change made by someone else in the meantime is not overwritten."
            ),
        )
    match = _ENTITY_TAG.match(header)
    if match is None:
        raise HttpError(400, _('If-Match must be the ETag of a GET, such as "3".'))
    return int(match.group(1))
