from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeInline, RecordsAuthorAdmin

from .models import Disbursement, Funding, Participant, Place, Project, Result


class ParticipantInline(BackOfficeInline, admin.TabularInline):
    model = Participant
    autocomplete_fields = ["authority", "organization"]


class PlaceInline(BackOfficeInline, admin.TabularInline):
    model = Place
    autocomplete_fields = ["authority", "country"]


class FundingInline(BackOfficeInline, admin.TabularInline):
    model = Funding
    autocomplete_fields = ["funder_authority", "funder_organization"]


class DisbursementInline(BackOfficeInline, admin.TabularInline):
    model = Disbursement


class ResultInline(BackOfficeInline, admin.TabularInline):
    model = Result


@admin.register(Project)
class ProjectAdmin(RecordsAuthorAdmin):
    list_display = ["title", "lead_authority", "kind", "status", "budget", "currency", "visibility", "is_demo"]
    list_filter = ["kind", "status", "visibility", "is_demo", "is_synthetic"]
    search_fields = ["title", "iati_identifier", "lead_authority__name"]
    autocomplete_fields = ["lead_authority", "partnership"]
    list_select_related = ["lead_authority"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ParticipantInline, PlaceInline, FundingInline, DisbursementInline, ResultInline]
