"""Two officers save the same project at once, in a real browser: the second, on a phone in Arabic, is told who
changed it, keeps what they typed, and sees the field changed meanwhile with its current value."""

import os
import re

import pytest

from conftest import PASSWORD
from coopdec.projects.enums import ProjectKind
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Project

from .test_journey_newcomer import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_of_two_officers_saving_a_project_is_told_and_loses_nothing(page, second_page, editor_a, admin_a):
    project = ProjectFactory(
        title="Eau potable à Erevan", lead_authority=editor_a.memberships.get().authority, kind=ProjectKind.DEVELOPMENT
    )
    log_in(page, editor_a.email, PASSWORD)
    log_in(second_page, admin_a.email, PASSWORD)
    second_page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/workspace/projects/{project.pk}/edit/")
    second_page.goto(f"/ar/workspace/projects/{project.pk}/edit/")

    page.locator("#id_title").fill("Eau et assainissement à Erevan")
    page.locator("#id_title").press("Enter")
    page.get_by_text("Le projet a été enregistré.").wait_for()
    second_page.locator("#id_description").fill("ثلاثة آبار وخزان مياه")
    second_page.locator("form button[type=submit]").last.click()

    alert = second_page.get_by_role("alert").first
    alert.wait_for()
    assert "Camille" in alert.inner_text()
    assert second_page.locator("html").get_attribute("dir") == "rtl"
    assert second_page.locator("#id_description").input_value() == "ثلاثة آبار وخزان مياه"
    beside_title = second_page.locator("#id_title").locator("xpath=ancestor::div[1]").locator(".invalid-feedback")
    assert "Eau et assainissement à Erevan" in beside_title.inner_text()
    if os.environ.get("SCREENSHOTS"):
        second_page.screenshot(
            path=os.path.join(os.environ["SCREENSHOTS"], "edit-conflict-ar-phone.png"), full_page=True
        )
    project.refresh_from_db()
    assert (project.title, project.description, project.version) == ("Eau et assainissement à Erevan", "", 2)

    # Having read what changed, the second officer saves again on purpose: their description lands, the title stays.
    second_page.locator("form button[type=submit]").last.click()
    second_page.wait_for_url(re.compile(rf"/ar/workspace/projects/{project.pk}/$"))
    saved = Project.objects.get(pk=project.pk)
    assert (saved.title, saved.description, saved.version) == (
        "Eau et assainissement à Erevan",
        "ثلاثة آبار وخزان مياه",
        3,
    )
