"""A call's rules as sentences a coordinator reads, in the reader's language, with their figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_percent
from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, pgettext, to_locale
from django.utils.translation import gettext as _

from coopdec.calls.enums import DocumentKind, GroupRule, TrancheCondition
from coopdec.calls.models import Call
from coopdec.lib.money import display_amount
from coopdec.territories.enums import OdaCategory

HUNDRED = Decimal("100")


def percent(value: Decimal | None) -> str:
    """« 70 % » in French, "70%" in English; to the hundredth when the figure has one."""
    if value is None:
        return ""
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_percent((value / HUNDRED).normalize(), locale=locale, decimal_quantization=False)


def figure(value: Decimal) -> str:
    """A weight or a total in the reader's language, without trailing zeros: « 7,5 », « 20 »."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(value, places, use_l10n=True)


@dataclass(frozen=True)
class Rule:
    label: str
    sentence: str


def ceiling_rows(call: Call) -> list[tuple[str, str]]:
    """(ODA category, ceiling) for each category the call sets a ceiling for."""
    percents = {row.oda_category: row.percent for row in call.ceilings.all()}
    return [(str(c.label), percent(percents[c.value])) for c in OdaCategory if c.value in percents]


def rules(call: Call) -> list[Rule]:
    """Every scalar rule and precondition of the call, each as one sentence; a rule left empty says so."""
    none = _("does not apply in this call")
    found = [
        Rule(
            _("Project in several countries"),
            _("the call pays at most %(share)s of the budget") % {"share": percent(call.multi_country_ceiling)}
            if call.multi_country_ceiling is not None else none,
        ),
        Rule(
            _("Share of the French authorities"),
            _("at least %(share)s of the budget, cash and in kind") % {"share": percent(call.min_own_share)}
            if call.min_own_share is not None else none,
        ),
        Rule(
            _("In-kind contributions"),
            _("at most %(share)s of the French authorities' own contribution")
            % {"share": percent(call.max_in_kind_share)}
            if call.max_in_kind_share is not None else none,
        ),
        Rule(
            _("What the call pays"),
            _("cash only: nothing asked from the call is in kind") if call.cash_only else _("cash or in kind"),
        ),
        Rule(
            _("Minimum grant"),
            display_amount(call.min_grant) if call.min_grant is not None else none,
        ),
        Rule(
            _("Maximum grant"),
            display_amount(call.max_grant) if call.max_grant is not None else none,
        ),
        Rule(
            _("Monitoring and evaluation"),
            _("at least %(share)s of the expenses") % {"share": percent(call.min_monitoring_share)}
            if call.min_monitoring_share is not None else none,
        ),
        Rule(
            _("Group of French authorities"),
            {
                GroupRule.NONE: none,
                GroupRule.BONUS: _("a bonus for at least two French authorities applying together"),
                GroupRule.REQUIRED: _("at least two French authorities apply together"),
            }[GroupRule(call.group_rule)],
        ),
    ]  # fmt: skip
    asked = [
        (call.requires_convention, _("a convention signed with the foreign authority")),
        (call.requires_council_decision, _("a council decision (délibération) or letters of intent")),
        (call.requires_earlier_reports, _("the reports of projects co-financed by earlier calls filed")),
        (
            call.requires_last_declaration,
            _("the yearly declaration of %(year)s submitted") % {"year": call.year - 1},
        ),
    ]
    preconditions = [text for required, text in asked if required]
    separator = pgettext("between the items of a list", "; ")
    found.append(Rule(_("Preconditions"), separator.join(preconditions) if preconditions else _("none")))
    documents = [str(DocumentKind(kind).label) for kind in call.documents if kind in DocumentKind.values]
    found.append(Rule(_("Documents asked"), ", ".join(documents) if documents else _("none")))
    return found


def tranche_sentences(call: Call) -> list[str]:
    sentences = []
    for tranche in call.tranches.all():
        figures = {"number": tranche.number, "share": percent(tranche.share)}
        if tranche.condition == TrancheCondition.ON_DATE and tranche.due_on:
            figures["date"] = date_format(tranche.due_on, "DATE_FORMAT")
            sentences.append(_("Tranche %(number)s: %(share)s of the grant, released on %(date)s") % figures)
        elif tranche.condition == TrancheCondition.FINAL_REPORT:
            sentences.append(_("Tranche %(number)s: %(share)s of the grant, released on the final report") % figures)
        else:
            sentences.append(
                _("Tranche %(number)s: %(share)s of the grant, released on the intermediate report") % figures
            )
    return sentences
