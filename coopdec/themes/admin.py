from django.contrib import admin

from coopdec.accounts.backoffice import BackOfficeAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(BackOfficeAdmin):
    list_display = ["label_fr", "label_en", "code", "dac_codes", "sdgs", "position"]
    search_fields = ["label_fr", "label_en", "code"]
    ordering = ["position"]
