"""Campaign pages for coordinators: the campaigns, a new one, its follow-up, its export, asking, extending."""

from __future__ import annotations

from babel.numbers import format_percent
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy, to_locale
from django.utils.translation import gettext as _

from coopdec.declarations import selectors, services
from coopdec.declarations.enums import FollowUpState
from coopdec.declarations.models import Campaign, Invitation
from coopdec.declarations.perms import can_manage_campaigns
from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.money import display_amount
from coopdec.lib.tabular import FORMATS, export_response

from . import forms

# A cell starting with one of these is a formula to a spreadsheet: an authority's name or a coordinator's
# text is written after an apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(read):
    def safe(row):
        value = read(row)
        value = "" if value is None else str(value)
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value

    return safe


def _state_label(row) -> str:
    return str(FollowUpState(row.state).label)


COLUMNS = [
    Column("authority", gettext_lazy("Authority"), _text(attribute("authority.name")), "authority__name"),
    Column("code", gettext_lazy("Code"), _text(attribute("authority.code"))),
    Column("kind", gettext_lazy("Type of authority"), _text(attribute("authority.kind")), "authority__kind"),
    Column("region", gettext_lazy("Région"), _text(attribute("region_name")), "region_name"),
    Column("departement", gettext_lazy("Département"), _text(attribute("departement_name")), "departement_name"),
    Column("state", pgettext_lazy("declaration", "State"), _state_label, "state"),
    Column("last_change", gettext_lazy("Last change"), attribute("last_change"), "last_change"),
    Column("total", gettext_lazy("Total declared (€)"), attribute("total"), "total"),
    Column("oda", gettext_lazy("ODA declared (€)"), attribute("oda_total"), "oda_total"),
    Column("deadline", gettext_lazy("Deadline"), attribute("due_on"), "due_on"),
    Column("extended", gettext_lazy("Deadline extended"), lambda row: row.extended_to is not None),
]
TABLE_KEYS = ("authority", "kind", "region", "state", "last_change", "total", "oda", "deadline")


def _require_coordinator(request) -> None:
    if not can_manage_campaigns(request.user):
        raise PermissionDenied


def _campaign(request, pk: int) -> Campaign:
    _require_coordinator(request)
    return get_object_or_404(Campaign, pk=pk)


def _phase(campaign: Campaign, today) -> str:
    if today < campaign.opens_on:
        return "upcoming"
    return "open" if today <= campaign.closes_on else "closed"


def _percent(rate: float | None) -> str:
    """A share written the way the reader's language writes it: « 42 % » in French, "42%" in English."""
    if rate is None:
        return ""
    return format_percent(rate, locale=to_locale(get_language() or settings.LANGUAGE_CODE))


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown under the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def campaign_list(request):
    _require_coordinator(request)
    today = timezone.localdate()
    campaigns = list(selectors.campaign_summaries(Campaign.objects.all()))
    for campaign in campaigns:
        campaign.phase = _phase(campaign, today)
        campaign.rate_display = _percent(campaign.answered / campaign.invited if campaign.invited else None)
    return render(request, "workspace/campaigns/list.html", {"campaigns": campaigns})


