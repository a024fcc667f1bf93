"""An officer records a partnership with Yerevan picked by the live autocomplete, then attaches its PDF."""

import re

import pytest

from coopdec.partnerships.models import Partnership
from coopdec.territories.factories import ForeignCityFactory

from .test_journey_newcomer import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_an_officer_picks_yerevan_as_they_type_and_attaches_the_signed_pdf(page, editor_a, tmp_path):
    ForeignCityFactory(name="Érevan", code="GEONAMES-616052")
    log_in(page, editor_a.email)
    page.goto("/en/workspace/partnerships/new/")
    page.get_by_label("Title").fill("Coopération Île-de-France — Erevan")
    page.get_by_label(re.compile("^Add a party")).fill("erevan")
    page.get_by_role("checkbox", name=re.compile("^Érevan")).check()  # the result appears without reloading the page
    page.get_by_label(re.compile("Role of Érevan")).select_option("partner")
    page.get_by_label("Signed on").fill("2024-03-01")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Coopération Île-de-France — Erevan").wait_for()
    assert page.get_by_text("send it to the préfet").is_visible()

    partnership = Partnership.objects.get()
    assert {(p.authority.name, p.role) for p in partnership.parties.all()} == {
        ("Île-de-France", "signatory"),
        ("Érevan", "partner"),
    }

    document = tmp_path / "Convention signée.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Document (PDF, ODT or DOCX)").set_input_files(str(document))
    page.get_by_role("button", name="Attach").click()
    page.get_by_text("The document is attached.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Convention signée.pdf", exact=True).click()
    assert download.value.suggested_filename == "Convention signée.pdf"
