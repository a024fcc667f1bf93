"""Who reaches which call page: a visitor signs in first; only coordinators manage calls; a call's reviewer sees
its applications and scores them, a reviewer of another call nothing."""

import pytest
from django.urls import reverse

from conftest import client_for

MANAGER_PAGES = ["detail", "rules", "copy", "reviewers"]
NOT_COORDINATORS = ["editor_a", "admin_a", "editor_b"]


def _urls(call, application):
    urls = {name: reverse(f"calls:{name}", args=[call.pk]) for name in [*MANAGER_PAGES, "applications"]}
    urls |= {name: reverse(f"calls:{name}") for name in ("list", "new")}
    urls["request_changes"] = reverse("calls:request_changes", args=[call.pk, application.pk])
    urls["score"] = reverse("calls:score", args=[call.pk, application.pk])
    return urls


ALL_PAGES = ["list", "new", *MANAGER_PAGES, "applications", "request_changes", "score"]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_a_visitor_is_sent_to_sign_in(visitor, call_2025, application_a, page):
    response = visitor.get(_urls(call_2025, application_a)[page])
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_an_authoritys_members_reach_no_call_page(client, cast, call_2025, application_a, role, page):
    response = client_for(client, cast[role]).get(_urls(call_2025, application_a)[page])
    assert response.status_code == 403


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("role", ["coordinator", "platform_admin"])
def test_a_coordinator_reaches_every_call_page(client, cast, call_2025, application_a, role, page):
    response = client_for(client, cast[role]).get(_urls(call_2025, application_a)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["list", "new", *MANAGER_PAGES, "request_changes"])
def test_a_reviewer_manages_nothing(client, reviewer, call_2025, application_a, page):
    response = client_for(client, reviewer).get(_urls(call_2025, application_a)[page])
    assert response.status_code == 403


@pytest.mark.parametrize("page", ["applications", "score"])
def test_the_calls_reviewer_sees_its_applications_and_scores_them(client, reviewer, call_2025, application_a, page):
    response = client_for(client, reviewer).get(_urls(call_2025, application_a)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["applications", "score"])
def test_a_reviewer_of_another_call_sees_nothing_of_this_one(client, other_reviewer, call_2025, application_a, page):
    response = client_for(client, other_reviewer).get(_urls(call_2025, application_a)[page])
    assert response.status_code == 403


def test_an_application_is_reached_only_under_its_own_call(client, coordinator, call_2024, application_a):
    url = reverse("calls:score", args=[call_2024.pk, application_a.pk])
    assert client_for(client, coordinator).get(url).status_code == 404


def test_the_coordinators_dashboard_links_to_the_calls(client, coordinator):
    page = client_for(client, coordinator).get(reverse("workspace:dashboard")).content.decode()
    assert reverse("calls:list") in page and "Appels à projets" in page


def test_an_editors_dashboard_does_not(client, editor_a):
    page = client_for(client, editor_a).get(reverse("workspace:dashboard")).content.decode()
    assert reverse("calls:list") not in page


def test_a_reviewers_dashboard_links_to_the_applications_of_their_call(client, reviewer, call_2025, call_2024):
    page = client_for(client, reviewer).get(reverse("workspace:dashboard")).content.decode()
    assert "Appels à projets que vous évaluez" in page
    assert reverse("calls:applications", args=[call_2025.pk]) in page
    assert reverse("calls:applications", args=[call_2024.pk]) not in page
