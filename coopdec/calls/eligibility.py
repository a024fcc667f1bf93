"""Eligibility of an application under a call's rules: every rule with its figures, whether it holds, and why.

``check(rules, budget)`` is pure: it reads two frozen dataclasses and makes no query, so a page can run it on
every keystroke once ``selectors.rules_of(call)`` has loaded the call's rules (docs/calls.md). Shares are exact
``Decimal`` comparisons (asked × 100 ≤ ceiling × total), never rounded before they are compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from babel.numbers import format_percent
from django.conf import settings
from django.utils.translation import get_language, ngettext, pgettext, to_locale
from django.utils.translation import gettext as _

from coopdec.lib.money import ZERO, display_amount
from coopdec.territories.enums import OdaCategory

from .enums import DocumentKind, ExpenseKind, GroupRule, Source
from .wording import country_in_sentence

HUNDRED = Decimal("100")
SHARE_PLACES = Decimal("0.0001")  # a share to the hundredth of a percent


@dataclass(frozen=True)
class Resource:
    year: int
    source: str  # a ``Source``
    amount: Decimal
    in_kind: bool = False
    funder: str = ""


@dataclass(frozen=True)
class Expense:
    year: int
    kind: str  # an ``ExpenseKind``
    amount: Decimal


@dataclass(frozen=True)
class Budget:
    """What an application says, as plain data: its budget, where, on what, who applies, what it has on file."""

    resources: tuple[Resource, ...] = ()
    expenses: tuple[Expense, ...] = ()
    countries: tuple[str, ...] = ()  # ISO codes of the recipient countries
    themes: frozenset[int] = frozenset()
    french_authorities: int = 1  # the applicant and its co-applicants
    convention_signed: bool = False
    council_decision: bool = False  # a council decision or letters of intent attached
    late_reports: int = 0  # reports of earlier calls' projects due and not filed
    declaration_submitted: bool = False  # the last yearly declaration, submitted or validated
    documents: frozenset[str] = frozenset()  # the kinds of document attached (``DocumentKind``)


@dataclass(frozen=True)
class Rules:
    """A call's rules as plain data (``selectors.rules_of``); ``None`` means the rule does not apply."""

    year: int
    ceilings: Mapping[str, Decimal] = field(default_factory=dict)  # ODA category → percent
    multi_country_ceiling: Decimal | None = None
    min_own_share: Decimal | None = None
    max_in_kind_share: Decimal | None = None
    cash_only: bool = False
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_monitoring_share: Decimal | None = None
    group_rule: str = GroupRule.NONE
    eligible_countries: frozenset[str] = frozenset()
    eligible_categories: frozenset[str] = frozenset()
    themes: Mapping[int, Mapping[str, str]] = field(default_factory=dict)  # theme id → {"fr": …, "en": …}
    requires_convention: bool = False
    requires_council_decision: bool = False
    requires_earlier_reports: bool = False
    requires_last_declaration: bool = False
    documents: tuple[str, ...] = ()  # the kinds of document the call asks for
    # The recipient countries' ODA category in the call's year (the DAC list of that year or the latest before).
    oda_categories: Mapping[str, str] = field(default_factory=dict)
    country_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # code → {"fr": …, "en": …}


@dataclass(frozen=True)
class Check:
    """One rule's outcome: ``code`` names the rule, ``figures`` carries its numbers for the pages."""

    code: str
    holds: bool
    message: str
    figures: Mapping[str, Decimal | str] = field(default_factory=dict)
    blocking: bool = True  # a bonus informs; it never stops a submission


@dataclass(frozen=True)
class Eligibility:
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.holds for check in self.checks if check.blocking)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if check.blocking and not check.holds]

    def by_code(self, code: str) -> Check:
        return next(check for check in self.checks if check.code == code)


@dataclass(frozen=True)
class Totals:
    total: Decimal
    asked: Decimal
    asked_in_kind: Decimal
    own: Decimal
    own_in_kind: Decimal
    expenses: Decimal
    monitoring: Decimal


