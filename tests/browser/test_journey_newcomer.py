"""A newcomer from a region's international-relations team joins the platform, in a real browser."""

import re

import pytest
from django.core import mail

from conftest import PASSWORD
from coopdec.accounts.models import Membership
from coopdec.territories.factories import AuthorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email, password=PASSWORD):
    page.goto("/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_newcomer_registers_confirms_asks_to_join_and_is_approved(page, second_page, coordinator):
    AuthorityFactory(code="FR-REG-11", name="Île-de-France", kind="region", level="regional")

    # Registration
    page.goto("/en/accounts/register/")
    page.get_by_label("E-mail address").fill("camille.durand@iledefrance.example")
    page.get_by_label("First name").fill("Camille")
    page.get_by_label("Last name").fill("Durand")
    page.locator("#id_password1").fill("Coopération-2026!")
    page.get_by_label("Password confirmation").fill("Coopération-2026!")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name=re.compile("Check your (e-mail|mailbox|inbox)", re.I)).wait_for()

    # The confirmation e-mail's link activates the account
    link = re.search(r"https?://\S+/activate/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", page.url.split("/en/")[0]))
    page.get_by_role("button", name="Activate my account").click()
    log_in(page, "camille.durand@iledefrance.example", "Coopération-2026!")

    # Asks to join Île-de-France, found without its accents
    page.goto("/en/accounts/join/")
    page.get_by_label("Search by name").fill("ile de france")
    page.get_by_label("Search by name").press("Enter")
    page.get_by_label(re.compile("Île-de-France")).check()
    page.get_by_label("Your job title").fill("Chargée de mission Arménie")
    page.get_by_role("button", name="Send my request").click()
    assert Membership.objects.get(user__email="camille.durand@iledefrance.example").status == "pending"

    # A coordinator approves, in their own browser
    log_in(second_page, coordinator.email)
    second_page.goto("/en/accounts/requests/")
    row = second_page.get_by_role("row", name=re.compile("Camille Durand"))
    row.get_by_role("button", name="Approve").click()

    # The newcomer sees it on their account page
    page.goto("/en/accounts/profile/")
    assert page.get_by_text("Île-de-France").first.is_visible()
    assert Membership.objects.get(user__email="camille.durand@iledefrance.example").status == "approved"
