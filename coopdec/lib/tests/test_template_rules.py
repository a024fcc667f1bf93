"""Templates are given booleans: a rule about a status lives in workflow.py or perms.py, never in a template."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TAG = re.compile(r"\{%-?\s*(?:if|elif)\b(?P<condition>.*?)-?%\}", re.DOTALL)
NAME = r"[\w.]*status\b"
LITERAL = r"""(?:"[^"]*"|'[^']*')"""
# ``x.status == "signed"``, ``'signed' != x.status``, ``x.status in ...``, ``... in x.statuses`` is left alone:
# a select's ``{% if filters.status == value %}selected`` compares the form's state to an option, not a rule.
STATUS_COMPARISON = re.compile(
    rf"{NAME}\s*(?:==|!=)\s*{LITERAL}|{LITERAL}\s*(?:==|!=)\s*{NAME}|{NAME}\s+(?:not\s+)?in\b",
)


def status_comparisons(text: str) -> list[str]:
    return [match.group(0) for match in TAG.finditer(text) if STATUS_COMPARISON.search(match.group("condition"))]


def test_the_guard_recognises_a_status_comparison():
    assert status_comparisons("""{% if partnership.status == 'signed' %}warning{% endif %}""")
    assert status_comparisons("""{% elif interest.status != "accepted" %}""")
    assert status_comparisons("""{% if "approved" == membership.status %}""")
    assert status_comparisons("""{% if profile.status in published_or_draft %}""")
    assert not status_comparisons("""{% if filters.status == value %}selected{% endif %}""")
    assert not status_comparisons("""{% if awaits_prefect %}warning{% endif %}""")


def test_no_template_compares_a_status():
    found = []
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix in {".html", ".txt", ".xml"}:
            found += [f"{path.relative_to(ROOT)}: {hit}" for hit in status_comparisons(path.read_text())]
    assert not found, "Give the template a boolean from workflow.py or perms.py instead:\n" + "\n".join(found)
