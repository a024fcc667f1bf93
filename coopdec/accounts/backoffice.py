"""The back-office's base ModelAdmin: the Django admin is for coordinators, as ``accounts.perms`` decides."""

from django.contrib import admin

from .perms import can_use_back_office, is_platform_admin


class BackOfficeAdmin(admin.ModelAdmin):
    """Coordinators view, add and change everything; deleting is for the platform administrator."""

    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) on 40,000 authorities per page is wasted time

    def has_module_permission(self, request):
        return can_use_back_office(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_back_office(request.user)

    def has_add_permission(self, request):
        return can_use_back_office(request.user)

    def has_change_permission(self, request, obj=None):
        return can_use_back_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request.user)


class BackOfficeInline:
    """Mixin for inlines, with the same policy as ``BackOfficeAdmin``."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return can_use_back_office(request.user)

    def has_add_permission(self, request, obj=None):
        return can_use_back_office(request.user)

    def has_change_permission(self, request, obj=None):
        return can_use_back_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_use_back_office(request.user)


class RecordsAuthorAdmin(BackOfficeAdmin):
    """For models with ``created_by``: the back-office fills it in with whoever creates the row."""

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
