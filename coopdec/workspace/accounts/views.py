"""Pages for accounts: registration, profile, requests to join an entity, their decisions, members."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopdec.accounts import emails, services
from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.models import Membership
from coopdec.accounts.perms import administered_entity_ids, can_manage_members, is_coordinator, memberships_to_decide
from coopdec.organizations.models import Organization
from coopdec.territories.models import Authority
from coopdec.territories.selectors import search_authorities

from . import forms

SEARCH_LIMIT = 20


def _send_activation_link(request, user) -> None:
    url = request.build_absolute_uri(reverse("accounts:activate", args=[services.make_activation_token(user)]))
    emails.send_activation(user, activation_url=url, max_age_days=services.ACTIVATION_MAX_AGE.days)


def register(request):
    """Create an inactive account and e-mail the link that activates it."""
    if request.user.is_authenticated:
        messages.info(request, _("You already have an account and are logged in."))
        return redirect("accounts:profile")
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_user(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                language=get_language(),
            )
        except ValidationError as error:  # the same address registered twice at the same moment
            form.add_error(None, error)
        else:
            _send_activation_link(request, user)
            return redirect("accounts:register_sent")
    return render(request, "workspace/accounts/register.html", {"form": form})


def register_sent(request):
    return render(request, "workspace/accounts/register_sent.html", {"form": forms.ResendActivationForm()})


def activate(request, token: str):
    """The link from the e-mail shows a button: activating on POST only keeps mail scanners from doing it."""
    try:
        if request.method == "POST":
            services.activate_user(token=token)
            return redirect("accounts:activation_done")
        if services.user_for_activation_token(token).is_active:
            return redirect("accounts:activation_done")
    except services.ActivationLinkExpired:
        return _activation_failed(request, expired=True)
    except services.ActivationLinkInvalid:
        return _activation_failed(request, expired=False)
    return render(request, "workspace/accounts/activate.html")


def _activation_failed(request, *, expired: bool):
    context = {"expired": expired, "form": forms.ResendActivationForm()}
    return render(request, "workspace/accounts/activation_failed.html", context, status=400)


def activation_done(request):
    return render(request, "workspace/accounts/activation_done.html")


@require_POST
def resend_activation(request):
    """Send a new link; the answer is the same whether or not the address has an unconfirmed account."""
    form = forms.ResendActivationForm(request.POST)
    if not form.is_valid():
        return render(request, "workspace/accounts/register_sent.html", {"form": form}, status=400)
    user = services.user_awaiting_activation(form.cleaned_data["email"])
    if user is not None:
        _send_activation_link(request, user)
    return redirect("accounts:register_sent")


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        services.adopt_language(form.get_user(), get_language())
        return super().form_valid(form)


@login_required
def profile(request):
    memberships = request.user.memberships.select_related("authority", "organization").order_by("-requested_at")
    context = {
        "memberships": memberships,
        # The memberships that make the user an administrator: they link to the entity's members.
        "administered": {m.pk for m in memberships if m.is_approved and m.role == Role.ADMINISTRATOR},
        "decides_requests": is_coordinator(request.user) or any(administered_entity_ids(request.user)),
        "pending_to_decide": memberships_to_decide(request.user).count(),
        "language_form": forms.EmailLanguageForm(
            instance=request.user, initial={"language": emails.language_of(request.user)}
        ),
    }
    return render(request, "workspace/accounts/profile.html", context)


@require_POST
@login_required
def email_language(request):
    """Change the language of one's own e-mails (the page's own language is the switcher's business)."""
    form = forms.EmailLanguageForm(request.POST, instance=request.user)
    if form.is_valid():
        services.set_email_language(request.user, form.cleaned_data["language"])
        messages.success(
            request, _("Language of your e-mails: %(language)s.") % {"language": request.user.get_language_display()}
        )
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect("accounts:profile")


@require_GET
@login_required
def entity_search(request):
    """JSON for the join form's autocomplete: up to 20 authorities and organisations matching ``q``."""
    return JsonResponse({"results": _search_entities(request.GET.get("q", ""))})


