"""``{% has_workspace user as show %}``: whether the navigation offers the user a workspace."""

from django import template

from coopdec.accounts.perms import authority_ids_of, is_coordinator

register = template.Library()


@register.simple_tag
def has_workspace(user) -> bool:
    """Members of an authority and coordinators have one (the memberships are cached on the user per request)."""
    return is_coordinator(user) or bool(authority_ids_of(user))
