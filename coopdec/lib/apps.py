from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    name = "coopdec.lib"
    verbose_name = _("Lib")
