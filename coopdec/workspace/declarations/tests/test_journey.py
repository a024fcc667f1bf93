"""The editor's journey in a real browser: add a line, submit, download the receipt."""

import datetime as dt
import shutil

import pytest
from django.urls import reverse

from coopdec.declarations import services

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Chromium is not installed"),
]


def test_an_editor_adds_a_line_submits_and_downloads_the_receipt(
    live_server, client, campaign, editor_a, authority_a, monkeypatch, tmp_path
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    monkeypatch.setattr(services.timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 5, 10))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    client.force_login(editor_a)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + reverse("declarations:detail", args=[declaration.pk]))
        page.get_by_role("link", name="Sensibilisation au développement en France").click()
        assert page.get_by_label("Objet (code CAD)").input_value() == "99820"
        page.get_by_label("Description").fill("Festival des solidarités")
        page.get_by_label("Date du paiement").fill("2025-11-20")
        page.get_by_label("Montant", exact=True).fill("12345.67")
        page.get_by_role("button", name="Enregistrer").click()
        assert page.get_by_text("La ligne a été ajoutée.").is_visible()
        page.get_by_role("link", name="Soumettre la déclaration").click()
        assert page.get_by_text("12\u00a0345,67\u00a0€").first.is_visible()
        page.get_by_role("button", name="Soumettre la déclaration").click()
        assert page.get_by_text("numéro d’accusé de réception APD-2025-FR-REG-11-V1").is_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger l’accusé de réception (PDF)").click()
        saved = tmp_path / "receipt.pdf"
        download.value.save_as(saved)
        browser.close()
    assert saved.read_bytes().startswith(b"%PDF")
