"""Reads for the coordinators' pages of a call: the calls with their applications counted by status, and a call's
ranking by average score with the amount each application asks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from . import selectors, workflow
from .enums import ApplicationStatus, Source
from .models import Application, Call, Criterion, ResourceLine, Score

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)


def call_summaries(calls: QuerySet[Call] | None = None) -> QuerySet[Call]:
    """The calls, each with ``applications_total`` and ``n_<status>`` for every application status."""
    calls = Call.objects.all() if calls is None else calls
    counts: dict[str, Any] = {
        f"n_{status}": Count("applications", filter=Q(applications__status=status))
        for status in ApplicationStatus.values
    }
    return calls.annotate(applications_total=Count("applications"), **counts)


def status_counts(call: Call) -> list[tuple[ApplicationStatus, int]]:
    """How many of the call's applications are in each status, every status listed (zero included)."""
    rows = dict(call.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(ApplicationStatus(status), rows.get(status, 0)) for status in ApplicationStatus.values]


def grid_maximum(call: Call) -> Decimal:
    """The highest weighted total a reviewer can give: the sum of each criterion's scale times its weight."""
    total = Decimal("0")
    for weight, scale in Criterion.objects.filter(call=call).values_list("weight", "scale"):
        total += weight * scale
    return total


def ranking(call: Call) -> QuerySet[Application]:
    """The call's applications past the draft, each with ``asked`` (euros asked from the call), ``scored_by`` (how
    many reviewers marked it) and ``average`` (the mean of the reviewers' weighted totals; None before any mark),
    best average first."""
    asked = (
        ResourceLine.objects.filter(application=OuterRef("pk"), source=Source.CALL)
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    weighted = ExpressionWrapper(F("mark") * F("criterion__weight"), output_field=MONEY)
    scores = Score.objects.filter(application=OuterRef("pk")).order_by().values("application")
    points = scores.annotate(points=Sum(weighted)).values("points")
    reviewers = scores.annotate(n=Count("reviewer", distinct=True)).values("n")
    return (
        call.applications.exclude(status=workflow.DRAFT)
        .select_related("authority", "project")
        .annotate(
            asked=Coalesce(Subquery(asked, output_field=MONEY), ZERO),
            points=Subquery(points, output_field=MONEY),
            scored_by=Coalesce(Subquery(reviewers), Value(0)),
        )
        .annotate(
            # In floating point: SQLite divides an integral sum by a count as integers (23 / 2 = 11).
            average=Cast("points", FloatField()) / NullIf("scored_by", 0),
        )
        .order_by(F("average").desc(nulls_last=True), "title", "pk")
    )


def envelope_use(call: Call) -> dict[str, Decimal]:
    """The envelope, what the decisions awarded from it, what the released tranches paid, and what is left
    (``selectors.envelope_use``: an award may be lower than what was asked)."""
    use = selectors.envelope_use(call)
    return {"envelope": use.envelope, "awarded": use.awarded, "paid": use.paid, "left": use.left}
