"""Comparing two versions of a declaration: lines added, removed, changed field by field, and the totals."""

import datetime as dt
from decimal import Decimal

import pytest

from coopdec.declarations import services
from coopdec.declarations.enums import LineKind
from coopdec.declarations.history import compare_versions, line_key
from coopdec.declarations.tests.conftest import project_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_day(monkeypatch):
    monkeypatch.setattr(services.timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 5, 10))


def awareness(declaration, editor, description, amount):
    return services.add_line(
        author=editor,
        declaration=declaration,
        kind=LineKind.AWARENESS,
        description=description,
        value_date=dt.date(2025, 9, 1),
        original_amount=Decimal(amount),
        original_currency="EUR",
    )


def resubmit(declaration, editor, coordinator):
    services.return_declaration(author=coordinator, declaration=declaration, comment="Corrigez")
    declaration.refresh_from_db()


@pytest.fixture
def two_versions(campaign, editor_a, coordinator, authority_a, oda_2025, open_day):
    """Version 1: a festival (1,000 €), a conference (500 €), a disbursement to Armenia (40,000 €).
    Version 2: the festival at 1,500 €, the conference removed, an exhibition added, the disbursement removed."""
    project_in(authority_a, oda_2025["AM"], title="Erevan", amount="40000", paid_on=dt.date(2025, 3, 1))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    prefilled = declaration.lines.get()
    services.change_line(author=editor_a, line=prefilled, reason="Code", purpose_code="14030")
    festival = awareness(declaration, editor_a, "Festival", "1000")
    conference = awareness(declaration, editor_a, "Conférence", "500")
    first = services.submit(author=editor_a, declaration=declaration)
    resubmit(declaration, editor_a, coordinator)
    services.change_line(author=editor_a, line=festival, original_amount=Decimal("1500"), original_currency="EUR")
    services.remove_line(author=editor_a, line=conference, reason="Annulée")
    services.remove_line(author=editor_a, line=prefilled, reason="Payé en 2024")
    awareness(declaration, editor_a, "Exposition", "300")
    second = services.submit(author=editor_a, declaration=declaration)
    return first, second


def test_a_comparison_lists_the_lines_added_removed_and_changed(two_versions):
    comparison = compare_versions(*two_versions)
    assert [line.description for line in comparison.added] == ["Exposition"]
    assert sorted(line.description for line in comparison.removed) == ["Conférence", "Erevan"]
    assert [change.after.description for change in comparison.changed] == ["Festival"]


def test_a_changed_line_says_each_field_before_and_after(two_versions):
    change = compare_versions(*two_versions).changed[0]
    fields = {item.field: (item.before, item.after) for item in change.fields}
    assert fields == {
        "original_amount": (Decimal("1000.00"), Decimal("1500.00")),
        "amount_eur": (Decimal("1000.00"), Decimal("1500.00")),
    }


def test_a_comparison_gives_the_totals_before_and_after(two_versions):
    comparison = compare_versions(*two_versions)
    assert (comparison.total_before, comparison.total_after) == (Decimal("41500.00"), Decimal("1800.00"))
    assert (comparison.oda_before, comparison.oda_after) == (Decimal("41500.00"), Decimal("1800.00"))


def test_a_version_compared_with_itself_has_no_difference(two_versions):
    first, _second = two_versions
    assert compare_versions(first, first).is_empty


def test_the_other_way_round_added_and_removed_swap(two_versions):
    first, second = two_versions
    comparison = compare_versions(second, first)
    assert [line.description for line in comparison.removed] == ["Exposition"]
    assert sorted(line.description for line in comparison.added) == ["Conférence", "Erevan"]


def test_a_pre_filled_line_is_followed_by_its_disbursement(two_versions):
    first, second = two_versions
    line = first.lines.get(description="Erevan")
    assert line_key(line) == ("disbursement", line.disbursement_id)
    assert line_key(second.lines.get(description="Erevan")) == line_key(line)


def test_versions_of_two_declarations_are_not_compared(two_versions, editor_b, authority_b, open_day):
    other = services.start_declaration(author=editor_b, authority=authority_b, year=2025)
    awareness(other, editor_b, "Festival", "1000")
    with pytest.raises(ValueError):
        compare_versions(two_versions[0], services.submit(author=editor_b, declaration=other))
