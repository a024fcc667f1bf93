from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coopdec.accounts.backoffice import BackOfficeAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(BackOfficeAdmin):
    """Tokens are listed and revoked here; they are created with ``manage.py create_api_token``.

    The key is shown once, by that command; the back-office never sees it, nor its hash.
    """

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.update(revoked=True)
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count})
