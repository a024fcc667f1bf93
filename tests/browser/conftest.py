"""Real-browser journeys: Playwright driving Debian's Chromium against Django's live server.

Skipped, with the reason shown in the summary, when Chromium or Playwright is absent;
`.ci/run` installs Debian's `chromium`, so CI always runs them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Chromium must not try to reach the network on its own (there is none here, and it would slow down).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def pytest_collection_modifyitems(config, items):
    reason = None
    if sync_playwright is None:
        reason = "Playwright is not installed (pip install -r requirements.txt)"
    elif not os.path.exists(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM=…)"
    if reason:
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test itself still talks to
    # the database synchronously (through the ORM), which Django allows only when told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser, at the same time."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def vocabularies(transactional_db):
    """Put back the vocabularies the migrations load (themes, NACE sectors).

    A transactional test empties every table when it ends, data migrations' rows included, so
    whichever journey runs second would otherwise find no theme and no sector.
    """
    from coopdec.matchmaking.models import Sector
    from coopdec.matchmaking.vocabulary import nace_entries
    from coopdec.themes.models import Theme
    from coopdec.themes.vocabulary import sync_themes

    sync_themes(Theme)
    Sector.objects.bulk_create(
        [
            Sector(code=e.code, level=e.level, parent_id=e.parent or None, name_en=e.name_en, name_fr=e.name_fr)
            for e in nace_entries()
        ],
        ignore_conflicts=True,
    )
