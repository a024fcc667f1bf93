"""The national exports of validated declarations: every line (CSV, XLSX) and the CRS file for the OECD DAC.

Streamed: the lines are read as plain values by chunks (``QuerySet.iterator``), never as model instances, and
the CSV goes out as it is written. docs/declaration.md ("Exports") describes every column.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from coopdec.lib import xlsxstream
from coopdec.lib.codelists import label
from coopdec.lib.tabular import FORMATS
from coopdec.territories.enums import AuthorityKind

from .codes import AID_TYPE, CHANNEL, FINANCE_TYPE, FLOW_TYPE, SECTOR
from .enums import LineKind, LineSource, NotOdaReason, Recipient
from .national import validated_lines

CHUNK_ROWS = 2000
LANGUAGE = "_language"  # the key under which each row carries the reader's language for its readers

# A cell starting with one of these is a formula to a spreadsheet: text people typed (a description, a name) is
# written after an apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The CRS identifies the donor by a number: France is 4. The agency within France that extends decentralised
# cooperation has a CRS agency code that could not be confirmed from the material at hand (the agency list of
# the DAC), so it is left empty for the ministry's statistics unit to fill in rather than guessed.
CRS_DONOR_CODE = "4"
CRS_DONOR_NAME = "France"
CRS_AGENCY_CODE = ""
CRS_AGENCY_NAME = "Collectivités territoriales (coopération décentralisée)"
# The DAC's recipient code of "developing countries, unspecified" (the Region codelist's 998): what is spent in
# France (awareness, refugees, students, administrative costs) is reported against it, as in-donor expenditure.
CRS_UNSPECIFIED = "998"
# Nature of submission 8, "commitment = disbursement": a declaration records what was paid in the year.
CRS_NATURE_OF_SUBMISSION = "8"

# What the exports read of each line, in one query (joins to the declaration, its authority and région, the
# country, the version and the project).
FIELDS = (
    "pk",
    "position",
    "declaration__year",
    "declaration__authority__code",
    "declaration__authority__name",
    "declaration__authority__kind",
    "declaration__region__name",
    "version__receipt_number",
    "source",
    "kind",
    "description",
    "recipient",
    "country_id",
    "country__name_fr",
    "country__name_en",
    "purpose_code",
    "aid_type",
    "channel_code",
    "flow_type",
    "finance_type",
    "value_date",
    "original_amount",
    "original_currency",
    "rate",
    "rate_on",
    "amount_eur",
    "is_oda",
    "not_oda_reason",
    "project__title",
)


def guarded(value: object) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else force_str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class ExportColumn:
    key: str
    label: Any
    read: Callable[[dict], object]


def _field(name: str) -> Callable[[dict], object]:
    return lambda row: row[name]


def _text(name: str) -> Callable[[dict], object]:
    return lambda row: guarded(row[name])


@functools.lru_cache(maxsize=1024)
def choice_label(choices: Any, value: str, language: str) -> str:
    with translation.override(language):
        return str(choices(value).label) if value in choices.values else (value or "")


def _choice(name: str, choices: Any) -> Callable[[dict], object]:
    return lambda row: choice_label(choices, row[name], row[LANGUAGE])


@functools.lru_cache(maxsize=8192)
def code_name(codelist: str, code: str, language: str) -> str:
    """The name of a code in a language, looked up once per export rather than once per row."""
    with translation.override(language):
        return label(codelist, code).partition(" — ")[2] if code else ""


def _code_label(name: str, codelist: str) -> Callable[[dict], object]:
    return lambda row: code_name(codelist, row[name], row[LANGUAGE])


def country_name(row: dict) -> str:
    if not row["country_id"]:
        return ""
    return row["country__name_en"] if row[LANGUAGE].startswith("en") else row["country__name_fr"]


@functools.lru_cache(maxsize=16)
def yes_no(value: bool, language: str) -> str:
    with translation.override(language):
        return force_str(_("yes") if value else _("no"))


def _yes_no(name: str) -> Callable[[dict], object]:
    return lambda row: yes_no(bool(row[name]), row[LANGUAGE])


LINE_COLUMNS = [
    ExportColumn("year", _("Year"), _field("declaration__year")),
    ExportColumn("authority_code", _("Authority code"), _text("declaration__authority__code")),
    ExportColumn("authority", _("Authority"), _text("declaration__authority__name")),
    ExportColumn("authority_kind", _("Type of authority"), _choice("declaration__authority__kind", AuthorityKind)),
    ExportColumn("region", _("Région"), _text("declaration__region__name")),
    ExportColumn("receipt", _("Receipt number"), _text("version__receipt_number")),
    ExportColumn("position", _("Line"), _field("position")),
    ExportColumn("description", _("Description"), _text("description")),
    ExportColumn("source", _("Source"), _choice("source", LineSource)),
    ExportColumn("kind", _("Kind of line"), _choice("kind", LineKind)),
    ExportColumn("recipient", _("Recipient"), _choice("recipient", Recipient)),
    ExportColumn("country_code", _("Country code"), _field("country_id")),
    ExportColumn("country", _("Country"), country_name),
    ExportColumn("purpose_code", _("DAC purpose code"), _field("purpose_code")),
    ExportColumn("purpose", _("Purpose"), _code_label("purpose_code", SECTOR)),
    ExportColumn("aid_type_code", _("Type of aid code"), _field("aid_type")),
    ExportColumn("aid_type", _("Type of aid"), _code_label("aid_type", AID_TYPE)),
    ExportColumn("channel_code", _("Channel code"), _field("channel_code")),
    ExportColumn("channel", _("Channel"), _code_label("channel_code", CHANNEL)),
    ExportColumn("flow_type_code", _("Flow type code"), _field("flow_type")),
    ExportColumn("flow_type", _("Flow type"), _code_label("flow_type", FLOW_TYPE)),
    ExportColumn("finance_type_code", _("Finance type code"), _field("finance_type")),
    ExportColumn("finance_type", _("Finance type"), _code_label("finance_type", FINANCE_TYPE)),
    ExportColumn("date", _("Date"), _field("value_date")),
    ExportColumn("original_amount", _("Amount in its currency"), _field("original_amount")),
    ExportColumn("currency", _("Currency"), _field("original_currency")),
    ExportColumn("rate", _("Euros per unit"), _field("rate")),
    ExportColumn("rate_on", _("Rate of"), _field("rate_on")),
    ExportColumn("amount_eur", _("Amount in euros"), _field("amount_eur")),
    ExportColumn("oda", _("ODA"), _yes_no("is_oda")),
    ExportColumn("not_oda_reason", _("Why not ODA"), _choice("not_oda_reason", NotOdaReason)),
    ExportColumn("project", _("Project"), _text("project__title")),
]


def crs_recipient(row: dict) -> str:
    """ISO 3166-1 alpha-2 for a country (the CRS's own numeric codes are not in the reference data); 998 for
    developing countries, unspecified, and for what is spent in France."""
    if row["recipient"] == Recipient.COUNTRY:
        return row["country_id"] or ""
    return CRS_UNSPECIFIED if row["recipient"] in (Recipient.UNSPECIFIED, Recipient.FRANCE) else ""


def _crs_recipient_name(row: dict) -> str:
    if row["recipient"] == Recipient.COUNTRY:
        return row["country__name_en"] or ""
    return "Developing countries, unspecified" if crs_recipient(row) == CRS_UNSPECIFIED else ""


def _crs_label(name: str, codelist: str) -> Callable[[dict], object]:
    """The English name of the code (the DAC works in English and French; the file keeps one language)."""

    return lambda row: code_name(codelist, row[name], "en")


# The CRS file's columns, named as the CRS++ reporting format names its fields (snake case). Technical names,
# never translated: the file goes to the DAC secretariat, not to a reader of the page.
CRS_COLUMNS = [
    ExportColumn("reporting_year", "reporting_year", _field("declaration__year")),
    ExportColumn("donor_code", "donor_code", lambda row: CRS_DONOR_CODE),
    ExportColumn("donor_name", "donor_name", lambda row: CRS_DONOR_NAME),
    ExportColumn("agency_code", "agency_code", lambda row: CRS_AGENCY_CODE),
    ExportColumn("agency_name", "agency_name", lambda row: CRS_AGENCY_NAME),
    ExportColumn(
        "donor_project_number",
        "donor_project_number",
        lambda row: guarded(f"{row['version__receipt_number']}-L{row['position']}"),
    ),
    ExportColumn("nature_of_submission", "nature_of_submission", lambda row: CRS_NATURE_OF_SUBMISSION),
    ExportColumn("reporting_authority_code", "reporting_authority_code", _text("declaration__authority__code")),
    ExportColumn("reporting_authority", "reporting_authority", _text("declaration__authority__name")),
    ExportColumn("recipient_code", "recipient_code", crs_recipient),
    ExportColumn("recipient_name", "recipient_name", _crs_recipient_name),
    ExportColumn("channel_code", "channel_code", _field("channel_code")),
    ExportColumn("channel_name", "channel_name", _crs_label("channel_code", CHANNEL)),
    ExportColumn("purpose_code", "purpose_code", _field("purpose_code")),
    ExportColumn("purpose_name", "purpose_name", _crs_label("purpose_code", SECTOR)),
    ExportColumn("type_of_aid", "type_of_aid", _field("aid_type")),
    ExportColumn("flow_type", "flow_type", _field("flow_type")),
    ExportColumn("finance_type", "finance_type", _field("finance_type")),
    ExportColumn("currency", "currency", lambda row: "EUR"),
    ExportColumn("commitment", "commitment", _field("amount_eur")),
    ExportColumn("disbursement", "disbursement", _field("amount_eur")),
    ExportColumn("disbursement_date", "disbursement_date", _field("value_date")),
    ExportColumn("project_title", "project_title", lambda row: guarded(row["project__title"] or row["description"])),
    ExportColumn("short_description", "short_description", _text("description")),
]


def line_values(year: int):
    """The year's validated lines as dictionaries, in a stable order."""
    return validated_lines(year).order_by("declaration__authority__code", "position", "pk").values(*FIELDS)


def rows(values: Iterable[dict], columns: list[ExportColumn]) -> Iterator[list[object]]:
    # The reader's language, read once: asking Django for it in every cell costs more than the rest of the row.
    language = translation.get_language() or "fr"
    for row in values:
        row[LANGUAGE] = language
        yield [column.read(row) for column in columns]


def _csv_cell(value: object) -> object:
    return "" if value is None else value


class _Echo:
    """A file-like object that hands back what ``csv.writer`` writes to it (Django's streaming-CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_pieces(values: Iterable[dict], columns: list[ExportColumn], *, chunk_rows: int = CHUNK_ROWS) -> Iterator[str]:
    """The CSV (UTF-8 with BOM, so spreadsheets read accents) by pieces of ``chunk_rows`` rows."""
    writer = csv.writer(_Echo())
    lines = ["\ufeff" + writer.writerow([force_str(column.label) for column in columns])]
    for row in rows(values, columns):
        lines.append(writer.writerow([_csv_cell(cell) for cell in row]))
        if len(lines) >= chunk_rows:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def xlsx_pieces(values: Iterable[dict], columns: list[ExportColumn], *, title: str) -> Iterator[bytes]:
    """The XLSX file, streamed as it is written (``lib/xlsxstream``): numbers and dates stay typed."""
    header = [force_str(column.label) for column in columns]
    return xlsxstream.stream(header, rows(values, columns), title=title, chunk_rows=CHUNK_ROWS)


def _in_language(pieces: Iterator[Any], language: str) -> Iterator[Any]:
    """The pieces written in the reader's language, whichever thread serves the stream and whenever it runs."""
    with translation.override(language):
        yield from pieces


def _streamed(pieces: Iterator[Any], fmt: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _in_language(pieces, translation.get_language() or "fr"), content_type=FORMATS[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def lines_export(year: int, fmt: str) -> StreamingHttpResponse:
    """Every counted line of the year's validated declarations, with its codes and their labels."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    values = line_values(year).iterator(chunk_size=CHUNK_ROWS)
    filename = f"declarations-{year}-lines"
    if fmt == "csv":
        return _streamed(csv_pieces(values, LINE_COLUMNS), fmt, filename)
    return _streamed(xlsx_pieces(values, LINE_COLUMNS, title=filename), fmt, filename)


def crs_values(year: int):
    """The year's validated ODA lines: the CRS reports ODA; what is not ODA is outside the DAC statistics."""
    return line_values(year).filter(is_oda=True)


def crs_export(year: int) -> StreamingHttpResponse:
    """The CRS file of the year (CSV), one row per validated ODA line."""
    values = crs_values(year).iterator(chunk_size=CHUNK_ROWS)
    return _streamed(csv_pieces(values, CRS_COLUMNS), "csv", f"crs-{year}-decentralised-cooperation")
