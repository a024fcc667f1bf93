"""The language of a user's e-mails: taken when they register or first log in, changed on their account page."""

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html

from conftest import PASSWORD, client_for
from coopdec.accounts.factories import UserFactory
from coopdec.accounts.models import User

from .test_registration import FORM


def language_field(page: bytes) -> tuple[str, list[str], str]:
    """The form's label, the selected option's text, and the help text the select is described by."""
    tree = html.fromstring(page)
    select = tree.get_element_by_id("id_language")
    label = tree.xpath("//label[@for='id_language']")[0].text_content().strip()
    help_text = tree.get_element_by_id(select.get("aria-describedby")).text_content().strip()
    return label, [o.text_content() for o in select.xpath("option[@selected]")], help_text


def localized(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_an_account_takes_the_language_its_owner_registers_in(client, language):
    client.post(localized("accounts:register", language), FORM)
    assert User.objects.get().language == language


@pytest.mark.django_db
def test_logging_in_gives_a_language_to_an_account_without_one_and_changes_no_chosen_one(client):
    made_by_an_administrator = UserFactory(email="made@example.org", language="")
    chose_english = UserFactory(email="chose@example.org", language="en")
    for user in (made_by_an_administrator, chose_english):
        response = client.post(localized("accounts:login", "ar"), {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        client.logout()

    made_by_an_administrator.refresh_from_db()
    chose_english.refresh_from_db()
    assert (made_by_an_administrator.language, chose_english.language) == ("ar", "en")


def test_the_account_page_shows_the_language_of_emails_and_changes_it(client, editor_a):
    editor_a.language = ""
    editor_a.save()
    client = client_for(client, editor_a)

    page = client.get(localized("accounts:profile", "en")).content
    # None chosen yet: French is shown, since that is what they get today
    assert language_field(page) == (
        "Language of e-mails",
        ["French"],
        "The e-mails the platform sends you are written in it.",
    )

    response = client.post(localized("accounts:email_language", "en"), {"language": "ar"}, follow=True)
    editor_a.refresh_from_db()
    assert editor_a.language == "ar"
    assert "Language of your e-mails: Arabic." in response.content.decode()
    assert '<option value="ar" selected>Arabic</option>' in response.content.decode()


def test_a_language_the_platform_does_not_offer_is_refused_and_changes_nothing(client, editor_a):
    editor_a.language = "en"
    editor_a.save()

    response = client_for(client, editor_a).post(
        localized("accounts:email_language", "en"), {"language": "de"}, follow=True
    )
    editor_a.refresh_from_db()
    assert editor_a.language == "en"
    assert "Choose one of the languages offered." in response.content.decode()


def test_a_visitor_cannot_change_a_language_and_is_sent_to_log_in(client, db):
    response = client.post(localized("accounts:email_language", "en"), {"language": "ar"})
    assert response.status_code == 302 and "/login/" in response.url
