"""Matchmaking pages: profiles and their suggestions, cluster and territory pages, interests, pairings, dashboard."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coopdec.accounts.enums import MembershipStatus
from coopdec.accounts.models import User
from coopdec.accounts.perms import is_coordinator, organization_ids_of
from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.tabular import FORMATS, export_response
from coopdec.matchmaking import perms, services, workflow_services
from coopdec.matchmaking.enums import PartnershipType, ProfileKind, ProfileStatus
from coopdec.matchmaking.matching import suggest_matches
from coopdec.matchmaking.models import Profile, Sector
from coopdec.matchmaking.models_workflow import Interest, InterestStatus, Pairing, PairingStage
from coopdec.matchmaking.sectors import suggest_sectors
from coopdec.organizations.models import Organization
from coopdec.partnerships.models import Partnership
from coopdec.territories.models import Authority

from . import forms


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form, under the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _profiles_with_list_data(queryset):
    return queryset.select_related("organization__country", "organization__authority").prefetch_related("sectors")


# ---------------------------------------------------------------------------------------------- profiles

COLUMNS = [
    Column("title", gettext_lazy("Title"), attribute("title"), "title"),
    Column("organization", gettext_lazy("Organisation"), attribute("organization.name"), "organization__name"),
    Column("country", gettext_lazy("Country"), attribute("organization.country.name"), "organization__country_id"),
    Column("kind", gettext_lazy("Kind"), attribute("kind"), "kind"),
    Column("sectors", gettext_lazy("Sectors"), lambda p: [s.code for s in p.sectors.all()]),
    Column("language", gettext_lazy("Language"), attribute("language"), "language"),
    Column("status", gettext_lazy("Status"), attribute("status"), "status"),
    Column("expires_on", gettext_lazy("Expires on"), attribute("expires_on"), "expires_on"),
    Column("updated", gettext_lazy("Updated"), attribute("updated_at"), "updated_at"),
]
TABLE_KEYS = {"title", "organization", "country", "kind", "status", "updated"}


@require_GET
def profile_list(request):
    """Profiles the user may see: search, filters (kind, country, NACE code, mine), sort, pages, export."""
    profiles = perms.visible_profiles(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        profiles = profiles.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(organization__name__icontains=query)
        )
    if request.GET.get("kind") in ProfileKind.values:
        profiles = profiles.filter(kind=request.GET["kind"])
    if country := request.GET.get("country", "").strip():
        profiles = profiles.in_country(country)
    if sector := request.GET.get("sector", "").strip():
        profiles = profiles.filter(sectors__code__startswith=sector).distinct()
    if request.GET.get("mine"):
        profiles = profiles.filter(organization_id__in=organization_ids_of(request.user))
    profiles, current = sort(_profiles_with_list_data(profiles), request, COLUMNS, default="-updated")
    if request.GET.get("export") in FORMATS:
        return export_response(objects=profiles, columns=COLUMNS, filename="profiles", fmt=request.GET["export"])
    page = paginate(request, profiles)
    context = {
        "page": page,
        "headers": headers(request, [c for c in COLUMNS if c.key in TABLE_KEYS], current),
        "kinds": ProfileKind.choices,
        "can_create": request.user.is_authenticated
        and (is_coordinator(request.user) or organization_ids_of(request.user)),
    }
    return render(request, "workspace/matchmaking/profile_list.html", context)


def _creatable_organizations(user):
    if is_coordinator(user):
        return Organization.objects.order_by("name")
    return Organization.objects.filter(pk__in=organization_ids_of(user)).order_by("name")


@login_required
def profile_create(request):
    organizations = _creatable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    initial = {"language": request.LANGUAGE_CODE[:2]}
    if len(organizations[:2]) == 1:
        initial["organization"] = organizations[0]
    form = forms.ProfileForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.create_profile(
                author=request.user, organization=form.cleaned_data["organization"], **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The profile is saved as a draft. Publish it when it is ready."))
            return redirect("matchmaking:profile", profile.pk)
    return render(request, "workspace/matchmaking/profile_form.html", {"form": form, "profile": None})


def _profile_or_404(request, pk: int, *, edit: bool = False) -> Profile:
    profile = get_object_or_404(
        Profile.objects.select_related("organization__country", "organization__authority"), pk=pk
    )
    if not perms.can_view_profile(request.user, profile):
        raise Http404
    if edit and not perms.can_edit_profile(request.user, profile):
        raise PermissionDenied
    return profile


@login_required
def profile_edit(request, pk: int):
    profile = _profile_or_404(request, pk, edit=True)
    form = forms.ProfileForm(request.POST or None, initial=forms.ProfileForm.initial_of(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(author=request.user, profile=profile, **form.service_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("matchmaking:profile", profile.pk)
    return render(request, "workspace/matchmaking/profile_form.html", {"form": form, "profile": profile})


@login_required
def profile_publish(request, pk: int):
    """GET asks for confirmation; POST publishes and tells the owners of well-matching profiles."""
    profile = _profile_or_404(request, pk, edit=True)
    if request.method == "POST":
        try:
            workflow_services.publish_profile(author=request.user, profile=profile)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The profile is published: partners can find it."))
        return redirect("matchmaking:profile", profile.pk)
    return _confirm(request, profile, _("Publish this profile? Partners will see it and may be told by e-mail."))


@login_required
def profile_expire(request, pk: int):
    """GET asks for confirmation; POST withdraws the profile from the suggestions."""
    profile = _profile_or_404(request, pk, edit=True)
    if request.method == "POST":
        workflow_services.expire_profile(author=request.user, profile=profile)
        messages.success(request, _("The profile is withdrawn: it is no longer suggested."))
        return redirect("matchmaking:profile", profile.pk)
    return _confirm(request, profile, _("Withdraw this profile? It will no longer be suggested to partners."))


def _confirm(request, profile, question):
    return render(
        request,
        "workspace/matchmaking/confirm.html",
        {"profile": profile, "question": question, "target": request.path},
    )


def _suggestions(profile: Profile) -> list[dict]:
    """The engine's matches with what the page shows of their reasons, in a fixed number of queries."""
    matches = suggest_matches(profile, limit=10)
    codes = {code for m in matches for s in m.shared_sectors for code in (s.query_code, s.candidate_code)}
    names = {s.code: s.name for s in Sector.objects.filter(code__in=codes)}
    partnership_ids = {pk for m in matches for pk in m.partnership_ids}
    partnerships = Partnership.objects.in_bulk(partnership_ids) if partnership_ids else {}
    return [
        {
            "match": match,
            "profile": match.profile,
            "percent": round(match.score * 100),
            "shared_sectors": [
                {"level": s.level, "code": s.candidate_code, "name": names.get(s.candidate_code, "")}
                for s in match.shared_sectors
            ],
            "partnerships": [partnerships[pk] for pk in match.partnership_ids if pk in partnerships],
        }
        for match in matches
    ]


