"""The public state of decentralised cooperation: figures counted by hand on ``report_world``."""

import datetime as dt
from decimal import Decimal

import pytest

from coopdec.declarations import report
from coopdec.declarations.enums import Recipient
from coopdec.lib.codelists import has_codelist
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import ProjectStatus
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Participant, Place, Project
from coopdec.territories.factories import AuthorityFactory, ForeignCityFactory

from . import report_world
from .report_world import YEAR


@pytest.fixture
def world(db):
    return report_world.build()


def by_code(rows) -> dict[str, tuple[int, Decimal, Decimal]]:
    return {row.code: (row.lines, row.total, row.oda) for row in rows}


def test_records_count_the_public_projects_running_in_the_year_and_what_they_involve(world):
    assert report.records(YEAR) == report.Records(
        projects=2,
        french_authorities=3,
        through_projects=2,
        declared=2,
        foreign_authorities=1,
        foreign_organizations=1,
        countries=2,
    )
    assert report.records(YEAR).foreign_partners == 2


def test_a_private_project_counts_nowhere_in_the_records(world):
    before = report.records(YEAR)
    world["p4"].visibility = Visibility.PUBLIC
    world["p4"].save()
    after = report.records(YEAR)
    # Made public, it brings Privas, Busan and South Korea in.
    assert (after.projects, after.french_authorities, after.foreign_authorities, after.countries) == (
        before.projects + 1,
        before.french_authorities + 1,
        before.foreign_authorities + 1,
        before.countries + 1,
    )


def test_running_in_takes_the_actual_dates_then_the_planned_ones(world):
    running = set(report.running_projects(YEAR).values_list("title", flat=True))
    assert running == {"Eau à Erevan", "Écoles au Maroc"}
    assert set(report.running_projects(2023).values_list("title", flat=True)) == {"Ancien projet"}
    assert list(world["p1"].running_years()) == [2024, 2025, 2026]
    planned = ProjectFactory(planned_start=dt.date(2022, 5, 1), planned_end=dt.date(2022, 9, 1))
    assert list(planned.running_years()) == [2022]
    assert Project.objects.running_in(2022).filter(pk=planned.pk).exists()
    assert not Project.objects.running_in(2023).filter(pk=planned.pk).exists()


def test_a_project_without_an_end_runs_until_this_year_and_not_beyond(world):
    this_year = dt.date.today().year
    assert list(world["p2"].running_years()) == list(range(2025, this_year + 1))
    assert report.running_projects(this_year).filter(pk=world["p2"].pk).exists()
    assert not report.running_projects(this_year + 1).filter(pk=world["p2"].pk).exists()


def test_projects_in_their_pipeline_or_cancelled_have_not_run(world):
    for status in (ProjectStatus.PIPELINE, ProjectStatus.CANCELLED):
        project = ProjectFactory(actual_start=dt.date(2025, 2, 1), status=status)
        assert list(project.running_years()) == []
        assert not Project.objects.running_in(YEAR).filter(pk=project.pk).exists()


def test_money_counts_the_validated_version_of_each_declaration_of_the_year(world):
    money = report.money(YEAR)
    assert (money.declarations, money.lines, money.total, money.oda) == (
        2,
        4,
        Decimal("1650.50"),
        Decimal("1550.50"),
    )


def test_lines_of_a_project_that_is_not_public_are_left_out_and_counted_apart(world):
    money = report.money(YEAR)
    assert (money.excluded_lines, money.excluded_total) == (1, Decimal("400.00"))
    assert "KR" not in by_code(money.by_recipient)
    assert all(line.country_code != "KR" for line in report.line_rows(YEAR))


