"""The 1 % page: an authority's service budgets for a year, each one's ceiling, the lines using it, what is left."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coopdec.accounts.scope import workspace_scope
from coopdec.funding import perms, services
from coopdec.funding.enums import SERVICE_OF_INSTRUMENT
from coopdec.funding.selectors import one_percent_position
from coopdec.lib.money import display_amount
from coopdec.projects.enums import ONE_PERCENT_INSTRUMENTS
from coopdec.projects.models import Funding

from .forms import ServiceBudgetForm, YearForm


def project_url(project) -> str | None:
    """The project's workspace page, once the project pages exist."""
    try:
        return reverse("projects:detail", args=[project.pk])
    except NoReverseMatch:
        return None


@login_required
def one_percent(request):
    scope = workspace_scope(request)
    authority = scope.authority
    if authority is None:
        return render(request, "workspace/funding/one_percent.html", {"scope": scope})
    if not perms.can_view_service_budgets(request.user, authority):
        raise PermissionDenied
    year = YearForm(request.GET or None).year_or(timezone.localdate().year)
    form = ServiceBudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            budget = services.record_service_budget(
                authority=authority, year=year, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(service)s %(year)s: own resources %(amount)s, 1 %% ceiling %(ceiling)s.")
                % {
                    "service": budget.get_service_display(),
                    "year": year,
                    "amount": display_amount(budget.own_resources, budget.currency),
                    "ceiling": display_amount(budget.ceiling, budget.currency),
                },
            )
            return redirect(f"{request.path}?{urlencode({'authority': authority.pk, 'year': year})}")
    lines = (
        Funding.objects.filter(funder_authority=authority, year=year, instrument__in=ONE_PERCENT_INSTRUMENTS)
        .select_related("project")
        .order_by("project__title", "pk")
    )
    lines_by_service = {}
    for line in lines:
        line.project_url = project_url(line.project)
        lines_by_service.setdefault(SERVICE_OF_INSTRUMENT[line.instrument], []).append(line)
    positions = [
        {"position": position, "lines": lines_by_service.get(position.service, [])}
        for position in one_percent_position(authority, year)
    ]
    context = {
        "scope": scope,
        "authority": authority,
        "year": year,
        "year_form": YearForm(initial={"year": year}),
        "form": form,
        "positions": positions,
        "may_record": perms.can_record_service_budgets(request.user, authority),
    }
    return render(request, "workspace/funding/one_percent.html", context)