def profile_detail(request, pk: int):
    profile = _profile_or_404(request, pk)
    profile = Profile.objects.prefetch_related("sectors", "target_countries", "target_authorities").get(pk=profile.pk)
    user = request.user
    can_edit = perms.can_edit_profile(user, profile)
    interest_form = None
    if perms.can_send_interest(user, profile):
        already = set(Interest.objects.filter(profile=profile).values_list("organization_id", flat=True))
        candidates = Organization.objects.filter(pk__in=perms.organizations_for_interest(user, profile) - already)
        if candidates.exists():
            interest_form = forms.InterestForm(organizations=candidates)
    mine = organization_ids_of(user)
    context = {
        "profile": profile,
        "can_edit": can_edit,
        "partnership_labels": [PartnershipType(code).label for code in profile.partnership_types],
        "suggestions": _suggestions(profile) if profile.status != ProfileStatus.EXPIRED else [],
        "interest_form": interest_form,
        "can_withdraw": perms.can_withdraw_profile(user, profile),
        "received": (
            [
                (interest, perms.can_see_sender(user, interest))
                for interest in profile.interests.select_related("organization")
            ]
            if can_edit and (mine or is_coordinator(user))
            else []
        ),
        "sent": profile.interests.filter(organization_id__in=mine).select_related("organization") if mine else [],
    }
    return render(request, "workspace/matchmaking/profile_detail.html", context)