def totals(budget: Budget) -> Totals:
    total = asked = asked_in_kind = own = own_in_kind = expenses = monitoring = ZERO
    for line in budget.resources:
        total += line.amount
        if line.source == Source.CALL:
            asked += line.amount
            if line.in_kind:
                asked_in_kind += line.amount
        elif line.source == Source.FRENCH_AUTHORITY:
            own += line.amount
            if line.in_kind:
                own_in_kind += line.amount
    for expense in budget.expenses:
        expenses += expense.amount
        if expense.kind == ExpenseKind.MONITORING:
            monitoring += expense.amount
    return Totals(total, asked, asked_in_kind, own, own_in_kind, expenses, monitoring)


def percent(share: Decimal, rounding: str = ROUND_HALF_UP) -> str:
    """A share (0.6) the way the reader's language writes it: « 60 % » in French, "60%" in English.

    To the hundredth of a percent, rounded away from the limit it is compared with (up against a ceiling, down
    against a minimum), so that a share that fails never reads as the limit itself."""
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_percent(share.quantize(SHARE_PLACES, rounding), locale=locale, decimal_quantization=False)


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole if whole else ZERO


def _at_most(part: Decimal, whole: Decimal, limit: Decimal) -> bool:
    """part / whole ≤ limit %, exactly."""
    return part * HUNDRED <= limit * whole


def _name(names: Mapping[str, str], fallback: str) -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return names.get(language) or names.get("fr") or fallback


def category_of(rules: Rules, country: str) -> str:
    """The country's ODA category in the call's year; a country off the DAC list is not ODA-eligible."""
    return rules.oda_categories.get(country) or OdaCategory.NOT_ELIGIBLE


def _category_words(category: str) -> str:
    words: dict[str, str] = {
        OdaCategory.LEAST_DEVELOPED: pgettext("ODA category in a sentence", "least developed"),
        OdaCategory.OTHER_ELIGIBLE: pgettext("ODA category in a sentence", "other ODA-eligible"),
    }
    return words.get(category) or pgettext("ODA category in a sentence", "not ODA-eligible")


def _ceiling(rules: Rules, budget: Budget, sums: Totals) -> Check | None:
    share = _share(sums.asked, sums.total)
    figures: dict[str, Decimal | str] = {"share": share, "asked": sums.asked, "total": sums.total}
    params = {
        "share": percent(share, ROUND_UP),
        "asked": display_amount(sums.asked),
        "total": display_amount(sums.total),
    }
    if len(budget.countries) > 1 and rules.multi_country_ceiling is not None:
        limit = rules.multi_country_ceiling
        message = _(
            "share asked %(share)s (%(asked)s of %(total)s); ceiling for a project in several countries, "
            "in this call: %(ceiling)s"
        )
    else:
        categories = {code: category_of(rules, code) for code in budget.countries}
        known = [(rules.ceilings[cat], code) for code, cat in categories.items() if cat in rules.ceilings]
        if not known:
            return None
        limit, country = min(known)  # several countries without a flat rate: the strictest ceiling
        category = categories[country]
        figures["oda_category"] = category
        params["country"] = country_in_sentence(rules.country_names.get(country, {}), country)
        params["category"] = _category_words(category)
        message = _(
            "share asked %(share)s (%(asked)s of %(total)s); ceiling for %(country)s, %(category)s, "
            "in this call: %(ceiling)s"
        )
    figures["ceiling"] = limit
    params["ceiling"] = percent(limit / HUNDRED)
    return Check("ceiling", _at_most(sums.asked, sums.total, limit), message % params, figures)


