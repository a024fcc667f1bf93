from decimal import Decimal

import pytest
from lxml import html

from coopdec.atlas.search import index
from coopdec.projects.enums import Instrument
from coopdec.projects.factories import FundingFactory

from .world import build_world


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def table(chart) -> dict[str, list]:
    return {row.code: row.values for row in chart.rows}


def charts_of(response) -> dict:
    return {chart.slug: chart for chart in response.context["charts"]}


def test_statistics_totals_count_public_items_in_euros(client, world):
    response = client.get("/en/atlas/statistics/")

    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals.partnerships == 2
    assert totals.projects == 3
    assert totals.budget_eur == Decimal("151000.00")  # 100,000 € + 50,000 € + 655,957 XOF (1,000 €)
    assert totals.funding_eur == Decimal("150000.00")
    assert totals.countries == 2
    assert totals.french_authorities == 3
    assert 'id="total-budget">\n        151,000' in response.text


def test_statistics_by_year_counts_signatures_starts_and_budgets(client, world):
    years = table(charts_of(client.get("/en/atlas/statistics/"))["years"])

    assert years == {
        "2020": [1, 0, Decimal("0")],
        "2021": [0, 1, Decimal("100000.00")],
        "2022": [1, 2, Decimal("51000.00")],
    }


def test_statistics_top_countries_leave_france_and_private_items_out(client, world):
    countries = table(charts_of(client.get("/en/atlas/statistics/"))["countries"])

    # Partnerships, projects, project budgets.
    assert countries == {"SN": [1, 2, Decimal("51000.00")], "MA": [1, 1, Decimal("100000.00")]}


def test_statistics_themes_regions_and_instruments(client, world):
    charts = charts_of(client.get("/en/atlas/statistics/"))

    # Partnerships, projects, project budgets.
    assert table(charts["themes"]) == {
        "water-sanitation": [1, 1, Decimal("100000.00")],
        "education": [1, 1, Decimal("50000.00")],
    }
    # Lille (a commune under the Nord) and the Nord itself count for Hauts-de-France.
    assert table(charts["regions"]) == {
        "FR-REG-32": [1, 2, Decimal("51000.00")],
        "FR-REG-11": [1, 1, Decimal("100000.00")],
    }
    assert table(charts["instruments"]) == {"own_budget": [2, Decimal("110000.00")], "afd": [1, Decimal("40000.00")]}


def test_statistics_share_of_aid_to_least_developed_countries(client, world):
    ldc = table(charts_of(client.get("/en/atlas/statistics/"))["ldc"])

    assert ldc["ldc"] == [Decimal("33.8"), 2, Decimal("51000.00")]
    assert ldc["oda"] == [Decimal("66.2"), 1, Decimal("100000.00")]
    assert ldc["not_eligible"][1] == 0


def test_statistics_follow_the_filters(client, world):
    response = client.get("/en/atlas/statistics/", {"country": "SN"})

    totals = response.context["totals"]
    assert (totals.partnerships, totals.projects, totals.budget_eur) == (1, 2, Decimal("51000.00"))
    assert table(charts_of(response)["themes"]) == {"education": [1, 1, Decimal("50000.00")]}

    themed = client.get("/en/atlas/statistics/", {"theme": "water-sanitation"}).context["totals"]
    assert (themed.partnerships, themed.projects, themed.budget_eur) == (1, 1, Decimal("100000.00"))

    by_region = client.get("/en/atlas/statistics/", {"region": "FR-REG-32"}).context["totals"]
    assert (by_region.partnerships, by_region.projects) == (1, 2)

    by_year = client.get("/en/atlas/statistics/", {"year": "2022", "instrument": "own_budget"}).context["totals"]
    assert (by_year.projects, by_year.budget_eur) == (1, Decimal("50000.00"))


def test_statistics_page_shows_each_chart_with_its_table_and_csv_link(client, world):
    response = client.get("/en/atlas/statistics/", {"country": "SN"})

    for slug in ("years", "countries", "themes", "regions", "instruments", "ldc"):
        assert f'id="chart-{slug}"' in response.text
        assert f'href="/en/atlas/statistics/{slug}.csv?country=SN"' in response.text
    assert "<table" in response.text and "<svg" in response.text


def test_statistics_chart_csv_has_the_table_rows(client, world):
    response = client.get("/en/atlas/statistics/countries.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Country,Code,Partnerships,Projects,Project budgets (€)",
        "Senegal,SN,1,2,51000.00",
        "Morocco,MA,1,1,100000.00",
    ]


def test_statistics_unknown_chart_csv_is_404(client, db):
    assert client.get("/en/atlas/statistics/nothing.csv").status_code == 404


