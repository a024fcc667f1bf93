"""Who may send, decide and follow an interest, and what the workflow services write."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from coopdec.matchmaking import perms, workflow_services
from coopdec.matchmaking.models import Interest, InterestStatus, Pairing, PairingStage, StageChange

from .workflow_fixtures import *  # noqa: F403  (the fixtures)

ROLES = ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin", "fr_member", "ma_member"]


def send(fr_member, ma_offer, fr_company, **kwargs):
    return workflow_services.send_interest(
        author=fr_member, profile=ma_offer, organization=fr_company, message="Bonjour", **kwargs
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_a_member_of_another_organisation_may_send_an_interest(role, roles, ma_offer):
    assert perms.can_send_interest(roles[role], ma_offer) is (role == "fr_member")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owners_members_decide_an_interest(role, roles, ma_offer, fr_company, fr_member):
    interest = send(fr_member, ma_offer, fr_company)
    assert perms.can_decide_interest(roles[role], interest) is (role == "ma_member")


@pytest.mark.parametrize("role", ROLES)
def test_contacts_are_seen_by_both_sides_and_coordinators_once_accepted_only(
    role, roles, ma_offer, fr_company, fr_member, ma_member
):
    interest = send(fr_member, ma_offer, fr_company)
    assert not perms.can_see_contacts(roles[role], interest)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)
    allowed = role in {"fr_member", "ma_member", "coordinator", "platform_admin"}
    assert perms.can_see_contacts(roles[role], interest) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_both_sides_members_and_nobody_else_move_a_pairing(role, roles, ma_offer, fr_company, fr_member, ma_member):
    interest = send(fr_member, ma_offer, fr_company)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)
    assert perms.can_move_pairing(roles[role], interest.pairing) is (role in {"fr_member", "ma_member"})


@pytest.mark.parametrize("role", ROLES)
def test_a_regions_dashboard_is_seen_by_its_members_and_coordinators(role, roles, authority_a):
    allowed = role in {"editor_a", "admin_a", "coordinator", "platform_admin"}
    assert perms.can_view_matchmaking_dashboard(roles[role], authority_a) is allowed


def test_an_anonymous_sender_is_named_to_the_owner_only_after_acceptance(
    ma_offer, fr_company, fr_member, ma_member, coordinator
):
    interest = send(fr_member, ma_offer, fr_company, is_anonymous=True)
    assert not perms.can_see_sender(ma_member, interest)
    assert perms.can_see_sender(fr_member, interest) and perms.can_see_sender(coordinator, interest)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)
    assert perms.can_see_sender(ma_member, interest)


def test_an_organisation_expresses_its_interest_in_a_profile_once(ma_offer, fr_company, fr_member):
    send(fr_member, ma_offer, fr_company)
    with translation.override("en"), pytest.raises(ValidationError, match="already expressed"):
        send(fr_member, ma_offer, fr_company)
    assert Interest.objects.count() == 1


def test_nobody_expresses_an_interest_in_their_own_organisations_profile(ma_offer, ma_company, ma_member):
    with pytest.raises(PermissionDenied):
        workflow_services.send_interest(author=ma_member, profile=ma_offer, organization=ma_company, message="x")
    assert not Interest.objects.exists()


def test_accepting_starts_a_pairing_at_the_contact_stage_with_its_history(ma_offer, fr_company, fr_member, ma_member):
    interest = send(fr_member, ma_offer, fr_company)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True, answer="Avec plaisir")
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED and interest.decided_by == ma_member
    pairing = Pairing.objects.get(interest=interest)
    assert pairing.stage == PairingStage.CONTACT
    assert list(pairing.history.values_list("stage", flat=True)) == ["contact"]


def test_declining_starts_no_pairing_and_cannot_be_decided_again(ma_offer, fr_company, fr_member, ma_member):
    interest = send(fr_member, ma_offer, fr_company)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=False)
    assert interest.status == InterestStatus.DECLINED and not Pairing.objects.exists()
    with pytest.raises(PermissionDenied):
        workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)


@pytest.fixture
def pairing(ma_offer, fr_company, fr_member, ma_member):
    interest = send(fr_member, ma_offer, fr_company)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)
    return interest.pairing


def test_a_pairing_moves_through_its_stages_to_a_signed_agreement(pairing, fr_member, ma_member):
    workflow_services.move_pairing(author=fr_member, pairing=pairing, stage=PairingStage.MEETING, note="Salon SIAL")
    workflow_services.move_pairing(author=ma_member, pairing=pairing, stage=PairingStage.NEGOTIATION)
    workflow_services.move_pairing(
        author=fr_member, pairing=pairing, stage=PairingStage.AGREEMENT, agreement_type="commercial"
    )
    pairing.refresh_from_db()
    assert pairing.stage == "agreement" and pairing.agreement_type == "commercial"
    assert list(pairing.history.values_list("stage", flat=True)) == ["contact", "meeting", "negotiation", "agreement"]
    assert "Salon SIAL" in pairing.notes
    with pytest.raises(PermissionDenied):  # signed: closed
        workflow_services.move_pairing(author=fr_member, pairing=pairing, stage=PairingStage.ABANDONED)


def test_a_signed_agreement_says_which_kind(pairing, fr_member):
    with pytest.raises(ValidationError) as error:
        workflow_services.move_pairing(author=fr_member, pairing=pairing, stage=PairingStage.AGREEMENT)
    assert "agreement_type" in error.value.error_dict
    assert StageChange.objects.filter(pairing=pairing).count() == 1


def test_a_stage_cannot_be_dated_in_the_future_or_before_the_start(pairing, fr_member):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError, match="future"):
        workflow_services.move_pairing(author=fr_member, pairing=pairing, stage=PairingStage.MEETING, on=tomorrow)
    with translation.override("en"), pytest.raises(ValidationError, match="before the pairing started"):
        workflow_services.move_pairing(
            author=fr_member, pairing=pairing, stage=PairingStage.MEETING, on=tomorrow - timedelta(days=30)
        )