def _countries(rules: Rules, budget: Budget) -> Check | None:
    if not (rules.eligible_countries or rules.eligible_categories):
        return None
    if not budget.countries:
        return Check("countries", False, _("the project names no recipient country"))
    outside = [
        code
        for code in budget.countries
        if code not in rules.eligible_countries and category_of(rules, code) not in rules.eligible_categories
    ]
    names = ", ".join(_name(rules.country_names.get(code, {}), code) for code in outside or budget.countries)
    if outside:
        message = _("not eligible in this call: %(countries)s") % {"countries": names}
        return Check("countries", False, message, {"outside": ",".join(outside)})
    return Check("countries", True, _("eligible in this call: %(countries)s") % {"countries": names})


def _themes(rules: Rules, budget: Budget) -> Check | None:
    if not rules.themes:
        return None
    shared = sorted(budget.themes & set(rules.themes))
    if shared:
        labels = ", ".join(_name(rules.themes[pk], str(pk)) for pk in shared)
        return Check("themes", True, _("themes of this call: %(themes)s") % {"themes": labels})
    labels = ", ".join(_name(names, str(pk)) for pk, names in rules.themes.items())
    return Check(
        "themes", False, _("none of the project's themes is one of this call's (%(themes)s)") % {"themes": labels}
    )


def _shares(rules: Rules, sums: Totals) -> list[Check]:
    checks = []
    if rules.min_own_share is not None:
        share = _share(sums.own, sums.total)
        checks.append(
            Check(
                "own_share",
                sums.own * HUNDRED >= rules.min_own_share * sums.total and sums.total > 0,
                _("share of the French authorities %(share)s (%(own)s of %(total)s); minimum in this call: %(minimum)s")
                % {
                    "share": percent(share, ROUND_DOWN),
                    "own": display_amount(sums.own),
                    "total": display_amount(sums.total),
                    "minimum": percent(rules.min_own_share / HUNDRED),
                },
                {"share": share, "own": sums.own, "total": sums.total, "minimum": rules.min_own_share},
            )
        )
    if rules.max_in_kind_share is not None:
        share = _share(sums.own_in_kind, sums.own)
        checks.append(
            Check(
                "in_kind",
                _at_most(sums.own_in_kind, sums.own, rules.max_in_kind_share),
                _(
                    "in kind %(share)s of the French authorities' contribution (%(in_kind)s of %(own)s); "
                    "at most in this call: %(maximum)s"
                )
                % {
                    "share": percent(share, ROUND_UP),
                    "in_kind": display_amount(sums.own_in_kind),
                    "own": display_amount(sums.own),
                    "maximum": percent(rules.max_in_kind_share / HUNDRED),
                },
                {"share": share, "in_kind": sums.own_in_kind, "own": sums.own, "maximum": rules.max_in_kind_share},
            )
        )
    if rules.cash_only:
        holds = sums.asked_in_kind == 0
        message = (
            _("the amount asked is in cash, as this call pays")
            if holds
            else _("%(amount)s asked in kind; this call pays cash only")
            % {"amount": display_amount(sums.asked_in_kind)}
        )
        checks.append(Check("cash_only", holds, message, {"in_kind": sums.asked_in_kind}))
    return checks


def _grant(rules: Rules, sums: Totals) -> list[Check]:
    checks = []
    asked = display_amount(sums.asked)
    if rules.min_grant is not None:
        checks.append(
            Check(
                "min_grant",
                sums.asked >= rules.min_grant,
                _("amount asked %(asked)s; minimum grant in this call: %(minimum)s")
                % {"asked": asked, "minimum": display_amount(rules.min_grant)},
                {"asked": sums.asked, "minimum": rules.min_grant},
            )
        )
    if rules.max_grant is not None:
        checks.append(
            Check(
                "max_grant",
                sums.asked <= rules.max_grant,
                _("amount asked %(asked)s; maximum grant in this call: %(maximum)s")
                % {"asked": asked, "maximum": display_amount(rules.max_grant)},
                {"asked": sums.asked, "maximum": rules.max_grant},
            )
        )
    if rules.min_monitoring_share is not None:
        share = _share(sums.monitoring, sums.expenses)
        checks.append(
            Check(
                "monitoring",
                sums.monitoring * HUNDRED >= rules.min_monitoring_share * sums.expenses and sums.expenses > 0,
                _(
                    "monitoring and evaluation %(share)s of the expenses (%(amount)s of %(total)s); "
                    "minimum in this call: %(minimum)s"
                )
                % {
                    "share": percent(share, ROUND_DOWN),
                    "amount": display_amount(sums.monitoring),
                    "total": display_amount(sums.expenses),
                    "minimum": percent(rules.min_monitoring_share / HUNDRED),
                },
                {
                    "share": share,
                    "amount": sums.monitoring,
                    "total": sums.expenses,
                    "minimum": rules.min_monitoring_share,
                },
            )
        )
    return checks


