"""The interface in French (the default), English and Arabic (right to left), and the catalogues behind it."""

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

LOCALE_DIR = Path(settings.BASE_DIR) / "coopdec" / "locale"
TRANSLATED_LANGUAGES = ["fr", "ar"]  # English is the language of the source strings
NNBSP = "\u202f"  # the narrow no-break space French typography puts before ; : ! ? and inside « »

# A %-placeholder as Python reads it: "%(name)s", "%d", but not "%%".
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def catalog(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po)


def placeholders(text):
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def is_python_format(message):
    # babel guesses "python-format" from the text; xgettext's explicit "no-python-format" wins.
    return "python-format" in message.flags and "no-python-format" not in message.flags


def messages_of(language):
    return [message for message in catalog(language) if message.id]


def label(message):
    return " | ".join(message.id) if message.pluralizable else message.id


# Pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "header"),
    [("", "coopdec — espace de gestion"), ("/en", "coopdec — back-office"), ("/ar", "coopdec — واجهة الإدارة")],
)
def test_the_back_office_is_titled_in_the_visitor_language(client, db, prefix, header):
    response = client.get(f"{prefix}/admin/login/")
    assert response.status_code == 200
    assert f'<a href="{prefix}/admin/">{header}</a>' in response.text


def test_home_is_in_french_without_a_language_prefix(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="fr"\n      dir="ltr">' in response.text
    assert "L’action extérieure des collectivités territoriales, en un seul lieu</h1>" in response.text
    assert ">Partenariats</dt>" in response.text
    assert ">Projets</dt>" in response.text
    assert "Partnerships" not in response.text
    assert "bootstrap.rtl.min.css" not in response.text


def test_home_is_in_english_under_the_en_prefix(client, db):
    response = client.get("/en/")

    assert response.status_code == 200
    assert '<html lang="en"\n      dir="ltr">' in response.text
    assert "The external action of local authorities, in one place</h1>" in response.text
    assert ">Partnerships</dt>" in response.text
    assert "Partenariats" not in response.text


def test_home_is_in_arabic_and_right_to_left_under_the_ar_prefix(client, db):
    response = client.get("/ar/")

    assert response.status_code == 200
    assert '<html lang="ar"\n      dir="rtl">' in response.text
    assert "العمل الخارجي للسلطات المحلية في مكان واحد</h1>" in response.text
    assert ">الشراكات</dt>" in response.text
    assert ">المشاريع</dt>" in response.text
    assert "vendor/bootstrap/bootstrap.rtl.min.css" in response.text
    assert "vendor/bootstrap/bootstrap.min.css" not in response.text


@pytest.mark.parametrize(
    ("prefix", "heading", "email_label", "register_link"),
    [
        ("", "Se connecter", "Adresse électronique", "Créer un compte"),
        ("/en", "Log in", "E-mail address", "Create an account"),
        ("/ar", "تسجيل الدخول", "عنوان البريد الإلكتروني", "إنشاء حساب"),
    ],
)
def test_login_page_is_translated(client, db, prefix, heading, email_label, register_link):
    response = client.get(f"{prefix}/accounts/login/")

    assert response.status_code == 200
    assert f'<h1 class="mb-3">{heading}</h1>' in response.text
    assert email_label in response.text
    assert f">{register_link}</a>" in response.text


def test_a_translated_form_error_is_shown_in_the_language_of_the_page(client, db):
    response = client.post("/ar/accounts/login/", {"username": "nobody@example.org", "password": "wrong"})

    assert "يرجى إدخال عنوان بريد إلكتروني وكلمة مرور صحيحين" in response.text


# The language switcher ------------------------------------------------------------------------------


class SwitcherParser(HTMLParser):
    """The language switcher's options and the address it sends back to."""

    def __init__(self):
        super().__init__()
        self.options, self.next, self._in_form, self._in_option = [], None, False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("action") == "/i18n/setlang/"
        elif self._in_form and tag == "option":
            self.options.append({**attrs, "text": ""})
            self._in_option = True
        elif self._in_form and tag == "input" and attrs.get("name") == "next":
            self.next = attrs["value"]

    def handle_endtag(self, tag):
        self._in_option = self._in_option and tag != "option"
        self._in_form = self._in_form and tag != "form"

    def handle_data(self, data):
        if self._in_option:
            self.options[-1]["text"] += data


def switcher(response):
    parser = SwitcherParser()
    parser.feed(response.text)
    return parser


def test_language_switcher_names_each_language_in_itself_with_its_lang_and_dir(client, db):
    response = client.get("/")

    options = [(o["value"], o["lang"], o["dir"], o["text"], "selected" in o) for o in switcher(response).options]
    assert options == [
        ("fr", "fr", "ltr", "français", True),
        ("en", "en", "ltr", "English", False),
        ("ar", "ar", "rtl", "العربيّة", False),
    ]
    assert '<label class="visually-hidden" for="language-select">Langue</label>' in response.text


def test_choosing_english_in_the_switcher_leads_to_the_english_page(client, db):
    next_url = switcher(client.get("/ar/")).next

    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert ">Partnerships</dt>" in client.get(response["Location"]).text


def test_choosing_french_on_an_english_page_leads_back_to_the_unprefixed_page(client, db):
    next_url = switcher(client.get("/en/accounts/login/?next=/en/")).next

    response = client.post("/i18n/setlang/", {"language": "fr", "next": next_url})

    assert next_url == "/accounts/login/?next=/en/"
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/en/"
    assert '<h1 class="mb-3">Se connecter</h1>' in client.get(response["Location"]).text


def test_links_on_an_arabic_page_stay_in_arabic(client, db):
    response = client.get("/ar/")

    assert 'href="/ar/accounts/login/"' in response.text
    assert 'href="/ar/accounts/register/"' in response.text


# The API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "detail"),
    [
        (None, "Aucun projet avec l’identifiant 424242."),
        ("en-GB,en;q=0.8", "No project with the id 424242."),
        ("ar", "لا يوجد مشروع بالمعرّف 424242."),
    ],
)
def test_api_answers_in_the_language_its_client_asks_for_french_by_default(client, db, accept_language, detail):
    headers = {"Accept-Language": accept_language} if accept_language else {}

    response = client.get("/api/projects/424242", headers=headers)

    assert response.status_code == 404
    assert response.json() == {"detail": detail}
    assert response["Content-Language"] == (accept_language or "fr")[:2]
    assert "Accept-Language" in response["Vary"]


