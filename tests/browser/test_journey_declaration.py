"""Issue 13's "done when", in a real browser and in French: a coordinator opens the campaign of 2025; the
Île-de-France editor finds the declaration pre-filled from the demonstration data (Yerevan is in an ODA-eligible
country, Gyeonggi and Catalonia are not, and the page says why), adds a line for refugees hosted in France and one
for awareness-raising, submits and downloads the PDF receipt; the coordinator returns it with a comment; the editor
corrects and submits again; the coordinator validates it and finds it in the national totals and the CRS export."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from coopdec.accounts.enums import Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.declarations.models import Declaration
from coopdec.demo.tests.conftest import DEMO_AUTHORITIES, DEMO_COUNTRIES
from coopdec.territories.enums import OdaCategory
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.territories.models import OdaStatus

from .test_journey_newcomer import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A day of the campaign (15 April – 31 May 2026), whatever day the test runs.
CAMPAIGN_DAY = dt.date(2026, 5, 10)
COMMENT = "Joindre la délibération sur l’accueil des réfugiés."


@pytest.fixture
def demo(db):
    """The demonstration data on the slice of the reference data it points at; Armenia on the DAC list of 2025."""
    for code, iso3, french, english in (
        ("AM", "ARM", "Arménie", "Armenia"),
        ("KR", "KOR", "Corée du Sud", "South Korea"),
        ("ES", "ESP", "Espagne", "Spain"),
    ):
        CountryFactory(code=code, iso3=iso3, name_fr=french, name_en=english)
    for code in DEMO_COUNTRIES:
        CountryFactory(code=code)
    for code, (name, country, level, kind) in DEMO_AUTHORITIES.items():
        AuthorityFactory(code=code, name=name, country=CountryFactory(code=country), level=level, kind=kind)
    call_command("load_demo", stdout=StringIO())
    OdaStatus.objects.create(country_id="AM", year=2025, category=OdaCategory.OTHER_ELIGIBLE)


@pytest.fixture
def campaign_day(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: CAMPAIGN_DAY)


def row_of(page, text):
    return page.locator("tbody tr", has_text=text)


def open_the_campaign(page, coordinator):
    log_in(page, coordinator.email)
    page.goto("/workspace/campaigns/new/")
    page.get_by_label("Année déclarée").fill("2025")
    page.get_by_label("Ouverture le").fill("2026-04-15")
    page.get_by_label("Clôture le").fill("2026-05-31")
    page.get_by_label("Introduction en français").fill("Déclarez l’aide de 2025 avant le 31 mai.")
    page.get_by_role("button", name="Ouvrir la campagne").click()
    page.get_by_text("La campagne a été ouverte.").wait_for()


def find_it_prefilled(page, editor):
    log_in(page, editor.email)
    page.goto("/workspace/declarations/")
    row_of(page, "Île-de-France").get_by_role("button", name="Commencer la déclaration").click()
    page.get_by_role("heading", name=re.compile("Déclaration 2025")).wait_for()
    yerevan, gyeonggi, catalonia = (row_of(page, name) for name in ("Erevan", "Gyeonggi", "Catalogne"))
    assert "Arménie" in yerevan.inner_text() and "Oui" in yerevan.inner_text()
    assert "Corée du Sud\u202f: pays absent de la liste des bénéficiaires de l’APD du CAD pour 2025" in (
        gyeonggi.inner_text()
    )
    assert "Espagne\u202f: pays absent de la liste des bénéficiaires de l’APD du CAD pour 2025" in (
        catalonia.inner_text()
    )


def add_a_line(page, kind, *, amount, day, description=None):
    page.get_by_role("link", name=kind).click()
    if description:
        page.get_by_label("Description").fill(description)
    page.get_by_label("Date du paiement").fill(day)
    page.get_by_label("Montant", exact=True).fill(amount)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La ligne a été ajoutée.").wait_for()


def submit(page, number, tmp_path):
    page.get_by_role("link", name="Soumettre la déclaration").click()
    page.get_by_role("button", name="Soumettre la déclaration").click()
    receipt = f"APD-2025-FR-REG-11-V{number}"
    page.get_by_text(receipt).first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l’accusé de réception (PDF)").click()
    saved = tmp_path / f"receipt-{number}.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    return receipt


def test_a_declaration_from_the_campaign_to_the_national_totals(
    page, second_page, coordinator, demo, campaign_day, tmp_path
):
    from coopdec.territories.models import Authority

    editor = MembershipFactory(
        authority=Authority.objects.get(code="FR-REG-11"), role=Role.EDITOR, user__email="editor@iledefrance.example"
    ).user
    open_the_campaign(page, coordinator)

    find_it_prefilled(second_page, editor)
    add_a_line(second_page, "Accueil des réfugiés en France", amount="30000", day="2025-09-01")
    add_a_line(
        second_page,
        "Sensibilisation au développement en France",
        amount="5000",
        day="2025-11-20",
        description="Festival des solidarités",
    )
    assert "115\u00a0000,00\u00a0€" in second_page.inner_text("body")  # 80,000 pre-filled + 30,000 + 5,000
    submit(second_page, 1, tmp_path)
    assert any("APD-2025-FR-REG-11-V1" in message.body for message in mail.outbox)  # the e-mail receipt

    declaration = Declaration.objects.get(authority__code="FR-REG-11", year=2025)
    page.goto(f"/workspace/declarations/{declaration.pk}/")
    page.get_by_role("link", name="Renvoyer pour correction").click()
    page.get_by_label("Ce qui doit être corrigé").fill(COMMENT)
    page.get_by_role("button", name="Renvoyer pour correction").click()
    page.get_by_text(COMMENT).first.wait_for()

    second_page.reload()
    assert COMMENT in second_page.inner_text("body")
    row_of(second_page, "Festival des solidarités").get_by_role("link", name=re.compile("^Modifier")).click()
    second_page.get_by_label("Montant", exact=True).fill("6000")
    second_page.get_by_role("button", name="Enregistrer").click()
    second_page.get_by_role("heading", name=re.compile("Déclaration 2025")).wait_for()
    submit(second_page, 2, tmp_path)

    page.goto(f"/workspace/declarations/{declaration.pk}/")
    page.get_by_role("link", name="Valider", exact=True).click()
    page.get_by_role("button", name="Valider", exact=True).click()
    page.get_by_text("Validée").first.wait_for()
    declaration.refresh_from_db()
    assert declaration.validated_version.number == 2

    see_it_nationally(page, tmp_path)


def see_it_nationally(page, tmp_path):
    """The national view counts the validated declaration: 116,000 € of which 76,000 € ODA (Yerevan 40,000 €,
    refugees 30,000 €, awareness 6,000 €); the CRS file carries its ODA lines."""
    page.goto("/workspace/national/?year=2025")
    body = page.inner_text("body")
    assert "116\u00a0000,00\u00a0€" in body and "76\u00a0000,00\u00a0€" in body
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("SNPC")).click()
    saved = tmp_path / "crs.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    # One row per ODA line: Korea and Spain are outside the DAC statistics.
    assert sorted(row["purpose_code"] for row in rows) == ["11110", "93010", "99820"]
    assert sum(Decimal(row["disbursement"]) for row in rows) == Decimal("76000.00")
    assert {row["reporting_year"] for row in rows} == {"2025"}
