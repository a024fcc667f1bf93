"""Public pages: home, search, map, statistics and sheets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "coopdec.atlas"
    verbose_name = _("Atlas")

    def ready(self):
        from .search import sync

        sync.connect()