@require_GET
def sector_suggest(request):
    """The NACE classes that fit a text, with their names, for the profile form's live suggestion."""
    text = request.GET.get("text", "").strip()[:5000]
    if len(text) < 3:
        return JsonResponse({"ranked": []})
    ranked = suggest_sectors(text, limit=8)
    names = {s.code: s.name for s in Sector.objects.filter(code__in=[code for code, _score in ranked])}
    return JsonResponse(
        {"ranked": [{"code": code, "name": names.get(code, ""), "score": score} for code, score in ranked]}
    )


# ---------------------------------------------------------------------------------------------- interests


@login_required
@require_POST
def interest_send(request, pk: int):
    profile = _profile_or_404(request, pk)
    if not perms.can_send_interest(request.user, profile):
        raise PermissionDenied
    organizations = Organization.objects.filter(pk__in=perms.organizations_for_interest(request.user, profile))
    form = forms.InterestForm(request.POST, organizations=organizations)
    if form.is_valid():
        try:
            interest = workflow_services.send_interest(
                author=request.user,
                profile=profile,
                organization=form.cleaned_data["organization"],
                message=form.cleaned_data["message"],
                is_anonymous=form.cleaned_data["is_anonymous"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("matchmaking:profile", profile.pk)
        messages.success(request, _("Your interest is sent; you will be told when the owner answers."))
        return redirect("matchmaking:interest", interest.pk)
    for field, errors in form.errors.items():
        for text in errors:
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {text}".strip())
    return redirect("matchmaking:profile", profile.pk)


def _interest_or_404(request, pk: int) -> Interest:
    interest = get_object_or_404(
        Interest.objects.select_related("profile__organization", "organization__country", "sent_by"), pk=pk
    )
    if not perms.can_view_interest(request.user, interest):
        raise Http404
    return interest


def _contacts(organization: Organization) -> dict:
    """What is revealed of an organisation once an interest is accepted: its contacts and its members' e-mails."""
    return {
        "organization": organization,
        "contacts": list(organization.contacts.all()),
        "members": list(
            User.objects.filter(
                is_active=True,
                memberships__organization=organization,
                memberships__status=MembershipStatus.APPROVED,
            )
            .distinct()
            .order_by("last_name", "email")
        ),
    }


def _interest_context(request, interest: Interest) -> dict:
    show_contacts = perms.can_see_contacts(request.user, interest)
    return {
        "interest": interest,
        "show_sender": perms.can_see_sender(request.user, interest),
        "can_decide": perms.can_decide_interest(request.user, interest),
        "awaiting_decision": interest.status == InterestStatus.PENDING,
        "contacts": (
            [_contacts(interest.profile.organization), _contacts(interest.organization)] if show_contacts else []
        ),
        "pairing": Pairing.objects.filter(interest=interest).first(),
    }


@login_required
def interest_detail(request, pk: int):
    interest = _interest_or_404(request, pk)
    context = _interest_context(request, interest)
    context["decision_form"] = forms.DecisionForm() if context["can_decide"] else None
    return render(request, "workspace/matchmaking/interest_detail.html", context)


@login_required
def interest_decide(request, pk: int, decision: str):
    """Accept (POST from the interest's page) or decline (GET asks for confirmation, POST declines)."""
    interest = _interest_or_404(request, pk)
    if not perms.can_decide_interest(request.user, interest):
        raise PermissionDenied
    accept = decision == "accept"
    form = forms.DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        workflow_services.decide_interest(
            author=request.user, interest=interest, accept=accept, answer=form.cleaned_data["answer"]
        )
        if accept:
            messages.success(request, _("Accepted: the contacts of both sides are now shown, and a pairing starts."))
        else:
            messages.success(request, _("Declined: the interested organisation is told."))
        return redirect("matchmaking:interest", interest.pk)
    context = _interest_context(request, interest) | {"decision_form": form, "decision": decision}
    return render(request, "workspace/matchmaking/interest_decide.html", context)


@login_required
def interest_list(request):
    """The interests the user's organisations sent and received (all for a coordinator)."""
    interests = Interest.objects.select_related("profile__organization", "organization", "pairing")
    if not is_coordinator(request.user):
        interests = interests.involving(organization_ids_of(request.user))
    interests = list(interests[:200])
    mine = organization_ids_of(request.user)
    rows = [
        {
            "interest": i,
            "received": i.profile.organization_id in mine,
            "show_sender": perms.can_see_sender(request.user, i),
            "pairing": getattr(i, "pairing", None),
        }
        for i in interests
    ]
    return render(request, "workspace/matchmaking/interest_list.html", {"rows": rows})


# ---------------------------------------------------------------------------------------------- pairings


@login_required
def pairing_detail(request, pk: int):
    pairing = get_object_or_404(
        Pairing.objects.select_related("interest__profile__organization", "interest__organization"), pk=pk
    )
    if not perms.can_view_pairing(request.user, pairing):
        raise Http404
    can_move = perms.can_move_pairing(request.user, pairing)
    form = forms.StageForm(request.POST or None, initial={"stage": pairing.stage, "on": pairing.stage_on})
    if request.method == "POST":
        if not can_move:
            raise PermissionDenied
        if form.is_valid():
            try:
                workflow_services.move_pairing(author=request.user, pairing=pairing, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("The pairing is now at the stage: %(stage)s.") % {"stage": pairing.get_stage_display()}
                )
                return redirect("matchmaking:pairing", pairing.pk)
    context = {
        "pairing": pairing,
        "interest": pairing.interest,
        "history": pairing.history.select_related("author"),
        "form": form if can_move else None,
        "contacts": [_contacts(pairing.interest.profile.organization), _contacts(pairing.interest.organization)],
    }
    return render(request, "workspace/matchmaking/pairing_detail.html", context)


# ---------------------------------------------------------------------------------------------- dashboard


@login_required
def dashboard(request):
    """A region's pairings counted by stage, partner territory and NACE section, in a fixed number of queries."""
    code = request.GET.get("authority", "").strip()
    authority = get_object_or_404(Authority, code=code) if code else None
    if authority is None:
        return render(request, "workspace/matchmaking/dashboard.html", {"authority": None})
    if not perms.can_view_matchmaking_dashboard(request.user, authority):
        raise PermissionDenied
    pairings = Pairing.objects.of_authority(authority)
    by_stage = dict(pairings.order_by().values_list("stage").annotate(n=Count("pk", distinct=True)))
    partners: Counter = Counter()
    # The other side of each pairing: the sender if the profile is ours, the profile's owner otherwise.
    for prefix, ours in (
        ("interest__organization__", "interest__profile__organization__authority"),
        ("interest__profile__organization__", "interest__organization__authority"),
    ):
        rows = (
            Pairing.objects.filter(**{ours: authority})
            .exclude(**{f"{prefix}authority": authority})
            .values_list(f"{prefix}authority__name", f"{prefix}country__name_en", f"{prefix}country_id")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        for name, country_name, country_code, n in rows:
            partners[(name or "—", country_name or country_code or "—")] += n
    sections = (
        pairings.order_by()
        .values_list("interest__profile__sectors__parent__parent__parent")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    section_names = {s.code: s for s in Sector.objects.filter(level="section")}
    by_section = sorted(
        ((section_names.get(code), n) for code, n in sections), key=lambda row: (row[0] is None, row[0] and row[0].code)
    )
    context = {
        "authority": authority,
        "total": sum(by_stage.values()),
        "signed": by_stage.get(PairingStage.AGREEMENT, 0),
        "by_stage": [(label, by_stage.get(value, 0)) for value, label in PairingStage.choices],
        "by_partner": sorted(partners.items(), key=lambda item: (-item[1], item[0])),
        "by_section": by_section,
        "pending_interests": Interest.objects.filter(
            Q(organization__authority=authority) | Q(profile__organization__authority=authority),
            status=InterestStatus.PENDING,
        ).count(),
    }
    return render(request, "workspace/matchmaking/dashboard.html", context)
