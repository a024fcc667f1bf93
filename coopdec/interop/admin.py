"""Back-office for IATI publishers and import jobs."""

from django.contrib import admin

from .models import IatiPublisher, ImportJob


@admin.register(IatiPublisher)
class IatiPublisherAdmin(admin.ModelAdmin):
    list_display = ["org_ref", "authority", "org_type"]
    search_fields = ["org_ref", "authority__name", "authority__code"]
    autocomplete_fields = ["authority"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "mode", "on_error", "created_by", "created_at"]
    list_filter = ["status", "mode"]
    readonly_fields = ["created_by", "file_name", "authority", "status", "bytes_total", "bytes_read", "report", "error"]
    fields = [
        "file_name",
        "created_by",
        "authority",
        "mode",
        "on_error",
        "status",
        "bytes_total",
        "bytes_read",
        "report",
        "error",
    ]
