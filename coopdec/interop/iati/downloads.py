"""IATI files as HTTP downloads, for the interop pages, the atlas's open data and the API alike."""

import tempfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from .identifiers import OrgRef
from .writer import activity_chunks


def xml_download(write: Callable[[BinaryIO], object], filename: str) -> FileResponse:
    """Run ``write(stream)`` into a temporary file and send it as an XML attachment.

    A temporary file, not memory: a file of a whole country's projects may be large, and FileResponse streams it.
    """
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type="application/xml")


def activities_download(
    projects: Iterable, filename: str, *, reporting_org: OrgRef | None = None
) -> StreamingHttpResponse:
    """``projects`` (public ones: the caller chooses them) as an IATI 2.03 ``iati-activities`` attachment, streamed:
    the download starts with the first activities, and a whole country's file is never held in memory or on disk."""
    response = StreamingHttpResponse(
        activity_chunks(projects, reporting_org=reporting_org), content_type="application/xml"
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    return response
