"""axe-core in the browser tests: inject the vendored copy into a page, run it, and sort the violations by impact.

The script comes from `coopdec/static/vendor/axe-core/` (no network). The site's Content-Security-Policy
allows scripts from its own origin only, and Playwright's `add_script_tag(path=…)` inlines the file, so the
tag is added with the file's URL on the live server; `page.evaluate` would run it too, but through the
same origin the check also proves the file is served.
"""

from django.conf import settings

BLOCKING = ("serious", "critical")
# WCAG 2.1 A and AA and axe's best practices (landmarks, one <h1>, region…): what issue 4 asks, plus habits.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def run_axe(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Inject axe-core (once per document) and return its violations on the current page.

    Each violation is axe's dict: `id`, `impact`, `help`, `helpUrl`, and `nodes` with their `target` and
    `failureSummary`. `exclude` lists CSS selectors left out (for third-party widgets we cannot change).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=settings.STATIC_URL + "vendor/axe-core/axe.min.js")
    exclude = [[selector] for selector in exclude or []]
    return page.evaluate(
        "([exclude, tags]) => axe.run({include: document, exclude: exclude},"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(results => results.violations)",
        [exclude, TAGS],
    )


def describe(violations: list[dict]) -> str:
    """Every violation, one per line with the elements it concerns: for a readable failure message."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        more = f" (+{len(violation['nodes']) - 5})" if len(violation["nodes"]) > 5 else ""
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} — {targets}{more}")
        first = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
        if first:
            lines.append(f"    {first[:300]}")
    return "\n".join(lines)
