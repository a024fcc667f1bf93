from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coopdec.accounts.backoffice import BackOfficeAdmin

from .models import ServiceBudget


@admin.register(ServiceBudget)
class ServiceBudgetAdmin(SimpleHistoryAdmin, BackOfficeAdmin):
    list_display = ["authority", "year", "service", "own_resources", "currency"]
    list_filter = ["service", "year"]
    search_fields = ["authority__name", "authority__code"]
    autocomplete_fields = ["authority"]
    list_select_related = ["authority"]
    readonly_fields = ["recorded_by", "updated_at"]
