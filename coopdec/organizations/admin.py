from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeAdmin, BackOfficeInline

from .models import Contact, Organization


class ContactInline(BackOfficeInline, admin.TabularInline):
    model = Contact


@admin.register(Organization)
class OrganizationAdmin(BackOfficeAdmin):
    list_display = ["name", "acronym", "kind", "country", "authority", "iati_ref"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "acronym", "siren", "siret", "iati_ref"]
    autocomplete_fields = ["country", "authority"]
    list_select_related = ["country", "authority"]
    inlines = [ContactInline]
