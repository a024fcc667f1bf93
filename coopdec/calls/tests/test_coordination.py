"""The coordinators' reads: applications counted by status, the ranking by average weighted score, the envelope."""

from decimal import Decimal

from coopdec.calls import coordination, decisions, services
from coopdec.calls.enums import ApplicationStatus

from .conftest import OPEN_DAY, budget


def _submitted(author, call, authority, country, title, asked="50000", own="50000"):
    application = services.start_application(author=author, call=call, authority=authority, title=title).application
    services.save_draft(author=author, application=application, resources=budget(asked, own), countries=[country])
    services.submit_application(author=author, application=application, today=OPEN_DAY)
    return application


def test_the_calls_count_their_applications_by_status(editor_a, authority_a, call_2024, call_2025, armenia):
    _submitted(editor_a, call_2025, authority_a, armenia, "A")
    services.start_application(author=editor_a, call=call_2025, authority=authority_a, title="B")
    counts = {call.year: call for call in coordination.call_summaries()}
    assert (counts[2025].applications_total, counts[2025].n_submitted, counts[2025].n_draft) == (2, 1, 1)
    assert counts[2024].applications_total == 0
    assert dict(coordination.status_counts(call_2025))[ApplicationStatus.SUBMITTED] == 1
    assert len(coordination.status_counts(call_2025)) == len(ApplicationStatus)


def test_the_ranking_averages_the_reviewers_weighted_totals(
    editor_a, editor_b, authority_a, authority_b, call_2025, armenia, reviewer, coordinator
):
    first = _submitted(editor_a, call_2025, authority_a, armenia, "A", asked="50000")
    second = _submitted(editor_b, call_2025, authority_b, armenia, "B", asked="30000", own="70000")
    relevance, partnership = call_2025.criteria.all()  # weights 2 and 1, each out of 5
    services.score_application(author=reviewer, application=first, marks={relevance: 3, partnership: 2})  # 8
    services.score_application(author=coordinator, application=first, marks={relevance: 4, partnership: 1})  # 9
    services.score_application(author=reviewer, application=second, marks={relevance: 5, partnership: 5})  # 15
    rows = list(coordination.ranking(call_2025))
    assert [(row.title, row.average, row.scored_by, row.asked) for row in rows] == [
        ("B", 15.0, 1, Decimal("30000")),
        ("A", 8.5, 2, Decimal("50000")),
    ]
    assert coordination.grid_maximum(call_2025) == Decimal("15")


def test_an_unscored_application_comes_last_and_a_draft_not_at_all(editor_a, authority_a, call_2025, armenia, reviewer):
    unscored = _submitted(editor_a, call_2025, authority_a, armenia, "Z")
    services.start_application(author=editor_a, call=call_2025, authority=authority_a, title="Draft")
    rows = list(coordination.ranking(call_2025))
    assert [(row.pk, row.average, row.scored_by) for row in rows] == [(unscored.pk, None, 0)]


def test_the_envelope_left_takes_off_what_the_decisions_awarded(coordinator, submitted, awarding_call):
    decisions.award_application(author=coordinator, application=submitted, amount=Decimal("45000"), today=OPEN_DAY)
    assert coordination.envelope_use(awarding_call) == {
        "envelope": Decimal("2000000"), "awarded": Decimal("45000"), "paid": Decimal("0"), "left": Decimal("1955000"),
    }  # fmt: skip
