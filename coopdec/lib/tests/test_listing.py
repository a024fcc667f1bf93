import csv
import io

from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.tabular import export_response
from coopdec.territories.factories import AuthorityFactory
from coopdec.territories.models import Authority

COLUMNS = [
    Column("name", _("Name"), attribute("name"), order_by="name"),
    Column("kind", _("Local type"), attribute("kind")),
    Column("country", _("Country"), attribute("country.name_en"), order_by="country__name_en"),
    Column("population", _("Population"), attribute("population"), order_by="population"),
]


def request(query=""):
    return RequestFactory().get(f"/list/?{query}")


def test_sorting_follows_the_query_and_ignores_unknown_or_unsortable_keys(db):
    for name, population in [("Lyon", 522_250), ("Arras", 41_000), ("Dunkerque", 86_000)]:
        AuthorityFactory(name=name, population=population)
    names = lambda queryset: [a.name for a in queryset]  # noqa: E731

    assert names(sort(Authority.objects.all(), request("sort=-population"), COLUMNS, "name")[0]) == [
        "Lyon",
        "Dunkerque",
        "Arras",
    ]
    queryset, current = sort(Authority.objects.all(), request("sort=kind"), COLUMNS, "name")
    assert current == "name"
    assert names(queryset) == ["Arras", "Dunkerque", "Lyon"]
    assert sort(Authority.objects.all(), request("sort=password"), COLUMNS, "-name")[1] == "-name"


def test_headers_link_to_the_other_direction_and_say_which_is_sorted():
    current = headers(request("q=lille&sort=name&page=3"), COLUMNS, "name")
    by_key = {header["key"]: header for header in current}
    assert by_key["name"]["aria_sort"] == "ascending"
    assert by_key["name"]["url"] == "?q=lille&sort=-name"  # the page is dropped when the order changes
    assert by_key["kind"]["url"] is None
    assert by_key["population"]["aria_sort"] is None


def test_pages_have_a_bounded_size_and_out_of_range_pages_give_the_last(db):
    for n in range(30):
        AuthorityFactory(name=f"Commune {n:02}")
    queryset = Authority.objects.order_by("name")
    assert len(paginate(request("size=1000"), queryset).object_list) == 25
    assert len(paginate(request("size=50"), queryset).object_list) == 30
    assert paginate(request("page=99"), queryset).number == 2


def test_csv_export_has_labels_as_headers_and_choice_labels_in_cells(db):
    AuthorityFactory(name="Île-de-France", kind="region", population=12_271_794)

    with translation.override("en"):
        response = export_response(objects=Authority.objects.all(), columns=COLUMNS, filename="authorities", fmt="csv")

    assert response["Content-Disposition"] == 'attachment; filename="authorities.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Name", "Local type", "Country", "Population"]
    assert rows[1] == ["Île-de-France", "Region", "France", "12271794"]


def test_xlsx_export_keeps_numbers_as_numbers(db):
    AuthorityFactory(name="Lille", population=232_787)

    with translation.override("en"):
        response = export_response(objects=Authority.objects.all(), columns=COLUMNS, filename="authorities", fmt="xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["Name", "Local type", "Country", "Population"]
    assert sheet["A2"].value == "Lille"
    assert sheet["D2"].value == 232_787
