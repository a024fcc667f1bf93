"""What every workspace page needs: the chosen authority, or the page that asks to choose one."""

from django.shortcuts import render

from coopdec.accounts.scope import Scope, workspace_scope

__all__ = ["Scope", "no_authority", "workspace_scope"]


def no_authority(request, scope: Scope, title):
    """A coordinator has not chosen an authority yet, or the user belongs to none."""
    return render(request, "workspace/no_authority.html", {"scope": scope, "title": title})
