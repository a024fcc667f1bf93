"""The applicants' pages in a real browser: Île-de-France's application from its Yerevan project to the 2025
call, whose rules panel follows the budget as the editor types (htmx, nothing saved), refused at 60 % and
submitted at 50 %; the pages looked at in French and Arabic, wide and narrow."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from coopdec.calls import services
from coopdec.calls.models import ApplicationVersion
from coopdec.calls.tests.conftest import armenia, call_2024, call_2025, project, yerevan  # noqa: F401

from .axe import BLOCKING, describe, run_axe
from .test_journey_newcomer import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("COOPDEC_SCREENSHOTS", "")


@pytest.fixture
def application(coordinator, call_2025, editor_a, authority_a, project):  # noqa: F811
    today = timezone.localdate()
    call = services.change_rules(
        author=coordinator, call=call_2025, opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    return services.start_application(author=editor_a, call=call, authority=authority_a, project=project).application


def shoot(page, name):
    if SHOTS:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_rules_follow_the_budget_as_typed_and_the_application_is_submitted_at_50_percent(page, application):
    from playwright.sync_api import expect  # here: the suite skips, rather than fails, without Playwright

    log_in(page, "editor-a@example.org")
    page.goto(f"/workspace/applications/{application.pk}/")
    panel = page.locator("#rules-panel")
    assert "part demandée 60\u00a0%" in panel.inner_text()
    shoot(page, "detail-fr")
    serious = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert serious == [], describe(serious)

    page.locator("#id_resources-0-amount").fill("50000")
    page.locator("#id_resources-1-amount").fill("40000")
    expect(panel).to_contain_text("part demandée 50\u00a0%", timeout=5000)  # the CSP forbids wait_for_function
    assert "Toutes les règles de l’appel sont respectées." in panel.inner_text()
    assert application.resources.get(position=0).amount == 60000  # typed, not saved

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Le brouillon a été enregistré.").wait_for()
    assert application.resources.get(position=0).amount == 50000

    page.goto(f"/ar/workspace/applications/{application.pk}/")
    shoot(page, "form-ar")
    serious = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert serious == [], describe(serious)
    page.goto(f"/workspace/applications/{application.pk}/")
    page.get_by_role("link", name="Déposer la candidature").first.click()
    shoot(page, "submit-fr")
    serious = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert serious == [], describe(serious)
    page.get_by_role("button", name="Déposer la candidature").click()
    page.get_by_text("numéro de récépissé").wait_for()
    assert ApplicationVersion.objects.get().receipt_number.endswith("-V1")

    page.goto(f"/ar/workspace/applications/{application.pk}/")
    shoot(page, "detail-ar")
    page.goto("/ar/workspace/applications/")
    shoot(page, "list-ar")
    page.goto("/workspace/applications/")
    shoot(page, "list-fr")
    serious = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert serious == [], describe(serious)
