"""Write rows to CSV or XLSX, with the columns' labels as headers and readable cells."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .listing import Column

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value: object) -> object:
    """Keep numbers and dates typed (XLSX sums them); turn everything else into text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return force_str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    if isinstance(value, (list, tuple, set)):
        return ", ".join(force_str(item) for item in value)
    return force_str(value)


def rows_of(objects: Iterable[Any], columns: Sequence[Column]) -> Iterator[list[object]]:
    for obj in objects:
        yield [_cell(column.value(obj)) for column in columns]


def export_response(*, objects: Iterable[Any], columns: Sequence[Column], filename: str, fmt: str) -> HttpResponse:
    """A download of ``objects`` as ``filename.csv`` (UTF-8 with BOM, so Excel reads accents) or ``.xlsx``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    header = [force_str(column.label) for column in columns]
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(header)
        for row in rows_of(objects, columns):
            writer.writerow(["" if cell is None else cell for cell in row])
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append(header)
    for row in rows_of(objects, columns):
        sheet.append(row)
    for index, label in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(label) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response.write(buffer.getvalue())
    return response


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes to it (Django's streaming-CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_stream_response(
    *, objects: Iterable[Any], columns: Sequence[Column], filename: str, chunk_rows: int = 500
) -> StreamingHttpResponse:
    """The CSV of ``export_response``, streamed: a QuerySet is read by chunks (its prefetches too), and pieces
    of ``chunk_rows`` rows are sent as they are written, so a national file starts at once and is never held
    whole in memory."""
    header = [force_str(column.label) for column in columns]
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=chunk_rows)

    def pieces() -> Iterator[str]:
        writer = csv.writer(_Line())
        lines = ["\ufeff" + writer.writerow(header)]
        for row in rows_of(objects, columns):
            lines.append(writer.writerow(["" if cell is None else cell for cell in row]))
            if len(lines) >= chunk_rows:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    response = StreamingHttpResponse(pieces(), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
