from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "coopdec.interop"
    verbose_name = _("Interoperability")

    def ready(self):
        from . import tasks  # noqa: F401  (connects the import job to its task's end)
