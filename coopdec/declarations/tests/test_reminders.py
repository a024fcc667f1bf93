import datetime as dt

import pytest
from django.core import mail

from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.declarations import services
from coopdec.declarations.models import Reminder
from coopdec.declarations.reminders import due_kind, send_reminders
from coopdec.declarations.tasks import send_declaration_reminders
from coopdec.lib.queue.schedules import SCHEDULES, enqueue_due
from coopdec.territories.factories import AuthorityFactory

pytestmark = pytest.mark.urls("coopdec.declarations.tests.urls")

OPENING = dt.date(2026, 4, 15)  # the ``campaign`` fixture: 15 April to 31 May 2026
CLOSING = dt.date(2026, 5, 31)


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_kind_due_is_the_latest_one(campaign):
    assert due_kind(campaign, CLOSING, OPENING - dt.timedelta(days=1)) is None
    assert due_kind(campaign, CLOSING, OPENING) == "opening"
    assert due_kind(campaign, CLOSING, dt.date(2026, 5, 16)) == "opening"
    assert due_kind(campaign, CLOSING, dt.date(2026, 5, 17)) == "days_14"
    assert due_kind(campaign, CLOSING, dt.date(2026, 5, 28)) == "days_3"
    assert due_kind(campaign, CLOSING, CLOSING) == "days_3"
    assert due_kind(campaign, CLOSING, dt.date(2026, 6, 1)) == "late"
    assert due_kind(campaign, CLOSING, dt.date(2026, 6, 30)) is None  # past the late window


def test_members_of_authorities_that_have_not_submitted_get_the_opening_reminder_once(
    campaign, editor_a, admin_a, editor_b, mailoutbox
):
    assert send_reminders(OPENING) == 3
    assert {m.to[0] for m in mailoutbox} == {editor_a.email, admin_a.email, editor_b.email}
    message = _to(editor_a.email)[0]
    assert message.subject == "La déclaration de l’aide de 2025 est ouverte"
    assert "Île-de-France" in message.body and "31 mai 2026" in message.body
    assert "http://testserver/workspace/declarations/" in message.body
    assert send_reminders(OPENING) == 0
    assert send_reminders(OPENING + dt.timedelta(days=1)) == 0
    assert len(mailoutbox) == 3
    assert Reminder.objects.filter(kind="opening").count() == 3


def test_reminders_are_written_in_each_recipients_language(campaign, editor_a, admin_a, editor_b, mailoutbox):
    editor_a.language, editor_b.language = "en", "ar"
    editor_a.save(update_fields=["language"])
    editor_b.save(update_fields=["language"])
    send_reminders(dt.date(2026, 5, 28))
    english, arabic, french = _to(editor_a.email)[0], _to(editor_b.email)[0], _to(admin_a.email)[0]
    assert english.subject == "Declaration of the aid of 2025: three days left"
    assert "May 31, 2026" in english.body and "http://testserver/en/workspace/declarations/" in english.body
    assert "http://testserver/ar/workspace/declarations/" in arabic.body
    assert arabic.subject != english.subject and "2025" in arabic.subject
    assert french.subject == "Déclaration de l’aide de 2025\u202f: plus que trois jours"


def test_no_reminder_to_an_authority_that_submitted(campaign, editor_a, editor_b, mailoutbox):
    declaration = services.start_declaration(author=editor_b, authority=editor_b.memberships.get().authority, year=2025)
    services.submit(author=editor_b, declaration=declaration, today=OPENING)
    mailoutbox.clear()
    assert send_reminders(dt.date(2026, 5, 20)) == 1
    assert [m.to for m in mailoutbox] == [[editor_a.email]]


def test_a_returned_declaration_is_reminded(campaign, editor_b, coordinator, mailoutbox):
    authority = editor_b.memberships.get().authority
    declaration = services.start_declaration(author=editor_b, authority=authority, year=2025)
    services.submit(author=editor_b, declaration=declaration, today=OPENING)
    services.return_declaration(author=coordinator, declaration=declaration, comment="Ajoutez la cotisation.")
    mailoutbox.clear()
    send_reminders(dt.date(2026, 5, 20))
    assert [m.subject for m in _to(editor_b.email)] == ["Déclaration de l’aide de 2025\u202f: plus que deux semaines"]


def test_a_campaign_opened_late_sends_one_reminder_not_four(coordinator, editor_a, mailoutbox):
    services.open_campaign(author=coordinator, year=2025, opens_on=dt.date(2026, 5, 21), closes_on=dt.date(2026, 5, 31))
    assert send_reminders(dt.date(2026, 5, 21)) == 1
    assert Reminder.objects.get().kind == "days_14"


def test_the_late_reminder_waits_for_an_extended_deadline(campaign, coordinator, editor_a, editor_b, mailoutbox):
    authority_a = editor_a.memberships.get().authority
    services.extend_deadline(author=coordinator, campaign=campaign, authority=authority_a, until=dt.date(2026, 6, 15))
    send_reminders(dt.date(2026, 6, 1))
    assert Reminder.objects.get(user=editor_b).kind == "late"
    assert _to(editor_b.email)[0].subject == "Déclaration de l’aide de 2025 : la date limite est passée"
    # Île-de-France has until 15 June: two weeks left for it, not late.
    assert Reminder.objects.get(user=editor_a).kind == "days_14"
    assert "15 juin 2026" in _to(editor_a.email)[0].body
    mailoutbox.clear()
    send_reminders(dt.date(2026, 6, 16))
    assert [m.to for m in mailoutbox] == [[editor_a.email]]
    assert "15 juin 2026" in mailoutbox[0].body and "passée" in mailoutbox[0].subject


def test_pending_and_inactive_members_get_no_reminder(campaign, editor_a, mailoutbox):
    authority = editor_a.memberships.get().authority
    MembershipFactory(authority=authority, status=MembershipStatus.PENDING, user__email="pending@example.org")
    gone = MembershipFactory(authority=authority, role=Role.EDITOR, user__email="gone@example.org").user
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    send_reminders(OPENING)
    assert {m.to[0] for m in mailoutbox} == {editor_a.email, "editor-b@example.org"}


def test_an_authority_not_asked_gets_no_reminder(campaign, mailoutbox):
    outsider = AuthorityFactory(name="Commune non invitée")
    MembershipFactory(authority=outsider, user__email="outsider@example.org")
    send_reminders(OPENING)
    assert not _to("outsider@example.org")


def test_the_task_sends_the_reminders(campaign, editor_a, mailoutbox, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: OPENING)
    assert send_declaration_reminders.call() == 2


def test_the_schedule_enqueues_the_reminder_task(campaign, editor_a, mailoutbox, monkeypatch):
    schedule = next(s for s in SCHEDULES if s.name == "declaration-reminders")
    assert schedule.task == "coopdec.declarations.tasks.send_declaration_reminders"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: OPENING)
    assert enqueue_due([schedule]) == ["declaration-reminders"]
    assert len(mailoutbox) == 2  # tasks run at once in tests
