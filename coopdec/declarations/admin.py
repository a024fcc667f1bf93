"""The back-office shows campaigns and declarations read-only: every change goes through the workspace's pages,
which call the services (the rules on versions and deadlines live there)."""

from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeAdmin

from .models import Campaign, Declaration, DeclarationVersion


class ReadOnlyAdmin(BackOfficeAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["year", "opens_on", "closes_on", "is_synthetic"]
    fields = readonly_fields = ("year", "opens_on", "closes_on", "introduction_fr", "introduction_en", "created_by")


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ["authority", "year", "status", "is_synthetic"]
    list_filter = ["year", "status"]
    search_fields = ["authority__name", "authority__code"]
    list_select_related = ["authority"]
    fields = readonly_fields = ("authority", "year", "region", "status", "validated_version", "created_by")


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "submitted_at", "outcome", "total", "oda_total"]
    list_filter = ["outcome"]
    search_fields = ["receipt_number"]
    fields = readonly_fields = (
        "declaration", "number", "receipt_number", "submitted_at", "submitted_by", "outcome", "decided_at",
        "decided_by", "comment", "total", "oda_total",
    )  # fmt: skip
