from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "coopdec.calls"
    verbose_name = _("Calls for projects")
    default_auto_field = "django.db.models.BigAutoField"
