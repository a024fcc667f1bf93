from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeAdmin

from . import services
from .models import Profile, Sector


@admin.register(Sector)
class SectorAdmin(BackOfficeAdmin):
    list_display = ["code", "level", "name_en", "name_fr"]
    list_filter = ["level"]
    search_fields = ["code", "name_en", "name_fr"]
    readonly_fields = ["code", "level", "parent", "name_en"]


@admin.register(Profile)
class ProfileAdmin(BackOfficeAdmin):
    list_display = ["title", "organization", "kind", "status", "expires_on", "is_demo", "embedding_model"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization", "target_countries", "target_authorities", "sectors"]
    list_select_related = ["organization"]
    readonly_fields = ["created_by", "embedding_model", "created_at", "updated_at", "is_demo"]

    def save_related(self, request, form, change):
        # The back-office edits fields one by one: refresh the embedding afterwards, as the services do.
        super().save_related(request, form, change)
        profile = form.instance
        if services.refresh_embeddings([profile]):
            profile.save()
