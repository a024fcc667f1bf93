"""The calls app's journey cast (Île-de-France, its Yerevan project, the 2024 and 2025 calls), shared with the
applicants' pages, and the 2025 call open today so that the pages offer it and take submissions."""

import datetime as dt

import pytest
from django.utils import timezone

from coopdec.calls import services
from coopdec.calls.tests.conftest import armenia, call_2024, call_2025, project, reviewer, yerevan  # noqa: F401


@pytest.fixture
def open_call(coordinator, call_2025):  # noqa: F811
    """The journey's 2025 call (ceiling 50 % for other ODA-eligible countries), its window around today."""
    today = timezone.localdate()
    return services.change_rules(
        author=coordinator, call=call_2025, opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=30),
    )  # fmt: skip


@pytest.fixture
def application(open_call, editor_a, authority_a, project):  # noqa: F811
    """Île-de-France's application from its Yerevan project: 60,000 € asked of 100,000 €."""
    return services.start_application(
        author=editor_a, call=open_call, authority=authority_a, project=project
    ).application
