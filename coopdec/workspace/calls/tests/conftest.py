"""The calls app's cast (its 2024 and 2025 calls, Armenia, Yerevan, a reviewer), plus submitted applications."""

import pytest

from coopdec.accounts.factories import UserFactory
from coopdec.calls import services
from coopdec.calls.tests.conftest import (  # noqa: F401
    OPEN_DAY,
    armenia,
    awarding_call,
    budget,
    call_2024,
    call_2025,
    ministry,
    project,
    reviewer,
    yerevan,
)


def submitted(author, call, authority, country, *, title, asked="50000", own="50000"):
    application = services.start_application(author=author, call=call, authority=authority, title=title).application
    services.save_draft(author=author, application=application, resources=budget(asked, own), countries=[country])
    services.submit_application(author=author, application=application, today=OPEN_DAY)
    return application


@pytest.fixture
def application_a(editor_a, authority_a, call_2025, armenia):  # noqa: F811
    """Île-de-France's application to the 2025 call, submitted: 50,000 € asked of 100,000 €."""
    return submitted(editor_a, call_2025, authority_a, armenia, title="Eau potable à Erevan")


@pytest.fixture
def application_b(editor_b, authority_b, call_2025, armenia):  # noqa: F811
    """Hauts-de-France's, submitted: 40,000 € asked of 100,000 €."""
    return submitted(editor_b, call_2025, authority_b, armenia, title="Déchets à Gumri", asked="40000", own="60000")


@pytest.fixture
def other_reviewer(coordinator, call_2024):  # noqa: F811
    """A reviewer of the 2024 call, and of no other."""
    user = UserFactory(email="reviewer-2024@example.org")
    services.invite_reviewer(author=coordinator, call=call_2024, user=user)
    return user
