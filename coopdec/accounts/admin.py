from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coopdec.accounts.backoffice import BackOfficeAdmin

from . import services
from .enums import Role
from .models import Membership, User


@admin.register(User)
class UserAdmin(BackOfficeAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_coordinator", "is_staff", "is_active"]
    list_filter = ["is_coordinator", "is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Roles"), {"fields": ["is_active", "is_coordinator", "is_staff", "is_superuser"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = []


@admin.register(Membership)
class MembershipAdmin(BackOfficeAdmin):
    list_display = ["user", "authority", "organization", "role", "status", "requested_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "authority__name", "organization__name"]
    autocomplete_fields = ["user", "authority", "organization"]
    list_select_related = ["user", "authority", "organization"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    actions = ["approve_as_editors", "approve_as_administrators", "reject"]

    def get_readonly_fields(self, request, obj=None):
        # A request is decided through the actions, which check who decides and tell the requester.
        if obj is not None:
            return [*self.readonly_fields, "status"]
        return self.readonly_fields

    def _decide(self, request, queryset, *, approve: bool, role: str = Role.EDITOR) -> None:
        profile_url = request.build_absolute_uri(reverse("accounts:profile"))
        decided, refused = 0, []
        for membership in queryset.select_related("user", "authority", "organization"):
            try:
                services.decide_membership(
                    membership=membership, decided_by=request.user, approve=approve, role=role, profile_url=profile_url
                )
            except PermissionDenied:
                refused.append(_("%(membership)s: you may not decide this request.") % {"membership": membership})
            except ValidationError as error:
                refused.append(f"{membership}: {' '.join(error.messages)}")
            else:
                decided += 1
        if decided:
            self.message_user(
                request,
                ngettext("%(count)d request decided.", "%(count)d requests decided.", decided) % {"count": decided},
                messages.SUCCESS,
            )
        for text in refused:
            self.message_user(request, text, messages.ERROR)

    @admin.action(description=_("Approve the selected requests, as editors"))
    def approve_as_editors(self, request, queryset):
        self._decide(request, queryset, approve=True, role=Role.EDITOR)

    @admin.action(description=_("Approve the selected requests, as administrators"))
    def approve_as_administrators(self, request, queryset):
        self._decide(request, queryset, approve=True, role=Role.ADMINISTRATOR)

    @admin.action(description=_("Decline the selected requests"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)
