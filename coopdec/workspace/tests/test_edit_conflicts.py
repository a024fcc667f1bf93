"""Two people editing the same project or partnership page at once: the second is told who changed what, keeps
what they typed, and nothing of the first's change is lost until they choose to save over it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html

from conftest import client_for
from coopdec.partnerships.enums import PartnershipStatus
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Partnership
from coopdec.projects.enums import ProjectKind
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Project
from coopdec.territories.factories import ForeignCityFactory

pytestmark = pytest.mark.django_db


def opened(client, url: str) -> dict:
    """What the browser would post back from the edit page as it was opened, untouched."""
    return posted_back(client.get(url))


def posted_back(response) -> dict:
    """What the browser would post back from the form of ``response``, untouched."""
    page = html.fromstring(response.content)
    form = page.xpath("//main//form[@method='post']")[0]
    data: dict = {}
    for field in form.xpath(".//input[@name]|.//textarea[@name]|.//select[@name]"):
        name, kind = field.get("name"), field.get("type")
        if field.tag == "select":
            chosen = field.xpath("./option[@selected]/@value") or field.xpath("./option[1]/@value")
            data[name] = chosen[0] if chosen else ""
        elif kind in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data.setdefault(name, []).append(field.get("value"))
        elif kind != "submit":
            # A browser drops the newline that opens a textarea's content.
            text = (field.text or "").removeprefix("\r").removeprefix("\n")
            data[name] = text if field.tag == "textarea" else field.get("value", "")
    return data


def edit_page(app: str, record) -> str:
    with translation.override("fr"):
        return reverse(f"{app}:edit", args=[record.pk])


def errors_beside(response, name: str) -> str:
    page = html.fromstring(response.content)
    feedback = f"//*[@name='{name}']/ancestor::div[1]//*[contains(@class, 'invalid-feedback')]//text()"
    return " ".join(text.strip() for text in page.xpath(feedback)).strip()


@pytest.fixture
def project(authority_a):
    return ProjectFactory(
        title="Eau potable à Erevan", lead_authority=authority_a, kind=ProjectKind.EMERGENCY_HUMANITARIAN, budget=None
    )


def test_the_second_editor_of_a_project_is_told_and_keeps_their_input(client, editor_a, admin_a, project):
    url = edit_page("projects", project)
    first, second = client_for(client, editor_a), client_for(client.__class__(), admin_a)
    mine, theirs = opened(first, url), opened(second, url)
    assert mine["version"] == theirs["version"] == "1"

    saved = first.post(url, {**mine, "title": "Eau et assainissement à Erevan", "budget": "12000"})
    refused = second.post(url, {**theirs, "description": "Trois forages et un château d'eau."})

    assert saved.status_code == 302
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "a été modifié par \u2068Camille Martin" in text and "Rien n’a été enregistré" in text
    project.refresh_from_db()
    assert (project.title, project.description, project.version) == ("Eau et assainissement à Erevan", "", 2)
    # What only the other changed is now in the form, said beside it; what they typed is kept.
    again = posted_back(refused)
    assert again["version"] == "2"
    assert again["description"] == "Trois forages et un château d'eau."
    assert (again["title"], again["budget"]) == ("Eau et assainissement à Erevan", "12000.00")
    assert errors_beside(refused, "title") == (
        "Modifié entre-temps en «\u202f\u2068Eau et assainissement à Erevan\u2069\u202f», "
        "valeur désormais reprise dans le formulaire."
    )
    assert "12 000,00" in errors_beside(refused, "budget").replace("\u202f", " ").replace("\xa0", " ")
    assert errors_beside(refused, "description") == ""

    # Saving the form as it came back keeps both people's changes.
    resent = second.post(url, again)
    assert resent.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.budget, project.description, project.version) == (
        "Eau et assainissement à Erevan",
        Decimal("12000.00"),
        "Trois forages et un château d'eau.",
        3,
    )


def test_a_field_both_editors_changed_keeps_the_second_ones_value_with_the_firsts_beside_it(
    client, editor_a, admin_a, project
):
    url = edit_page("projects", project)
    first, second = client_for(client, editor_a), client_for(client.__class__(), admin_a)
    mine, theirs = opened(first, url), opened(second, url)

    first.post(url, {**mine, "title": "Eau et assainissement à Erevan"})
    refused = second.post(url, {**theirs, "title": "Adduction d'eau à Erevan"})

    assert posted_back(refused)["title"] == "Adduction d'eau à Erevan"
    assert errors_beside(refused, "title") == (
        "Modifié entre-temps\u202f; désormais\u202f: «\u202f\u2068Eau et assainissement à Erevan\u2069\u202f»."
    )
    assert Project.objects.get(pk=project.pk).title == "Eau et assainissement à Erevan"


def test_the_second_editor_of_a_partnership_is_told_and_nothing_is_lost(client, editor_a, admin_a, authority_a):
    partnership = partnership_between(
        authority_a,
        ForeignCityFactory(code="GEONAMES-616052", name="Erevan"),
        title="Île-de-France — Erevan",
        status=PartnershipStatus.IN_FORCE,
        signed_on=date(2024, 1, 10),
    )
    url = edit_page("partnerships", partnership)
    first, second = client_for(client, editor_a), client_for(client.__class__(), admin_a)
    mine, theirs = opened(first, url), opened(second, url)

    saved = first.post(url, {**mine, "ends_on": "2030-12-31", "save": "1"})
    refused = second.post(url, {**theirs, "title": "Taken over", "save": "1"})

    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert refused.status_code == 200
    assert "Taken over" in refused.content.decode()
    assert "31/12/2030" in errors_beside(refused, "ends_on")
    partnership = Partnership.objects.get(pk=partnership.pk)
    assert (partnership.title, partnership.ends_on) == ("Île-de-France — Erevan", date(2030, 12, 31))


def test_an_edit_page_carries_the_version_it_was_opened_with(client, editor_a, project):
    project.save()
    assert Project.objects.get(pk=project.pk).version == 2

    data = opened(client_for(client, editor_a), edit_page("projects", project))

    assert data["version"] == "2"
