"""The dashboard's funding gaps, summed in SQL for projects in euros: the same figures as the project page's."""

from datetime import date
from decimal import Decimal

import pytest

from coopdec.funding.selectors import funding_summary
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Project
from coopdec.workspace.dashboard import funding_gaps

pytestmark = pytest.mark.django_db


def test_funding_gaps_are_the_project_pages_figures_in_euros_and_in_other_currencies(authority_a):
    def project(title, budget, currency="EUR", lines=()):
        created = ProjectFactory(
            lead_authority=authority_a, title=title, budget=budget, currency=currency, planned_start=date(2024, 5, 2)
        )
        for amount, line_currency, in_kind in lines:
            FundingFactory(project=created, amount=amount, currency=line_currency, in_kind=in_kind)
        return created

    short = project("Short", Decimal("1000.50"), lines=[(Decimal("600.25"), "EUR", False)])
    over = project("Over", Decimal("100"), lines=[(Decimal("80"), "EUR", False), (Decimal("30.10"), "EUR", True)])
    exact = project("Exact", Decimal("500"), lines=[(Decimal("400"), "EUR", False), (Decimal("100"), "EUR", True)])
    dollars = project(
        "Dollars", Decimal("10000"), lines=[(Decimal("5000"), "EUR", False), (Decimal("3000"), "USD", False)]
    )
    in_cfa = project("Budget in CFA francs", Decimal("655957"), "XOF", lines=[(Decimal("900"), "EUR", False)])
    project("No line", Decimal("700"))
    project("No budget", None, lines=[(Decimal("10"), "EUR", False)])

    gaps = funding_gaps(Project.objects.filter(lead_authority=authority_a))

    expected = {p.pk: funding_summary(p).gap_eur for p in (short, over, exact, dollars, in_cfa)}
    assert gaps == {pk: gap for pk, gap in expected.items() if gap}
    assert gaps[short.pk] == Decimal("400.25") and gaps[over.pk] == Decimal("-10.10")
    assert exact.pk not in gaps  # in kind counts towards the budget
    assert gaps[in_cfa.pk] == Decimal("100.00")  # 655,957 XOF = 1,000 € (fixed parity)
    assert Decimal("0") < gaps[dollars.pk] < Decimal("5000")  # the dollars converted at the ECB rate of the day


def test_the_dashboard_lists_the_first_twenty_gaps_in_title_order_and_says_there_are_more(
    client, editor_a, authority_a, django_assert_max_num_queries
):
    for index in range(30):
        project = ProjectFactory(lead_authority=authority_a, title=f"P{index:02d}", budget=Decimal("1000"))
        FundingFactory(project=project, amount=Decimal("999"))
    client.force_login(editor_a)
    with django_assert_max_num_queries(40):
        response = client.get("/en/workspace/")
    check = next(check for check in response.context["checklist"] if check.key == "funding_gap")
    assert [item["label"] for item in check.items] == [f"P{index:02d}" for index in range(20)]  # in title order
    assert check.more and "gap of 1.00\xa0€" in response.content.decode()
