from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "coopdec.lib.queue"
    label = "queue"
    verbose_name = _("Task queue")
