"""IATI files as HTTP downloads, for the interop pages, the atlas's open data and the API alike."""

import tempfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

from django.http import FileResponse

from .identifiers import OrgRef
from .writer import write_activities


def xml_download(write: Callable[[BinaryIO], object], filename: str) -> FileResponse:
    """Run ``write(stream)`` into a temporary file and send it as an XML attachment.

    A temporary file, not memory: a file of a whole country's projects may be large, and FileResponse streams it.
    """
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type="application/xml")


def activities_download(projects: Iterable, filename: str, *, reporting_org: OrgRef | None = None) -> FileResponse:
    """``projects`` (public ones: the caller chooses them) as an IATI 2.03 ``iati-activities`` attachment."""
    return xml_download(lambda stream: write_activities(projects, stream, reporting_org=reporting_org), filename)