def test_breakdowns_by_recipient_purpose_type_of_aid_and_type_of_authority(world):
    money = report.money(YEAR)
    assert by_code(money.by_recipient) == {
        "AM": (2, Decimal("1300.00"), Decimal("1300.00")),
        Recipient.FRANCE: (1, Decimal("250.50"), Decimal("250.50")),
        Recipient.MULTILATERAL: (1, Decimal("100.00"), Decimal("0")),
    }
    assert [row.code for row in money.by_recipient] == ["AM", Recipient.FRANCE, Recipient.MULTILATERAL]
    assert [row.label for row in money.by_recipient] == [
        "Arménie",
        str(Recipient.FRANCE.label),
        str(Recipient.MULTILATERAL.label),
    ]
    assert by_code(money.by_purpose) == {
        "14030": (1, Decimal("1000.00"), Decimal("1000.00")),
        "15110": (1, Decimal("300.00"), Decimal("300.00")),
        "99820": (1, Decimal("250.50"), Decimal("250.50")),
        "99810": (1, Decimal("100.00"), Decimal("0")),
    }
    assert by_code(money.by_aid_type) == {
        "C01": (1, Decimal("1000.00"), Decimal("1000.00")),
        "D02": (1, Decimal("300.00"), Decimal("300.00")),
        "H01": (1, Decimal("250.50"), Decimal("250.50")),
        "B02": (1, Decimal("100.00"), Decimal("0")),
    }
    assert by_code(money.by_authority_kind) == {
        "commune": (2, Decimal("1250.50"), Decimal("1250.50")),
        "departement": (2, Decimal("400.00"), Decimal("300.00")),
    }


@pytest.mark.skipif(not has_codelist("Sector"), reason="the IATI codelists are not beside the repository")
def test_purposes_and_types_of_aid_carry_their_official_labels(world):
    money = report.money(YEAR)
    assert all(row.label.startswith(f"{row.code} — ") and len(row.label) > 10 for row in money.by_purpose)
    assert all(row.label.startswith(f"{row.code} — ") for row in money.by_aid_type)


def test_a_year_without_validated_declarations_has_no_money_but_its_records(world):
    money = report.money(2026)
    assert not money.any and money.total == 0 and money.by_recipient == []
    assert report.records(2026).projects == 2  # P1 until 2026-12, P2 without an end


def test_a_validated_declaration_of_another_year_does_not_count(world):
    assert report.money(2024).total == Decimal("50.00")
    assert report.money(YEAR).total == Decimal("1650.50")


def test_the_csv_rows_are_the_public_lines(world):
    rows = list(report.line_rows(YEAR))
    assert [(row.authority, row.amount, row.is_oda) for row in rows] == [
        ("Côte-d’Or", Decimal("300.00"), True),
        ("Côte-d’Or", Decimal("100.00"), False),
        ("Lyon", Decimal("1000.00"), True),
        ("Lyon", Decimal("250.50"), True),
    ]
    assert sum(row.amount for row in rows) == report.money(YEAR).total
    assert rows[2].recipient == "Arménie" and rows[2].project_id == world["p1"].pk


def test_years_are_those_with_a_validated_declaration_or_a_public_project_running(world):
    this_year = dt.date.today().year
    assert report.years() == list(range(this_year, 2020, -1))  # P3 from 2021; P2 open-ended
    assert report.latest_declared_year() == YEAR


def test_absurd_years_are_not_reportable():
    assert not report.is_reportable(1500)
    assert not report.is_reportable(dt.date.today().year + 1)
    assert report.is_reportable(2019)


def grow(world, n: int) -> None:
    """``n`` more public projects running in the year, each with a French lead, a foreign partner and a place."""
    for i in range(n):
        lead = AuthorityFactory(code=f"FR-COM-9{i:04d}")
        partner = ForeignCityFactory(code=f"AM-X{i}", country=world["armenia"])
        project = ProjectFactory(lead_authority=lead, actual_start=dt.date(2025, 1, 1))
        Participant.objects.create(project=project, authority=partner, role="partner")
        Place.objects.create(project=project, country=world["morocco"])
        declaration = report_world.declaration_of(lead)
        report_world.line(declaration, "10.00", country=world["armenia"], purpose_code="14030", aid_type="C01")
        report_world.submit(declaration, validate=True)


def test_the_figures_take_a_fixed_number_of_queries_whatever_the_size(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        report.records(YEAR)
        report.money(YEAR)
    grow(world, 15)
    with django_assert_max_num_queries(12):
        records, money = report.records(YEAR), report.money(YEAR)
    assert (records.projects, records.foreign_authorities, money.declarations) == (17, 16, 17)
