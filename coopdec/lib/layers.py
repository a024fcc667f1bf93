"""The layers of coopdec: which app may import which — the one table the layering test and docs/architecture.md read.

An app imports only from the apps of the levels below its own (never from an app of its level, never from above).
Its views, forms, urls and admin count like the rest of its code; only tests and factories build whatever they need.
"""

from __future__ import annotations

# From the bottom up. Each level: the apps on it, and what each one owns (the docs' table).
LAYERS: list[dict[str, str]] = [
    {
        "lib": (
            "small single-topic modules: text folding, money, multilingual text, search backend, listings, "
            "e-mails, the task queue"
        )
    },
    {"accounts": "User (e-mail login), Membership, the platform roles that every perms.py asks, the back-office base"},
    {"themes": "Theme (fr/en label, DAC purpose codes, SDGs), the vocabulary as data"},
    {"territories": "Country, OdaStatus, Authority (French and foreign), proposals, reference-data loaders"},
    {"organizations": "Organization, Contact"},
    {"partnerships": "Partnership, Party, Affiliation (+ contributions), Delegate, the status workflow"},
    {"projects": "Project, Participant, Place, Funding, Disbursement, Result, documents"},
    {"funding": "1 % service budgets, ceilings and positions"},
    {
        "matchmaking": "Profile, Interest, Pairing, NACE sectors, embeddings, matching",
        "interop": "IATI read, write and import jobs; spreadsheets (CSV, XLSX) read and written",
    },
    {
        "declarations": "the yearly declaration (e-APD): campaigns and their follow-up, declarations, versions, "
        "lines, reminders, national figures, the public state of cooperation, CRS export"
    },
    {
        "calls": "calls for projects: rules as data, applications and their budgets, live eligibility, reviewers, "
        "scores, decisions, awards, tranches, reports"
    },
    {
        "workspace": "pages for signed-in officers and coordinators, one package per feature",
        "atlas": "public pages: search, map, statistics, sheets, open data, IATI downloads, economic fabric",
        "api": "the HTTP API (django-ninja), one router per domain",
    },
    {"demo": "demonstration data from public sources, synthetic-data generator"},
]

BEGIN = "<!-- layers:begin (generated from coopdec/lib/layers.py by `manage.py draw_layers`) -->"
END = "<!-- layers:end -->"


def level_of(app: str) -> int:
    for level, apps in enumerate(LAYERS):
        if app in apps:
            return level
    raise KeyError(f"{app} is in no layer of coopdec/lib/layers.py")


def apps() -> list[str]:
    return [app for level in LAYERS for app in level]


def allowed(app: str) -> set[str]:
    """The apps that ``app`` may import from: every app of a lower level."""
    return {other for level in LAYERS[: level_of(app)] for other in level}


def markdown() -> str:
    """The picture and the table of the layers, as docs/architecture.md shows them between its markers."""
    names = [" · ".join(level) for level in reversed(LAYERS)]
    width = max(len(name) for name in names) + 4
    lines = ["```"]
    for index, name in enumerate(names):
        lines += [f"┌{'─' * width}┐", f"│{name.center(width)}│", f"└{'─' * width}┘"]
        if index < len(names) - 1:
            lines.append("▼".center(width + 2).rstrip())
    lines += ["```", "", "| level | app | owns |", "|---|---|---|"]
    for level, level_apps in reversed(list(enumerate(LAYERS))):
        for app, owns in level_apps.items():
            lines.append(f"| {level} | `{app}` | {owns} |")
    return "\n".join([BEGIN, "", *lines, "", END])


def replace_block(text: str, block: str) -> str:
    """``text`` with the part between the markers (markers included) replaced by ``block``."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + block + text[end:]
