"""Issue 3's "done when", in a real browser: a newcomer is approved, records a convention with Yerevan, attaches
its PDF, adds a project with two funding lines under it, and finds both on their dashboard."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from coopdec.accounts.models import Membership
from coopdec.partnerships.models import Partnership
from coopdec.projects.models import Project
from coopdec.territories.factories import AuthorityFactory, CountryFactory, ForeignCityFactory

from .test_journey_newcomer import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "camille.durand@iledefrance.example"
PASSWORD = "Coopération-2026!"
TITLE = "Convention Île-de-France – Yerevan"
PROJECT = "Eau potable à Yerevan"
# The smallest file that is a PDF by its content (lib/uploads checks the content, not the name).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def register_and_get_approved(page, coordinator_page, coordinator):
    page.goto("/en/accounts/register/")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("First name").fill("Camille")
    page.get_by_label("Last name").fill("Durand")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name=re.compile("Check your (e-mail|mailbox|inbox)", re.I)).wait_for()

    link = re.search(r"https?://\S+/activate/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", page.url.split("/en/")[0]))
    page.get_by_role("button", name="Activate my account").click()
    log_in(page, EMAIL, PASSWORD)

    page.goto("/en/accounts/join/")
    page.get_by_label("Search by name").fill("ile de france")
    page.get_by_label("Search by name").press("Enter")
    page.get_by_label(re.compile("Île-de-France")).check()
    page.get_by_label("Your job title").fill("Chargée de mission Arménie")
    page.get_by_role("button", name="Send my request").click()

    log_in(coordinator_page, coordinator.email)
    coordinator_page.goto("/en/accounts/requests/")
    coordinator_page.get_by_role("row", name=re.compile("Camille Durand")).get_by_role("button", name="Approve").click()
    coordinator_page.get_by_text("Camille Durand").first.wait_for()
    assert Membership.objects.get(user__email=EMAIL).status == "approved"


def record_the_convention(page, tmp_path):
    page.goto("/en/workspace/partnerships/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label(re.compile("^Add a party")).fill("yerevan")
    page.get_by_role("checkbox", name=re.compile("^Yerevan")).check()
    page.get_by_label(re.compile("Role of Yerevan")).select_option("partner")
    page.get_by_label("Signed on").fill("2026-03-02")
    page.get_by_label("Sent to the préfet on").fill("2026-03-16")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=TITLE).wait_for()

    document = tmp_path / "Convention signée.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Document (PDF, ODT or DOCX)").set_input_files(str(document))
    page.get_by_role("button", name="Attach").click()
    page.get_by_text("The document is attached.").wait_for()
    assert page.get_by_role("link", name="Convention signée.pdf", exact=True).is_visible()


def add_the_project(page, year):
    page.get_by_role("link", name="Add a project under this partnership").click()
    page.get_by_role("heading", name="New project").wait_for()
    assert page.get_by_label("Partnership").input_value() == str(Partnership.objects.get().pk)  # started from it
    page.get_by_role("textbox", name="Title", exact=True).fill(PROJECT)
    page.get_by_role("textbox", name="Description", exact=True).fill(
        "Réhabilitation du réseau d'eau du quartier Kentron."
    )
    page.get_by_label("Kind").select_option(label="Development")
    page.get_by_label("Status").select_option(label="Implementation")
    page.get_by_label("Budget").fill("50000")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The project has been created.").wait_for()

    # Yerevan takes part (it brings its share in kind), picked as the officer types
    page.get_by_role("link", name="Add a participant").click()
    page.get_by_label("Search by name").fill("yerevan")
    page.get_by_role("radio", name=re.compile("^Yerevan")).check()
    page.get_by_label("Role").select_option(label="Partner")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=PROJECT).wait_for()

    for funder, instrument, amount, in_kind in [
        ("Île-de-France", "Own budget", "35000", False),
        ("Yerevan", "Partner's contribution", "15000", True),
    ]:
        page.get_by_role("link", name="Add a funding line").click()
        page.get_by_label("Funder").select_option(label=funder)
        page.get_by_label("Instrument").select_option(label=instrument)
        page.get_by_label("Amount").fill(amount)
        page.get_by_label("Year").fill(str(year))
        page.get_by_label("In kind").set_checked(in_kind)
        page.get_by_role("button", name="Save").click()
        page.get_by_role("heading", name=PROJECT).wait_for()
    assert page.get_by_text("Fully funded").is_visible()  # 35,000 € cash + 15,000 € in kind = the budget


def test_a_new_officer_records_a_convention_with_yerevan_and_a_project_with_two_funding_lines(
    page, second_page, coordinator, tmp_path
):
    ile_de_france = AuthorityFactory(code="FR-REG-11", name="Île-de-France", kind="region", level="regional")
    armenia = CountryFactory(code="AM", recognised_by_france=True)
    yerevan = ForeignCityFactory(code="AM-ER", name="Yerevan", country=armenia)
    year = date.today().year
    for browser_page in (page, second_page):
        # A long journey on a shared CI machine: the first page of the live server compiles every template.
        browser_page.context.set_default_timeout(30_000)

    register_and_get_approved(page, second_page, coordinator)
    record_the_convention(page, tmp_path)
    add_the_project(page, year)

    page.goto("/en/workspace/")
    active = page.locator("#active-partnerships")
    assert active.get_by_role("link", name=TITLE).is_visible()
    assert page.get_by_role("row", name="Implementation").get_by_role("cell").inner_text() == "1"
    money = page.locator("#money").inner_text()
    assert "35,000.00 €" in money  # committed this year by Île-de-France
    assert "15,000.00 €" not in money  # Yerevan's share in kind is Yerevan's, not the region's commitment

    partnership = Partnership.objects.get()
    assert partnership.title == TITLE and partnership.status == "in_force"
    assert {(p.authority, p.role) for p in partnership.parties.all()} == {
        (ile_de_france, "signatory"),
        (yerevan, "partner"),
    }
    document = partnership.documents.get()
    assert document.original_name == "Convention signée.pdf" and document.file.read() == PDF
    project = Project.objects.get()
    assert (project.title, project.partnership, project.lead_authority) == (PROJECT, partnership, ile_de_france)
    assert (project.status, project.budget) == ("2", Decimal("50000"))
    assert {(f.funder, f.instrument, f.amount, f.in_kind, f.year) for f in project.fundings.all()} == {
        (ile_de_france, "own_budget", Decimal("35000"), False, year),
        (yerevan, "partner_contribution", Decimal("15000"), True, year),
    }
    assert {(p.authority, p.role) for p in project.participants.all()} == {
        (ile_de_france, "lead"),
        (yerevan, "partner"),
    }
