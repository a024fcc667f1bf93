"""Reads an IATI 2.0x activity file as a stream of plain dicts, one per activity, with their problems.

lxml's iterparse hands over each ``iati-activity`` on its end event; the element is read then
cleared, so memory does not grow with the file. Entities are not resolved, DTDs are neither loaded
nor accepted, the network is off and huge text nodes are refused: an XXE or a billion-laughs file
is inert. Codes are checked against the official codelists; unknown ones are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

from lxml import etree  # type: ignore[import-untyped]  # no pinned lxml-stubs

from .activity import ActivityReader
from .names import ACCEPTED_VERSIONS, XML_LANG
from .parsing import Activity, Problem

__all__ = ["Activity", "ActivityReader", "CountingReader", "FileRefused", "Problem", "iter_activities"]


class FileRefused(Exception):
    """The whole file cannot be imported (wrong root, IATI 1.x, a DTD, not XML)."""


class CountingReader:
    """A binary file wrapper that reports how many bytes were read (for progress bars)."""

    def __init__(self, raw, on_read: Callable[[int], None] | None = None):
        self.raw = raw
        self.on_read = on_read

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        if self.on_read is not None and chunk:
            self.on_read(len(chunk))
        return chunk


def iter_activities(
    source,
    *,
    on_read: Callable[[int], None] | None = None,
    notes: list[str] | None = None,
    known: dict[str, frozenset[str]] | None = None,
) -> Generator[Activity, None, None]:
    """The activities of an IATI file (a path or a binary file), read one at a time.

    Raises ``FileRefused`` when the file as a whole cannot be read: not XML, a DOCTYPE, a root other
    than ``iati-activities``, a version other than 2.01–2.03. ``known``: the codelists, when not the
    material's (a reading process has no Django settings to find it).
    """
    raw = open(source, "rb") if isinstance(source, str | bytes) or hasattr(source, "__fspath__") else source  # noqa: SIM115
    try:
        context = etree.iterparse(
            CountingReader(raw, on_read),
            events=("start", "end"),
            tag=("iati-activities", "iati-activity", "iati-organisations"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_blank_text=True,  # whitespace between elements: never read, and about 8 % of the parsing
        )
        reader = None
        depth = 0
        try:
            for event, element in context:
                if reader is None:
                    reader = _start(element, notes if notes is not None else [], known)
                    continue
                if event == "start":
                    depth += 1
                    continue
                if element.tag == "iati-activities":
                    continue
                depth -= 1
                if depth:  # an iati-activity nested in another one: read with its parent
                    continue
                yield reader.read(element)
                element.clear(keep_tail=False)
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
            if reader is None:
                raise FileRefused("The file holds no iati-activities element.")
        except etree.XMLSyntaxError as error:
            raise FileRefused(f"Not well-formed XML: {error}") from error
    finally:
        if raw is not source:
            raw.close()


def _start(element, notes: list[str], known: dict[str, frozenset[str]] | None) -> ActivityReader:
    root = element.getroottree().getroot()
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise FileRefused("The file declares a DOCTYPE: IATI files have none, and entities are not accepted.")
    if root.tag != "iati-activities":
        raise FileRefused(
            f"The root element is <{root.tag}>, not <iati-activities>: this is not an IATI activity file."
        )
    version = (root.get("version") or "").strip()
    if version.startswith("1."):
        raise FileRefused(
            f"This is an IATI {version} file. IATI 1.x is not accepted: ask the publisher for its 2.0x file "
            "(the IATI Registry serves every publisher's data in 2.0x)."
        )
    if not version:
        raise FileRefused(
            "The iati-activities element has no version attribute: only 2.01, 2.02 and 2.03 are accepted."
        )
    if version not in ACCEPTED_VERSIONS:
        # The schema allows any string here (its own tests say "xx"): read it as 2.03, and say so.
        notes.append(f"Unknown IATI version {version!r}: read as 2.03.")
        version = "2.03"
    return ActivityReader(version, root.get(XML_LANG, ""), known)