@login_required
def campaign_new(request):
    _require_coordinator(request)
    searching = request.method == "POST" and "_search" in request.POST
    form = forms.CampaignForm(
        request.POST if request.method == "POST" else None,
        initial=forms.CampaignForm.initial_for(timezone.localdate()),
    )
    if request.method == "POST" and not searching and form.is_valid():
        try:
            campaign = services.open_campaign(author=request.user, **form.campaign_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The campaign has been opened."))
            return redirect("campaigns:detail", pk=campaign.pk)
    chosen = form.chosen()
    query = request.POST.get("also_ask_q", "") if request.method == "POST" else ""
    results = [a for a in forms.search_askable(query) if a not in chosen]
    context = {"form": form, "chosen": chosen, "query": query, "results": results, "search_url": _search_url()}
    return render(request, "workspace/campaigns/form.html", context)


def _search_url() -> str:
    try:
        return reverse("territories:authority_search") + "?status=validated"
    except NoReverseMatch:
        return ""


def _declaration_url(declaration_id: int | None) -> str:
    """The declaration's page, once the declarations' pages are installed (another module builds them)."""
    if declaration_id is None:
        return ""
    try:
        return reverse("declarations:detail", args=[declaration_id])
    except NoReverseMatch:
        return ""


def _follow_up(request, campaign: Campaign):
    form = forms.FollowUpFilterForm(request.GET or None)
    filters = form.filters()
    invitations = selectors.follow_up(campaign, **filters)
    invitations, current = sort(invitations, request, COLUMNS, default="authority")
    return form, filters, invitations, current


@login_required
def campaign_detail(request, pk: int):
    campaign = _campaign(request, pk)
    form, filters, invitations, current = _follow_up(request, campaign)
    page = paginate(request, invitations)
    rows = list(page.object_list)
    for row in rows:
        row.detail_url = _declaration_url(row.declaration_id)
        row.state_label = _state_label(row)
        row.total_display = "" if row.total is None else display_amount(row.total)
        row.oda_display = "" if row.oda_total is None else display_amount(row.oda_total)
    without_state = {name: value for name, value in filters.items() if name != "state"}
    counts = selectors.state_counts(campaign, **without_state)
    context = {
        "campaign": campaign,
        "phase": _phase(campaign, timezone.localdate()),
        "form": form,
        "page": page,
        "rows": rows,
        "headers": headers(request, [c for c in COLUMNS if c.key in TABLE_KEYS], current),
        "counts": [(FollowUpState(state), n) for state, n in counts.items()],
        "invited": sum(counts.values()),
        "rate_display": _percent(selectors.response_rate(counts)),
        "query": request.GET.urlencode(),
    }
    return render(request, "workspace/campaigns/detail.html", context)


@login_required
def campaign_export(request, pk: int, fmt: str):
    campaign = _campaign(request, pk)
    if fmt not in FORMATS:
        raise Http404
    _form, _filters, invitations, _current = _follow_up(request, campaign)
    filename = f"campaign-{campaign.year}-follow-up"
    return export_response(objects=invitations, columns=COLUMNS, filename=filename, fmt=fmt)


@login_required
def campaign_ask(request, pk: int):
    """Ask one more authority: search it (GET ``q``), then post it."""
    campaign = _campaign(request, pk)
    if request.method == "POST":
        authority = get_object_or_404(forms.askable_authorities(), pk=request.POST.get("authority") or 0)
        try:
            services.ask_authority(author=request.user, campaign=campaign, authority=authority)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(authority)s is asked to declare.") % {"authority": authority.name})
        return redirect("campaigns:detail", pk=campaign.pk)
    query = request.GET.get("q", "")
    results = forms.search_askable(query)
    asked = set(
        Invitation.objects.filter(campaign=campaign, authority__in=results).values_list("authority_id", flat=True)
    )
    context = {"campaign": campaign, "query": query, "results": [(a, a.pk in asked) for a in results]}
    return render(request, "workspace/campaigns/ask.html", context)


@login_required
def campaign_extend(request, pk: int, authority_pk: int):
    """Give one authority a later deadline: the date, then a confirmation."""
    campaign = _campaign(request, pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("authority", "campaign"), campaign=campaign, authority_id=authority_pk
    )
    form = forms.ExtendForm(request.POST or None, initial={"until": invitation.extended_to})
    if request.method == "POST" and form.is_valid():
        if "confirm" in request.POST:
            try:
                services.extend_deadline(
                    author=request.user,
                    campaign=campaign,
                    authority=invitation.authority,
                    until=form.cleaned_data["until"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(authority)s now has until %(date)s.")
                    % {
                        "authority": invitation.authority.name,
                        "date": date_format(form.cleaned_data["until"], "DATE_FORMAT"),
                    },
                )
                return redirect("campaigns:detail", pk=campaign.pk)
        elif form.cleaned_data["until"] > campaign.closes_on:
            context = {"campaign": campaign, "invitation": invitation, "until": form.cleaned_data["until"]}
            return render(request, "workspace/campaigns/extend_confirm.html", context)
        else:
            form.add_error("until", _("The new deadline comes after the campaign closes."))
    return render(
        request, "workspace/campaigns/extend.html", {"campaign": campaign, "invitation": invitation, "form": form}
    )
