from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeAdmin, BackOfficeInline, RecordsAuthorAdmin

from .models import Affiliation, AffiliationContribution, Delegate, Partnership, Party


class PartyInline(BackOfficeInline, admin.TabularInline):
    model = Party
    autocomplete_fields = ["authority", "organization", "country"]


@admin.register(Partnership)
class PartnershipAdmin(RecordsAuthorAdmin):
    list_display = ["title", "kind", "status", "signed_on", "visibility", "is_demo", "is_synthetic"]
    list_filter = ["kind", "status", "visibility", "is_demo", "is_synthetic"]
    search_fields = ["title", "parties__authority__name"]
    autocomplete_fields = ["renewal_of"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    date_hierarchy = "signed_on"
    inlines = [PartyInline]

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


class ContributionInline(BackOfficeInline, admin.TabularInline):
    model = AffiliationContribution


@admin.register(Affiliation)
class AffiliationAdmin(BackOfficeAdmin):
    list_display = ["authority", "organization", "status", "since", "until"]
    list_filter = ["status"]
    search_fields = ["authority__name", "organization__name", "organization__acronym"]
    autocomplete_fields = ["authority", "organization"]
    list_select_related = ["authority", "organization"]
    inlines = [ContributionInline]


@admin.register(Delegate)
class DelegateAdmin(BackOfficeAdmin):
    list_display = ["person", "authority", "country", "post", "starts_on", "ends_on"]
    search_fields = ["person", "post", "authority__name"]
    autocomplete_fields = ["authority", "country", "host_organization"]
    list_select_related = ["authority", "country"]
