"""Two people saving the same project or partnership at once through the API: the second is told (409), and
nothing of the first's change is lost; a PATCH that does not say which version it read is refused (428)."""

from datetime import date
from decimal import Decimal

import pytest

from coopdec.partnerships.enums import PartnershipStatus
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.enums import ProjectKind
from coopdec.projects.factories import ProjectFactory
from coopdec.territories.factories import ForeignCityFactory

from .calls import Caller


@pytest.fixture
def as_role(client, cast, bearer):
    return lambda role: Caller(client, bearer(cast[role]))


@pytest.fixture
def project(authority_a):
    return ProjectFactory(title="Eau potable à Erevan", lead_authority=authority_a, kind=ProjectKind.DEVELOPMENT)


@pytest.fixture
def partnership(authority_a):
    return partnership_between(
        authority_a,
        ForeignCityFactory(code="GEONAMES-616052", name="Erevan"),
        title="Île-de-France – Erevan",
        status=PartnershipStatus.IN_FORCE,
        signed_on=date(2024, 1, 10),
    )


def test_a_project_read_carries_its_version_in_the_body_and_the_etag(as_role, project):
    response = as_role("editor_a").get(f"/api/projects/{project.pk}")

    assert response.json()["version"] == project.version == 1
    assert response["ETag"] == '"1"'


def test_the_second_of_two_editors_who_read_the_same_project_is_told_and_changes_nothing(as_role, project):
    read = as_role("editor_a").get(f"/api/projects/{project.pk}").json()["version"]

    first = as_role("editor_a").patch(
        f"/api/projects/{project.pk}", {"version": read, "title": "Eau et assainissement"}
    )
    second = as_role("coordinator").patch(f"/api/projects/{project.pk}", {"version": read, "budget": "90000"})

    assert (first.status_code, first.json()["version"], first["ETag"]) == (200, 2, '"2"')
    assert second.status_code == 409, second.content
    [error] = second.json()["detail"]
    assert error["type"] == "stale_version"
    assert error["msg"].startswith("\u2068Eau et assainissement\u2069 was changed by \u2068Camille Martin")
    assert "(version 1, now 2). Nothing was saved" in error["msg"]
    project.refresh_from_db()
    assert (project.title, project.budget, project.version) == ("Eau et assainissement", Decimal("100000.00"), 2)


def test_a_project_patch_without_its_version_is_refused_and_changes_nothing(as_role, project):
    response = as_role("editor_a").patch(f"/api/projects/{project.pk}", {"title": "Blind write"})

    assert response.status_code == 428
    assert "Send the version you last read" in response.json()["detail"]
    project.refresh_from_db()
    assert (project.title, project.version) == ("Eau potable à Erevan", 1)


def test_the_version_may_come_as_if_match(as_role, client, bearer, editor_a, project):
    headers = {**bearer(editor_a), "Accept-Language": "en"}
    path = f"/api/projects/{project.pk}"

    fresh = client.patch(path, {"title": "A"}, content_type="application/json", headers={**headers, "If-Match": '"1"'})
    stale = client.patch(path, {"title": "B"}, content_type="application/json", headers={**headers, "If-Match": '"1"'})
    garbled = client.patch(path, {"title": "C"}, content_type="application/json", headers={**headers, "If-Match": "*"})

    assert (fresh.status_code, stale.status_code, garbled.status_code) == (200, 409, 400)
    project.refresh_from_db()
    assert (project.title, project.version) == ("A", 2)


def test_the_second_of_two_editors_of_a_partnership_is_told_and_changes_nothing(as_role, partnership):
    read = as_role("editor_a").get(f"/api/partnerships/{partnership.pk}")
    version = read.json()["version"]
    assert read["ETag"] == f'"{version}"'

    first = as_role("editor_a").patch(
        f"/api/partnerships/{partnership.pk}", {"version": version, "ends_on": "2030-12-31"}
    )
    second = as_role("admin_a").patch(
        f"/api/partnerships/{partnership.pk}", {"version": version, "title": "Taken over"}
    )

    assert first.status_code == 200 and first.json()["version"] == version + 1
    assert second.status_code == 409
    assert second.json()["detail"][0]["type"] == "stale_version"
    partnership.refresh_from_db()
    assert (partnership.title, partnership.ends_on) == ("Île-de-France – Erevan", date(2030, 12, 31))