def test_statistics_page_query_count_does_not_grow_with_data(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        client.get("/en/atlas/statistics/", {"country": "SN", "theme": "education"})


def test_statistics_are_fresh_after_a_committed_write(client, world, django_capture_on_commit_callbacks):
    assert client.get("/en/atlas/statistics/").context["totals"].projects == 3  # computed, then cached

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows the commit
        world.x3.visibility = "public"
        world.x3.save()

    totals = client.get("/en/atlas/statistics/").context["totals"]
    assert (totals.projects, totals.budget_eur) == (4, Decimal("1150999.00"))
    countries = client.get("/en/atlas/map/countries.json").json()["countries"]
    assert {row["code"]: row["projects"] for row in countries} == {"SN": 3, "MA": 1}


def test_statistics_funding_follows_a_new_funding_line(client, world, django_capture_on_commit_callbacks):
    assert client.get("/en/atlas/statistics/").context["totals"].funding_eur == Decimal("150000.00")

    with django_capture_on_commit_callbacks(execute=True):  # a funding line re-indexes its project
        FundingFactory(project=world.x4, instrument=Instrument.AFD, amount=Decimal("2500.50"), currency="EUR")

    response = client.get("/en/atlas/statistics/")
    assert response.context["totals"].funding_eur == Decimal("152500.50")
    assert table(charts_of(response)["instruments"]) == {
        "own_budget": [2, Decimal("110000.00")],
        "afd": [2, Decimal("42500.50")],
    }


def test_statistics_count_a_project_once_per_instrument_and_name_unquoted_currencies(client, world):
    FundingFactory(project=world.x1, instrument=Instrument.OWN_BUDGET, amount=Decimal("1000"), currency="EUR")
    FundingFactory(project=world.x2, instrument=Instrument.AFD, amount=Decimal("5000"), currency="MAD")
    index.rebuild()  # as a bulk loader does

    response = client.get("/en/atlas/statistics/")
    charts = charts_of(response)
    assert table(charts["instruments"]) == {
        "own_budget": [2, Decimal("111000.00")],  # X1 has two own-budget lines: one project
        "afd": [2, Decimal("40000.00")],  # the MAD line counts its project, not its amount
    }
    assert charts["instruments"].unconverted == ["MAD"]
    assert response.context["totals"].unconverted == ["MAD"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "SN"},
        {"theme": "education"},
        {"q": "dakar"},
        {"region": "FR-REG-32", "type": "project"},
        {"year": "2022", "instrument": "own_budget"},
        {"country": ["SN", "MA"], "theme": "water-sanitation"},
        {"q": "nothing-of-the-kind"},
    ],
)
def test_in_memory_figures_are_what_sql_over_the_same_selection_gives(world, params):
    from django.db import connection

    from coopdec.atlas import aggregates
    from coopdec.atlas.filters import selection

    selected = selection(params)
    sql, sql_params = selected.documents()
    for facet in ("country", "theme", "region", "authority", "foreign_authority"):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.value, s.kind, COUNT(*), SUM(s.amount) FROM {aggregates.FACETS} f"
                f" JOIN ({sql}) s ON s.id = f.document_id WHERE f.facet = %s GROUP BY f.value, s.kind",
                [*sql_params, facet],
            )
            expected = {(value, kind): [count, Decimal(amount or 0).quantize(Decimal("0.01"))]
                        for value, kind, count, amount in cursor.fetchall()}  # fmt: skip
        got = {
            (value, kind): pair
            for value, kinds in aggregates.facet_sums(selected, facet).items()
            for kind, pair in kinds.items()
            if pair[0]
        }
        assert got == expected, facet
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.kind, COUNT(*) FROM ({sql}) s GROUP BY s.kind", sql_params)
        by_kind = dict(cursor.fetchall())
    totals = aggregates.totals(selected)
    assert (totals.partnerships, totals.projects) == (by_kind.get("partnership", 0), by_kind.get("project", 0))


def test_statistics_and_map_of_an_empty_atlas_show_zeros(client, db):
    response = client.get("/en/atlas/statistics/")

    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals.partnerships, totals.projects, totals.budget_eur, totals.funding_eur) == (0, 0, 0, 0)
    assert all(not chart.rows for chart in response.context["charts"] if chart.slug != "ldc")
    assert client.get("/en/atlas/map/countries.json").json() == {"countries": []}
    assert client.get("/en/atlas/map/authorities.json").json()["authorities"] == []


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_chart_bars_are_drawn_in_every_language(client, world, prefix):
    """SVG lengths take a dot whatever the language: "66,7%" (French) is no length, and the bar is not drawn."""
    page = html.fromstring(client.get(f"{prefix}/atlas/statistics/").content)
    widths = page.xpath("//section[@id='chart-years']//svg/*[local-name()='rect']/@width")
    # Years 2020–2022 by projects started: 0, 1, 2 → 0, 50, 100 % of the largest
    assert widths == ["0.0%", "50.0%", "100.0%"]
