"""The page comparing two versions of a declaration — for every role."""

import re

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.declarations import services
from coopdec.declarations.tests.test_history import awareness

pytestmark = pytest.mark.django_db


def chosen(page, name):
    """The version selected in the select ``name`` (from, to)."""
    options = re.search(rf'name="{name}">(.*?)</select>', page, re.DOTALL).group(1)
    return int(re.search(r'value="(\d+)"\s+selected', options).group(1))


def compare_url(declaration, query=""):
    return reverse("declarations:compare", args=[declaration.pk]) + query


@pytest.mark.parametrize(("role", "status"), [("editor_b", 403), ("editor_a", 200), ("coordinator", 200)])
def test_who_compares_versions(client, cast, role, status, two_versions):
    declaration = two_versions[0].declaration
    assert client_for(client, cast[role]).get(compare_url(declaration)).status_code == status


def test_a_visitor_is_sent_to_sign_in(client, two_versions):
    assert "/accounts/login/" in client.get(compare_url(two_versions[0].declaration)).url


def test_by_default_the_last_two_versions_are_compared(client, editor_a, two_versions):
    page = client_for(client, editor_a).get(compare_url(two_versions[0].declaration)).content.decode()
    assert (chosen(page, "from"), chosen(page, "to")) == (1, 2)
    assert "Lignes ajoutées" in page and "Exposition" in page
    assert "Lignes retirées" in page and "Conférence" in page
    assert "41\u00a0500,00\u00a0€" in page and "1\u00a0800,00\u00a0€" in page


def test_a_changed_line_shows_each_field_before_and_after(client, editor_a, two_versions):
    page = client_for(client, editor_a).get(compare_url(two_versions[0].declaration)).content.decode()
    assert "Lignes modifiées" in page and "Festival" in page
    assert "Montant en euros" in page and "1\u00a0000,00\u00a0€" in page and "1\u00a0500,00\u00a0€" in page


def test_the_versions_compared_are_chosen_in_the_query(client, editor_a, two_versions):
    page = client_for(client, editor_a).get(compare_url(two_versions[0].declaration, "?from=2&to=1")).content.decode()
    assert (chosen(page, "from"), chosen(page, "to")) == (2, 1)
    assert page.index("Lignes ajoutées") < page.index("Conférence")


@pytest.mark.parametrize("query", ["?from=1&to=9", "?from=x&to=2"])
def test_a_version_that_does_not_exist_is_not_found(client, editor_a, two_versions, query):
    response = client_for(client, editor_a).get(compare_url(two_versions[0].declaration, query))
    assert response.status_code == 404


def test_with_one_version_there_is_nothing_to_compare(client, campaign, editor_a, authority_a, open_day):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    awareness(declaration, editor_a, "Festival", "1000")
    services.submit(author=editor_a, declaration=declaration)
    page = client_for(client, editor_a).get(compare_url(declaration)).content.decode()
    assert "Il n’y a encore rien à comparer" in page
    detail = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert compare_url(declaration) not in detail


def test_the_versions_table_links_each_version_to_the_one_before(client, editor_a, two_versions):
    declaration = two_versions[0].declaration
    page = client_for(client, editor_a).get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert compare_url(declaration, "?from=1&amp;to=2") in page
