"""``{% may_import_iati user as allowed %}``: whether the workspace offers the user the IATI import page."""

from django import template

from coopdec.interop.perms import can_import_iati

register = template.Library()


@register.simple_tag
def may_import_iati(user) -> bool:
    return can_import_iati(user)
