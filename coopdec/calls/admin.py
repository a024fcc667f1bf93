"""The back-office shows calls and applications read-only: every change goes through the services (the rules on
submitted applications and frozen versions live there)."""

from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeAdmin, BackOfficeInline

from .models import Application, ApplicationVersion, Award, Call, CeilingRule, Criterion, Report, Tranche, TrancheRule


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, BackOfficeAdmin):
    pass


class ReadOnlyInline(ReadOnly, BackOfficeInline, admin.TabularInline):
    pass


class CeilingInline(ReadOnlyInline):
    model = CeilingRule
    fields = readonly_fields = ("oda_category", "percent")


class TrancheInline(ReadOnlyInline):
    model = TrancheRule
    fields = readonly_fields = ("number", "share", "condition", "due_on")


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = readonly_fields = ("position", "label_fr", "label_en", "weight", "scale")


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["name_fr", "year", "kind", "envelope", "is_synthetic"]
    list_filter = ["year", "kind"]
    search_fields = ["name_fr", "name_en"]
    inlines = [CeilingInline, TrancheInline, CriterionInline]
    fields = readonly_fields = (
        "name_fr", "name_en", "year", "kind", "partner_country", "two_steps", "opens_on", "closes_on",
        "full_opens_on", "full_closes_on", "envelope", "eligible_categories", "documents", "multi_country_ceiling",
        "min_own_share", "max_in_kind_share", "cash_only", "min_grant", "max_grant", "min_monitoring_share",
        "group_rule", "requires_convention", "requires_council_decision", "requires_earlier_reports",
        "requires_last_declaration", "copied_from", "created_by",
    )  # fmt: skip


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["title", "call", "authority", "status", "step"]
    list_filter = ["status", "step"]
    search_fields = ["title", "authority__name"]
    list_select_related = ["call", "authority"]
    fields = readonly_fields = ("call", "authority", "project", "title", "step", "status", "partnership", "created_by")


@admin.register(ApplicationVersion)
class ApplicationVersionAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "submitted_at", "outcome", "asked", "total"]
    list_filter = ["outcome"]
    search_fields = ["receipt_number"]
    fields = readonly_fields = (
        "application", "number", "receipt_number", "submitted_at", "submitted_by", "step", "asked", "total",
        "outcome", "decided_at", "decided_by", "comment",
    )  # fmt: skip


class PlannedTrancheInline(ReadOnlyInline):
    model = Tranche
    fields = readonly_fields = ("number", "share", "amount", "condition", "due_on", "report", "released_on",
                                "disbursement")  # fmt: skip


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["number", "application", "amount", "decided_on"]
    search_fields = ["number", "application__title"]
    list_select_related = ["application"]
    inlines = [PlannedTrancheInline]
    fields = readonly_fields = ("number", "application", "amount", "conditions", "funding", "decided_on", "decided_by")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "due_on", "status", "filed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["application__title"]
    list_select_related = ["application"]
    fields = readonly_fields = (
        "application", "kind", "due_on", "status", "narrative", "spending", "indicators", "filed_at", "filed_by",
        "reviewed_at", "reviewed_by", "comment", "reminded_at",
    )  # fmt: skip
