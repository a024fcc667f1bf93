"""``{% reviewed_calls user as calls %}``: the calls a person was invited to review, for their dashboard."""

from django import template

from coopdec.accounts.perms import signed_in
from coopdec.calls.models import Call

register = template.Library()


@register.simple_tag
def reviewed_calls(user) -> list[Call]:
    """The calls whose reviewer ``user`` is, latest year first (one query; none for a visitor)."""
    if not signed_in(user):
        return []
    return list(Call.objects.filter(reviewers__user=user).order_by("-year", "name_fr"))
