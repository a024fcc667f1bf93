"""Guards for the project's conventions (docs/architecture.md), so that they cannot rot silently."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils.functional import Promise

from coopdec.lib import layers

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    """The coopdec modules ``path`` imports (relative imports resolved; ``from x import y`` gives x and x.y)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{prefix}.{base}" if base else prefix
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("coopdec.")}


def imported_apps(path: Path) -> set[str]:
    return {name.split(".")[1] for name in imported_modules(path)}


def test_every_app_has_its_place_in_the_layers():
    packages = {path.parent.name for path in ROOT.glob("*/apps.py")}
    installed = {config.name.split(".")[1] for config in apps.get_app_configs() if config.name.startswith("coopdec.")}
    assert sorted(layers.apps()) == sorted(packages | installed)


@pytest.mark.parametrize("app", layers.apps())
def test_an_app_imports_only_from_the_apps_below_it(app):
    """Views, forms, urls, admin and commands included; tests and factories build whatever they need."""
    allowed = layers.allowed(app) | {app}
    breaks = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" in path.parts or path.name == "factories.py":
            continue
        for other in sorted(imported_apps(path) - allowed):
            breaks.append(f"{path.relative_to(ROOT)} imports coopdec.{other}")
    assert not breaks, "\n".join(breaks)


def is_view_module(name: str) -> bool:
    return name.endswith(".views") or ".views." in name


def test_no_view_imports_another_view():
    """What two pages share lives in a selector, a service or a helper module of the web layer, not in a view."""
    breaks = []
    for path in sorted(ROOT.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        if "tests" in path.parts or not is_view_module(module):
            continue
        for other in sorted(imported_modules(path)):
            if is_view_module(other) and other != module:
                breaks.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not breaks, "\n".join(breaks)


def test_the_architecture_page_draws_the_layers_the_test_checks():
    """docs/architecture.md shows the table of coopdec/lib/layers.py; ``manage.py draw_layers`` redraws it."""
    text = (ROOT.parent / "docs" / "architecture.md").read_text()
    assert layers.replace_block(text, layers.markdown()) == text, "run: python manage.py draw_layers"


def test_there_is_no_grab_bag_module():
    names = {"utils.py", "helpers.py", "common.py", "misc.py"}
    assert not [p for p in ROOT.rglob("*.py") if p.name in names]


def test_every_model_is_named_for_translators_and_prints_itself():
    for config in apps.get_app_configs():
        if not config.name.startswith("coopdec."):
            continue
        for model in config.get_models():
            meta = model._meta
            assert isinstance(meta.verbose_name, Promise), f"{model.__name__}'s verbose_name is not translatable"
            if not meta.auto_created:
                assert "__str__" in vars(model) or any(
                    "__str__" in vars(base) for base in model.__mro__[1:-1] if base.__module__.startswith("coopdec")
                ), f"{model.__name__} has no __str__"


def test_every_admin_foreign_key_to_a_big_table_uses_autocomplete():
    """A <select> of 40,000 authorities would freeze the back-office page."""
    from django.contrib import admin

    big = {"territories.authority", "territories.country", "organizations.organization", "accounts.user"}
    missing = []
    for model_admin in admin.site._registry.values():
        inlines = [inline(model_admin.model, admin.site) for inline in model_admin.inlines]
        for owner in [model_admin, *inlines]:
            fields = set(owner.get_fields(request=None)) if hasattr(owner, "fields") and owner.fields else None
            for field in owner.model._meta.get_fields():
                if not (field.many_to_one and field.concrete) or field.related_model._meta.label_lower not in big:
                    continue
                if fields is not None and field.name not in fields:
                    continue
                if owner is not model_admin and field.related_model is model_admin.model:
                    continue  # an inline's link to its parent is not a choice
                readonly = set(owner.readonly_fields)
                if field.name not in owner.autocomplete_fields and field.name not in readonly:
                    missing.append(f"{owner.__class__.__name__}.{field.name}")
    assert not missing, missing


def test_every_one_line_template_comment_closes_on_its_line():
    """Django's ``{# … #}`` is one line only: spread over several, it is printed on the page as it is.
    Longer comments use ``{% comment %}``."""
    unclosed = []
    for template in sorted((ROOT / "templates").rglob("*")):
        if template.suffix not in {".html", ".txt", ".xml", ".svg"}:
            continue
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            start = line.find("{#")
            if start != -1 and "#}" not in line[start:]:
                unclosed.append(f"{template.relative_to(ROOT)}:{number}")
    assert unclosed == []


def test_a_counted_message_has_one_plural_wherever_it_is_used():
    """gettext keys a plural entry on its singular (and context) alone: two templates saying "{{ total }} result"
    with different plurals share one translation, and the one whose placeholders do not fit is shown in English
    (the workspace lists' counts were). Give such messages a context of their own."""
    plurals = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        blocks = re.finditer(
            r"{%\s*blocktranslate([^%]*)%}(.*?){%\s*plural\s*%}(.*?){%\s*endblocktranslate\s*%}",
            template.read_text(),
            re.S,
        )
        for options, singular, plural in (block.groups() for block in blocks):
            context = re.search(r'context\s+"([^"]+)"', options)
            key = (context.group(1) if context else None, " ".join(singular.split()))
            plurals.setdefault(key, {})[" ".join(plural.split())] = str(template.relative_to(ROOT))

    assert plurals, "no counted message found: the pattern no longer reads the templates"
    assert {key: forms for key, forms in plurals.items() if len(forms) > 1} == {}


def test_every_text_marked_with_its_language_also_takes_its_direction_from_itself():
    """Content in any language (an Arabic profile on a French page) needs ``dir="auto"`` beside its ``lang``:
    without it an Arabic sentence is laid out left to right, its final full stop at the start of the line."""
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        if template.name in {"base.html", "language_switcher.html"}:  # the page's own language, and each choice's
            continue
        for tag in re.findall(r"<[a-z0-9]+\s[^>]*lang=\"\{\{[^>]*>", template.read_text()):
            # A whole document's <html> (a printed receipt) takes the reader's language and its direction.
            if 'dir="auto"' not in tag and not tag.startswith("<html"):
                missing.append(f"{template.relative_to(ROOT)}: {' '.join(tag.split())[:80]}")
    assert missing == []


def test_settings_are_read_as_declared_never_with_a_default_of_their_own():
    """Every setting is declared in config/settings (read with django-environ, listed in .env.example): a
    ``getattr(settings, "X", default)`` elsewhere hides a setting nobody can find (an unset SITE_URL once made
    matchmaking e-mails carry relative links)."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"getattr", "hasattr"}
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_every_setting_read_from_the_environment_is_listed_in_env_example():
    settings_dir = ROOT.parent / "config" / "settings"
    read = set()
    for path in settings_dir.glob("*.py"):
        read |= set(re.findall(r"env(?:\.\w+|_path)?\(\s*\"([A-Z_]+)\"", path.read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT.parent / ".env.example").read_text(), re.M))
    assert read, "no env() call found: the pattern no longer reads the settings"
    assert sorted(read - listed) == []