def _group(rules: Rules, budget: Budget) -> Check | None:
    if rules.group_rule == GroupRule.NONE:
        return None
    count = budget.french_authorities
    params = {"count": count}
    if rules.group_rule == GroupRule.REQUIRED:
        message = ngettext(
            "%(count)s French authority applies; this call requires a group of at least two",
            "%(count)s French authorities apply together; this call requires a group of at least two",
            count,
        )
        return Check("group", count >= 2, message % params, {"count": str(count)})
    message = ngettext(
        "%(count)s French authority applies; a group of at least two earns a bonus in this call",
        "%(count)s French authorities apply together; a group of at least two earns a bonus in this call",
        count,
    )
    return Check("group", count >= 2, message % params, {"count": str(count)}, blocking=False)


def _preconditions(rules: Rules, budget: Budget) -> list[Check]:
    checks = []
    if rules.requires_convention:
        checks.append(
            Check(
                "convention",
                budget.convention_signed,
                (
                    _("convention signed with the foreign authority attached")
                    if budget.convention_signed
                    else _("no convention signed with the foreign authority is attached")
                ),
            )
        )
    if rules.requires_council_decision:
        checks.append(
            Check(
                "council_decision",
                budget.council_decision,
                (
                    _("council decision or letters of intent attached")
                    if budget.council_decision
                    else _("attach the council decision (délibération) or letters of intent")
                ),
            )
        )
    if rules.requires_earlier_reports:
        late = budget.late_reports
        message = (
            ngettext(
                "%(count)s report on a project of an earlier call is late",
                "%(count)s reports on projects of earlier calls are late",
                late,
            )
            % {"count": late}
            if late
            else _("reports on the projects of earlier calls filed")
        )
        checks.append(Check("earlier_reports", late == 0, message, {"late": str(late)}))
    if rules.requires_last_declaration:
        params = {"year": rules.year - 1}
        checks.append(
            Check(
                "declaration",
                budget.declaration_submitted,
                (
                    _("yearly declaration of %(year)s submitted") % params
                    if budget.declaration_submitted
                    else _("the yearly declaration of %(year)s is not submitted") % params
                ),
            )
        )
    return checks


def _documents(rules: Rules, budget: Budget) -> Check | None:
    if not rules.documents:
        return None
    missing = [kind for kind in rules.documents if kind not in budget.documents]
    if missing:
        labels = ", ".join(str(DocumentKind(kind).label) for kind in missing)
        return Check("documents", False, _("documents still to attach: %(documents)s") % {"documents": labels})
    labels = ", ".join(str(DocumentKind(kind).label) for kind in rules.documents)
    return Check("documents", True, _("documents asked attached: %(documents)s") % {"documents": labels})


def check(rules: Rules, budget: Budget) -> Eligibility:
    """Every rule of the call that applies, in the order a reader follows: where, how much, who, what is on file."""
    sums = totals(budget)
    found: list[Check | None] = [
        _countries(rules, budget),
        _themes(rules, budget),
        _ceiling(rules, budget, sums),
        *_shares(rules, sums),
        *_grant(rules, sums),
        _group(rules, budget),
        *_preconditions(rules, budget),
        _documents(rules, budget),
    ]
    return Eligibility(tuple(check for check in found if check is not None))
