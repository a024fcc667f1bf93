"""Issue 6's "done when", in a real browser: a French company publishes a request, finds a Moroccan offer written
in Arabic, sends an interest; the Moroccan company accepts; contacts appear; the pairing reaches a signed agreement."""

import re

import pytest

from conftest import PASSWORD
from coopdec.accounts.factories import MembershipFactory
from coopdec.matchmaking import services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.models import Interest, Pairing
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.territories.factories import AuthorityFactory, CountryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFER_TITLE = "زيت زيتون بكر ممتاز من منطقة مراكش"


def log_in(page, email):
    page.goto("/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/(?!accounts/login).*"))


def test_a_french_company_goes_from_its_request_to_a_signed_agreement_with_a_moroccan_company(page, second_page):
    hauts_de_france = AuthorityFactory(code="FR-REG-32", name="Hauts-de-France", kind="region", level="regional")
    marrakech = AuthorityFactory(
        code="MA-07", name="Marrakech-Safi", country=CountryFactory(code="MA"), kind="region", level="regional"
    )
    biscuits = OrganizationFactory(
        name="Biscuiterie des Flandres", kind=OrganizationKind.COMPANY, authority=hauts_de_france
    )
    oil = OrganizationFactory(
        name="Huilerie Al Baraka", kind=OrganizationKind.COMPANY, authority=marrakech, country=marrakech.country
    )
    MembershipFactory(organization=biscuits, user__email="achats@flandres.example")
    MembershipFactory(organization=oil, user__email="ventes@albaraka.example")
    services.create_profile(
        author=None,
        organization=oil,
        kind=ProfileKind.BUSINESS_OFFER,
        title=OFFER_TITLE,
        description="نحن معصرة زيتون عائلية. ننتج زيت الزيتون البكر الممتاز ونبحث عن موزعين في أوروبا.",
        language="ar",
        sectors=["10.41"],
        status=ProfileStatus.PUBLISHED,
    )

    # The French buyer writes a business request; sectors are suggested while typing
    log_in(page, "achats@flandres.example")
    page.goto("/en/matchmaking/profiles/new/")
    page.get_by_label("Kind of profile").select_option("business_request")
    page.get_by_label("Title").fill("Recherche d'huile d'olive vierge extra")
    page.get_by_label("Description").fill(
        "Biscuiterie près de Lille, nous cherchons un producteur d'huile d'olive vierge extra pour nos biscuits."
    )
    page.locator(".sector-suggestion").first.wait_for()
    page.get_by_label("Sectors (NACE classes)").fill("10.41")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The profile is published").wait_for()

    # The Moroccan offer written in Arabic is among the suggestions; the buyer sends an interest
    page.get_by_role("link", name=OFFER_TITLE).click()
    page.get_by_label("Your message").fill("Bonjour, nous aimerions goûter votre huile.")
    page.get_by_role("button", name="Send my interest").click()
    page.get_by_role("heading", name="Expression of interest").wait_for()
    assert "ventes@albaraka.example" not in page.content()
    interest = Interest.objects.get()

    # The Moroccan company's member accepts, in their own browser; the contacts appear
    log_in(second_page, "ventes@albaraka.example")
    second_page.goto(f"/en/matchmaking/interests/{interest.pk}/")
    assert "achats@flandres.example" not in second_page.content()
    second_page.get_by_role("button", name="Accept").click()
    second_page.get_by_role("heading", name="Contacts").wait_for()
    assert "achats@flandres.example" in second_page.content()
    page.reload()
    assert "ventes@albaraka.example" in page.content()

    # The pairing is moved to "agreement signed"
    page.get_by_role("link", name="Follow the pairing").click()
    page.get_by_label("Stage").select_option("agreement")
    page.get_by_label("Type of agreement").select_option("commercial")
    page.get_by_label("Note").fill("Contrat d'approvisionnement signé au salon de Lille.")
    page.get_by_role("button", name="Record").click()
    assert page.locator("#pairing-stage").inner_text() == "Agreement signed"
    pairing = Pairing.objects.get()
    assert pairing.stage == "agreement" and pairing.agreement_type == "commercial"
