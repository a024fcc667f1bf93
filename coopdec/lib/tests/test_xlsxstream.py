import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from coopdec.lib import xlsxstream


def read(pieces):
    return load_workbook(io.BytesIO(b"".join(pieces)))


def test_a_streamed_sheet_keeps_text_numbers_and_dates():
    rows = [["Évry & <Corbeil>", Decimal("1234.50"), 3, dt.date(2025, 3, 14), None, "'=1+1", "bell\x07"]]
    book = read(xlsxstream.stream(["a", "b", "c", "d", "e", "f", "g"], rows, title="lines: 2025/26"))
    sheet = book.active
    assert sheet.title == "lines- 2025-26"
    header, row = list(sheet.values)
    assert header == ("a", "b", "c", "d", "e", "f", "g")
    assert row[:4] == ("Évry & <Corbeil>", 1234.5, 3, dt.datetime(2025, 3, 14))
    assert row[4:] == (None, "'=1+1", "bell")
    assert sheet["D2"].is_date


def test_pieces_come_out_before_every_row_is_read():
    read_so_far = []

    def rows():
        for number in range(10):
            read_so_far.append(number)
            yield [number]

    pieces = xlsxstream.stream(["n"], rows(), title="n", chunk_rows=3)
    first = next(pieces)
    assert first and len(read_so_far) < 10
    assert [row[0] for row in read([first, *pieces]).active.values] == ["n", *range(10)]


def test_every_row_arrives():
    pieces = list(xlsxstream.stream(["n"], ([n] for n in range(5000)), title="n", chunk_rows=500))
    assert len(pieces) > 5
    assert [row[0] for row in read(pieces).active.values] == ["n", *range(5000)]
