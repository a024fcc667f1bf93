"""E-mails are queued in the request and sent by the worker's task."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult

from coopdec.lib.mail import send_later

pytestmark = pytest.mark.django_db


def test_an_email_waits_on_the_queue_until_a_worker_sends_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    send_later([EmailMessage("Bienvenue", "Corps", "from@example.org", ["to@example.org"]), EmailMessage("x", "y")])
    assert mail.outbox == [], "nothing is sent during the request"
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.status) == ("coopdec.lib.mail.send_emails", "READY")
    assert queued.task.call(*queued.args_kwargs["args"]) == 1, "a message without recipient is not queued"
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to) == ("Bienvenue", "Corps", ["to@example.org"])
