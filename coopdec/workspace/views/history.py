"""History pages: the versions of a partnership, project, funding line or service budget, and revert."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coopdec.lib.history import history_of

from .. import history as tracked_history


def _tracked_object(request, model: str, pk: int):
    tracked = tracked_history.TRACKED.get(model)
    if tracked is None:
        raise Http404
    obj = get_object_or_404(tracked.model._default_manager.select_related(*tracked.select_related), pk=pk)
    if not tracked.can_view(request.user, obj):
        raise PermissionDenied
    return tracked, obj


@login_required
def versions(request, model: str, pk: int):
    tracked, obj = _tracked_object(request, model, pk)
    page, rows = tracked_history.versions_page(obj, request.GET.get("page"))
    context = {
        "model": model,
        "label": tracked.label,
        "object": obj,
        "page": page,
        "versions": rows,
        "may_revert": tracked.can_revert(request.user, obj),
    }
    return render(request, "workspace/history.html", context)


@login_required
def revert(request, model: str, pk: int, history_id: int):
    """GET asks for confirmation, showing what would change; POST restores through the app's service."""
    tracked, obj = _tracked_object(request, model, pk)
    if not tracked.can_revert(request.user, obj):
        raise PermissionDenied
    record = get_object_or_404(history_of(obj).select_related("history_user"), history_id=history_id)
    if request.method == "POST":
        try:
            tracked.revert(obj=obj, to_history_id=history_id, author=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(object)s restored to its version of %(date)s.")
                % {"object": obj, "date": record.history_date.strftime("%Y-%m-%d %H:%M")},
            )
            return redirect("workspace:history", model, obj.pk)
    context = {
        "model": model,
        "label": tracked.label,
        "object": obj,
        "record": record,
        "changes": tracked_history.changes_to_restore(obj, record),
    }
    return render(request, "workspace/revert_confirm.html", context)
