from django.contrib import admin

from coopdec.lib.admin import BackOfficeAdmin

from .models import Authority, Country, OdaStatus


class OdaStatusInline(admin.TabularInline):
    model = OdaStatus
    extra = 0


@admin.register(Country)
class CountryAdmin(BackOfficeAdmin):
    list_display = ["code", "name_fr", "name_en", "zone", "oda_category"]
    list_filter = ["zone", "oda_category"]
    search_fields = ["code", "iso3", "search_text"]
    inlines = [OdaStatusInline]


@admin.register(Authority)
class AuthorityAdmin(BackOfficeAdmin):
    list_display = ["name", "kind", "country", "code", "insee_code", "population", "is_french", "status"]
    list_filter = ["is_french", "level", "kind", "status"]
    search_fields = ["code", "search_text"]
    autocomplete_fields = ["parent", "country"]
    list_select_related = ["country"]
