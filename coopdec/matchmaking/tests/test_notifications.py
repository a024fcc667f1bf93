"""E-mails of the workflow: who receives them, and in which language."""

import pytest
from django.core import mail
from django.test import override_settings

from coopdec.matchmaking import workflow_services
from coopdec.matchmaking.models import PairingStage

from .workflow_fixtures import *  # noqa: F403  (the fixtures)


def body_of(email_address):
    return [m for m in mail.outbox if m.to == [email_address]]


@override_settings(MATCHMAKING_NOTIFY_THRESHOLD=0.3)
def test_publishing_a_profile_mails_the_owners_of_the_profiles_it_matches(
    fr_request, ma_offer, ma_member, fr_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow_services.publish_profile(author=fr_member, profile=fr_request)
    [email] = body_of("sales@atlas.example")
    assert fr_request.title in email.subject and ma_offer.title in email.body
    assert body_of("buyer@flandres.example") == []


@override_settings(MATCHMAKING_NOTIFY_THRESHOLD=0.99)
def test_matches_below_the_threshold_are_not_announced(
    fr_request, ma_offer, ma_member, fr_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow_services.publish_profile(author=fr_member, profile=fr_request)
    assert mail.outbox == []


@pytest.fixture
def sent(ma_offer, fr_company, fr_member, ma_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return workflow_services.send_interest(
            author=fr_member, profile=ma_offer, organization=fr_company, message="Bonjour", is_anonymous=True
        )


def test_the_owners_are_told_of_an_interest_without_the_anonymous_senders_name(sent):
    [email] = body_of("sales@atlas.example")
    assert "Biscuiterie des Flandres" not in email.subject + email.body
    assert f"/matchmaking/interests/{sent.pk}/" in email.body


def test_an_email_is_in_the_recipients_language_of_emails_else_in_french(
    sent, ma_member, fr_member, django_capture_on_commit_callbacks
):
    # French is the default and unprefixed; a recipient who used the English pages gets /en/ links.
    [french] = body_of("sales@atlas.example")
    assert f" /matchmaking/interests/{sent.pk}/" in french.body or french.body.endswith(
        f"/matchmaking/interests/{sent.pk}/"
    )
    assert "/en/" not in french.body
    fr_member.language = "en"  # chosen on their account page
    fr_member.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_services.decide_interest(author=ma_member, interest=sent, accept=False)
    [english] = body_of("buyer@flandres.example")
    assert f"/en/matchmaking/interests/{sent.pk}/" in english.body and "declined" in english.subject


def test_the_sender_is_told_of_acceptance_and_both_sides_of_stage_changes_but_the_author(
    sent, ma_member, fr_member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_services.decide_interest(author=ma_member, interest=sent, accept=True)
    [accepted] = body_of("buyer@flandres.example")
    assert "a été accepté" in accepted.subject  # no language known: French
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_services.move_pairing(author=ma_member, pairing=sent.pairing, stage=PairingStage.MEETING)
    assert [m.to for m in mail.outbox] == [["buyer@flandres.example"]]
    assert f"/matchmaking/pairings/{sent.pairing.pk}/" in mail.outbox[0].body
