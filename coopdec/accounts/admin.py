from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from coopdec.lib.admin import BackOfficeAdmin

from .models import Membership, User


@admin.register(User)
class UserAdmin(BackOfficeAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_coordinator", "is_staff", "is_active"]
    list_filter = ["is_coordinator", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name"]}),
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