# The catalogues -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_is_neither_fuzzy_nor_incomplete(language):
    po = catalog(language)
    untranslated = [label(m) for m in messages_of(language) if not all(m.string if m.pluralizable else [m.string])]
    fuzzy = [label(m) for m in messages_of(language) if m.fuzzy]

    assert not po.fuzzy, f"the {language} catalogue's header is marked fuzzy"
    assert untranslated == [], f"untranslated in {language}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_plural_entry_has_the_forms_of_its_language(language):
    po = catalog(language)
    expected = {"fr": 2, "ar": 6}[language]
    wrong = [label(m) for m in messages_of(language) if m.pluralizable and len(m.string) != expected]

    assert po.num_plurals == expected
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    """A dropped or renamed %(name)s would raise at run time or lose a value; every plural form keeps them all."""
    wrong = []
    for message in messages_of(language):
        if not is_python_format(message):
            continue
        ids = message.id if message.pluralizable else (message.id,)
        expected = sorted(set().union(*(placeholders(i) for i in ids)))
        strings = message.string if message.pluralizable else (message.string,)
        wrong += [(label(message), s) for s in strings if sorted(set(placeholders(s))) != expected]

    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_template_variables_and_markup_out(language):
    """{{ var }} or a tag in a msgstr would be shown as is: templates pass variables as %(name)s."""
    wrong = [
        label(m)
        for m in messages_of(language)
        for s in (m.string if m.pluralizable else (m.string,))
        if re.search(r"\{\{|\{%|<[a-z/]", s) and not re.search(r"\{\{|\{%|<[a-z/]", label(m))
    ]

    assert wrong == []


def test_french_catalogue_follows_french_typography():
    """A narrow no-break space before ; : ! ? » and after «, none of another kind; typographic apostrophes."""
    wrong = []
    for message in messages_of("fr"):
        for text in message.string if message.pluralizable else (message.string,):
            if re.search(r"[ \u00a0][;:!?»]|\d[ \u00a0]%|«[ \u00a0]|(?<!\u202f)[;!?»]|«(?!\u202f)|'", text):
                wrong.append(text)

    assert wrong == []


def test_french_uses_the_words_of_the_french_public_sector():
    translations = {m.id: m.string for m in messages_of("fr") if not m.pluralizable}

    assert translations["Decentralised cooperation"] == "Coopération décentralisée"
    assert translations["Cooperation convention"] == "Convention de coopération"
    assert translations["Twinning"] == "Jumelage"
    assert translations["Authorities"] == "Collectivités"
    assert translations["funding line"] == "ligne de financement"
    assert translations["disbursement"] == "décaissement"
    assert translations["Sustainable Development Goals"] == "Objectifs de développement durable"
    assert translations["Log in"] == "Se connecter"
    assert translations["Create an account"] == "Créer un compte"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_compiled_catalogue_is_the_current_one(language):
    """The .mo files are not committed: `make install` compiles them; a stale one would hide new translations."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    expected = io.BytesIO()
    write_mo(expected, catalog(language))

    assert mo_path.exists(), f"{mo_path} is missing: run `make install`"
    assert mo_path.read_bytes() == expected.getvalue(), f"{mo_path} is older than its .po: run `make install`"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogues_hold_every_string_marked_in_the_code(tmp_path, settings):
    """A string marked for translation but missing from the catalogues means `make messages` was not run."""
    source = tmp_path / "source"
    ignored = shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc", "*.mo")
    for folder in ("config", "coopdec"):
        shutil.copytree(Path(settings.BASE_DIR) / folder, source / folder, ignore=ignored)
    settings.LOCALE_PATHS = [str(source / "locale")]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(source)
        call_command("makemessages", locale=["fr"], keep_pot=True, verbosity=0)
    # The template's header is a placeholder babel cannot read.
    pot = (source / "locale" / "django.pot").read_bytes().replace(b"nplurals=INTEGER; plural=EXPRESSION;", b"")
    in_code = {(m.context, label(m)) for m in read_po(io.BytesIO(pot)) if m.id}

    for language in TRANSLATED_LANGUAGES:
        in_catalogue = {(m.context, label(m)) for m in messages_of(language)}
        missing = sorted(msgid for context, msgid in in_code - in_catalogue)
        # An entry the code no longer uses is harmless (the next `make messages` drops it): only missing ones fail.
        assert missing == [], f"not in the {language} catalogue (run `make messages`, then translate): {missing}"
