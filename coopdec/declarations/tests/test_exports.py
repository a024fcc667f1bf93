import csv
import io

from django.http import StreamingHttpResponse
from django.utils import translation
from openpyxl import load_workbook

from coopdec.declarations import exports


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_lines_export_has_every_validated_line_with_its_codes_and_labels(national_data):
    with translation.override("en"):
        rows = read_csv(exports.lines_export(2025, "csv"))
    assert sorted(row["Amount in euros"] for row in rows) == [
        "100.00",
        "1000.00",
        "200.00",
        "250.00",
        "300.00",
        "500.00",
    ]
    senegal = next(row for row in rows if row["Country code"] == "SN")
    assert senegal["Country"] == "Senegal"
    assert (senegal["DAC purpose code"], senegal["Purpose"]) == (
        "14030",
        "Basic drinking water supply and basic sanitation",
    )
    assert (senegal["Type of aid code"], senegal["Type of aid"]) == ("C01", "Project-type interventions")
    assert senegal["Channel code"] == "11002" and senegal["Flow type code"] == "10"
    assert (senegal["ODA"], senegal["Authority"], senegal["Région"]) == ("yes", "Île-de-France", "Île-de-France")
    assert senegal["Receipt number"] == "APD-2025-FR-REG-11-V1"
    korea = next(row for row in rows if row["Country code"] == "KR")
    assert korea["ODA"] == "no"
    assert korea["Why not ODA"] == "The recipient country is not on the DAC list of ODA recipients that year."


def test_the_lines_export_is_in_french_by_default(national_data):
    rows = read_csv(exports.lines_export(2025, "csv"))
    assert rows[0]["Montant en euros"] and rows[0]["Pays"] in {"Sénégal", "Arménie", "Corée du Sud", ""}


def test_a_cell_that_would_start_a_formula_is_written_as_text(national_data):
    with translation.override("en"):
        rows = read_csv(exports.lines_export(2025, "csv"))
    assert "'=HYPERLINK(1)" in {row["Description"] for row in rows}
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_the_lines_export_in_xlsx_keeps_amounts_as_numbers(national_data):
    with translation.override("en"):
        response = exports.lines_export(2025, "xlsx")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="declarations-2025-lines.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = list(sheet.values)
    amounts = sorted(row[header.index("Amount in euros")] for row in rows)
    assert amounts == [100, 200, 250, 300, 500, 1000]
    assert "'=HYPERLINK(1)" in [row[header.index("Description")] for row in rows]


def test_the_crs_file_has_one_row_per_validated_oda_line_in_the_crs_columns(national_data):
    rows = read_csv(exports.crs_export(2025))
    assert list(rows[0]) == [column.key for column in exports.CRS_COLUMNS]
    # Korea and the multilateral contribution are not ODA: outside the DAC statistics.
    assert sorted(row["disbursement"] for row in rows) == ["1000.00", "200.00", "250.00", "500.00"]
    assert {row["donor_code"] for row in rows} == {"4"} and {row["reporting_year"] for row in rows} == {"2025"}
    by_amount = {row["disbursement"]: row for row in rows}
    senegal = by_amount["1000.00"]
    assert (senegal["recipient_code"], senegal["recipient_name"]) == ("SN", "Senegal")
    assert (senegal["purpose_code"], senegal["type_of_aid"], senegal["channel_code"]) == ("14030", "C01", "11002")
    assert (senegal["flow_type"], senegal["finance_type"], senegal["currency"]) == ("10", "110", "EUR")
    assert senegal["commitment"] == senegal["disbursement"] and senegal["nature_of_submission"] == "8"
    assert senegal["channel_name"] == "Local Government"
    assert senegal["donor_project_number"] == "APD-2025-FR-REG-11-V1-L0"
    assert senegal["short_description"] == "'=HYPERLINK(1)"
    # Spent in France and developing countries, unspecified: the DAC's 998.
    assert by_amount["200.00"]["recipient_code"] == by_amount["250.00"]["recipient_code"] == "998"


def test_the_exports_read_plain_values_in_one_query(national_data, django_assert_num_queries):
    response = exports.crs_export(2025)
    with django_assert_num_queries(1):
        b"".join(response.streaming_content)


def test_the_csv_goes_out_in_pieces_of_chunk_rows(national_data):
    pieces = list(
        exports.csv_pieces(exports.line_values(2025).iterator(chunk_size=2), exports.LINE_COLUMNS, chunk_rows=2)
    )
    # The header and 6 lines, two rows a piece.
    assert len(pieces) == 4 and pieces[0].startswith("\ufeff")
    assert sum(piece.count("\r\n") for piece in pieces) == 7
