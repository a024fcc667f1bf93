"""Back-office for countries and the ~70,000 reference authorities: folded-accent search, no full counts."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopdec.accounts.backoffice import BackOfficeAdmin, BackOfficeInline
from coopdec.lib.text import fold

from .models import Authority, Country, OdaStatus
from .selectors import search_authorities


class OdaStatusInline(BackOfficeInline, admin.TabularInline):
    model = OdaStatus


@admin.register(Country)
class CountryAdmin(BackOfficeAdmin):
    list_display = ["code", "name_fr", "name_en", "zone", "oda_category"]
    list_filter = ["zone", "oda_category"]
    search_fields = ["code", "iso3", "search_text"]
    inlines = [OdaStatusInline]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        words = fold(term).split()
        by_name = Q(*[Q(search_text__contains=word) for word in words]) if words else Q(pk__in=[])
        return queryset.filter(by_name | Q(code__iexact=term) | Q(iso3__iexact=term)), False


@admin.register(Authority)
class AuthorityAdmin(BackOfficeAdmin):
    list_display = ["name", "kind", "country", "code", "insee_code", "population", "is_french", "status"]
    list_filter = ["status", "is_french", "level", "kind", "country__zone"]
    # Declared for the admin's checks and autocomplete; the search itself is get_search_results'.
    search_fields = ["code", "search_text"]
    search_help_text = _("Name in any usual spelling (accents optional), or an exact code, INSEE, SIREN or ISO code.")
    autocomplete_fields = ["parent", "country"]
    list_select_related = ["country"]
    readonly_fields = ["search_text", "proposed_by", "proposed_for", "proposed_at"]

    def get_search_results(self, request, queryset, search_term):
        """Every word of the term in the folded names, or the term as an exact code; never a duplicate row."""
        if not search_term.strip():
            return queryset, False
        return search_authorities(search_term, authorities=queryset), False