def _search_entities(query: str) -> list[dict]:
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    validated = Authority.objects.validated().select_related("country")
    authorities = list(search_authorities(query, authorities=validated, limit=SEARCH_LIMIT))
    organizations = list(Organization.objects.search(query).select_related("country")[:SEARCH_LIMIT])
    # Share the 20 places, so that a word common among authorities does not hide every organisation.
    n_authorities = min(len(authorities), max(SEARCH_LIMIT // 2, SEARCH_LIMIT - len(organizations)))
    results = [
        {"value": f"authority:{a.pk}", "label": a.name, "detail": f"{a.get_kind_display()} · {a.country}"}
        for a in authorities[:n_authorities]
    ]
    results += [
        {"value": f"organization:{o.pk}", "label": str(o), "detail": f"{o.get_kind_display()} · {o.country or ''}"}
        for o in organizations[: SEARCH_LIMIT - n_authorities]
    ]
    return results


@login_required
def request_membership(request):
    """Ask to join an authority or an organisation; without JavaScript, the search is a GET of this page."""
    query = request.GET.get("q", "")
    form = forms.MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.request_membership(
                user=request.user, job_title=form.cleaned_data["job_title"], **form.entity_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request to join %(entity)s has been sent to its administrators.")
                % {"entity": membership.entity},
            )
            return redirect("accounts:profile")
    context = {"form": form, "query": query, "results": _search_entities(query) if query else None}
    return render(request, "workspace/accounts/request_membership.html", context)


@login_required
def membership_requests(request):
    """The pending requests the signed-in user may decide."""
    pending = (
        memberships_to_decide(request.user)
        .select_related("user", "authority", "organization")
        .order_by("requested_at", "pk")
    )
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    context = {"page": page, "roles": Role.choices}
    return render(request, "workspace/accounts/membership_requests.html", context)


def _decide(request, pk: int, *, approve: bool):
    membership = get_object_or_404(Membership.objects.select_related("user", "authority", "organization"), pk=pk)
    form = forms.DecisionForm(request.POST)
    if approve and not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("accounts:membership_requests")
    try:
        services.decide_membership(
            membership=membership,
            decided_by=request.user,
            approve=approve,
            role=form.cleaned_data["role"] if approve else Role.EDITOR,
            profile_url=request.build_absolute_uri(reverse("accounts:profile")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (
            _("%(user)s is now a member of %(entity)s.")
            if approve
            else _("%(user)s's request to join %(entity)s was declined.")
        )
        messages.success(request, text % {"user": membership.user, "entity": membership.entity})
    return redirect("accounts:membership_requests")


@require_POST
@login_required
def approve_membership(request, pk: int):
    return _decide(request, pk, approve=True)


@require_POST
@login_required
def reject_membership(request, pk: int):
    return _decide(request, pk, approve=False)


def _entity_or_404(kind: str, pk: int):
    if kind == "authority":
        return {"authority": get_object_or_404(Authority, pk=pk)}
    if kind == "organization":
        return {"organization": get_object_or_404(Organization, pk=pk)}
    raise Http404


@login_required
def members(request, kind: str, pk: int):
    """The approved members of one authority or organisation, for its administrators and coordinators."""
    entity_kwargs = _entity_or_404(kind, pk)
    if not can_manage_members(request.user, **entity_kwargs):
        raise PermissionDenied
    entity_members = (
        Membership.objects.approved()
        .filter(**entity_kwargs)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    context = {"entity": next(iter(entity_kwargs.values())), "members": entity_members, "roles": Role.choices}
    return render(request, "workspace/accounts/members.html", context)


def _member_or_404(pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "authority", "organization"), pk=pk, status=MembershipStatus.APPROVED
    )


def _members_url(membership: Membership) -> str:
    if membership.authority_id:
        return reverse("accounts:authority_members", args=[membership.authority_id])
    return reverse("accounts:organization_members", args=[membership.organization_id])


@require_POST
@login_required
def change_member_role(request, pk: int):
    membership = _member_or_404(pk)
    form = forms.MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect(_members_url(membership))
    try:
        services.change_member_role(membership=membership, changed_by=request.user, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(user)s's role has been changed.") % {"user": membership.user})
    return redirect(_members_url(membership))


@require_POST
@login_required
def remove_member(request, pk: int):
    membership = _member_or_404(pk)
    url = _members_url(membership)
    try:
        services.remove_member(membership=membership, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s is no longer a member of %(entity)s.") % {"user": membership.user, "entity": membership.entity},
        )
    return redirect(url)


# Django's own views, with our templates, forms and namespaced URLs.
password_change = auth_views.PasswordChangeView.as_view(
    form_class=forms.PasswordChangeForm, success_url=reverse_lazy("accounts:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=forms.PasswordResetForm,
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=forms.SetPasswordForm, success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
