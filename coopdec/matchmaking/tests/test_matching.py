from datetime import date, timedelta

import pytest

from coopdec.matchmaking import services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.matching import sentences, suggest_matches
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import PartnershipStatus
from coopdec.partnerships.factories import partnership_between

OFFER, REQUEST = ProfileKind.BUSINESS_OFFER, ProfileKind.BUSINESS_REQUEST


@pytest.fixture
def fabric(french_company, moroccan_company, polish_company, write_profile):
    """A French request for olive oil, and offers and requests of the same trade and others around it."""
    return {
        "request": write_profile(
            french_company,
            REQUEST,
            "Nous cherchons un producteur d'huile d'olive vierge extra pour nos épiceries fines.",
            sectors=["46.33"],
        ),
        "moroccan_offer": write_profile(
            moroccan_company,
            OFFER,
            "تعاونية تنتج زيت الزيتون البكر الممتاز وتبحث عن موزعين في أوروبا.",
            sectors=["10.41"],
        ),
        "moroccan_request": write_profile(
            moroccan_company, REQUEST, "نبحث عن مورد لزيت الزيتون البكر الممتاز.", sectors=["10.41"]
        ),
        "polish_offer": write_profile(
            polish_company, OFFER, "Produkujemy oprogramowanie księgowe dla małych firm.", sectors=["62.01"]
        ),
        "french_offer": write_profile(
            french_company, OFFER, "Nous produisons de l'huile d'olive en Provence.", sectors=["10.41"]
        ),
    }


def ids(matches):
    return [match.profile_id for match in matches]


def test_a_french_request_finds_the_arabic_written_offer_of_the_same_trade_first(
    fabric, moroccan_company, write_profile
):
    write_profile(moroccan_company, OFFER, "شركة لتطوير البرمجيات المحاسبية للمؤسسات الصغيرة.")
    write_profile(moroccan_company, OFFER, "مصنع للنسيج والملابس الجاهزة يبحث عن شركاء.")
    matches = suggest_matches(fabric["request"])
    assert ids(matches)[0] == fabric["moroccan_offer"].pk


def test_an_offer_is_never_suggested_for_an_offer_nor_a_request_for_a_request(fabric):
    for query in fabric.values():
        for match in suggest_matches(query, explain=False):
            assert {query.kind, match.profile.kind} == {OFFER, REQUEST}


def test_research_requests_meet_research_requests_but_never_themselves(moroccan_company, polish_company, write_profile):
    first = write_profile(
        moroccan_company, ProfileKind.RESEARCH_REQUEST, "Dessalement de l'eau de mer par énergie solaire."
    )
    second = write_profile(polish_company, ProfileKind.RESEARCH_REQUEST, "Solar desalination research consortium.")
    write_profile(polish_company, ProfileKind.TECHNOLOGY_OFFER, "Solar desalination membranes.")
    assert ids(suggest_matches(first)) == [second.pk]


def test_an_organisations_own_profiles_are_never_suggested(fabric):
    assert fabric["french_offer"].pk not in ids(suggest_matches(fabric["request"]))


def test_drafts_expired_and_past_expiry_profiles_are_never_suggested(fabric, moroccan_company, write_profile):
    offer = "Nous produisons de l'huile d'olive."
    draft = write_profile(moroccan_company, OFFER, offer, status=ProfileStatus.DRAFT)
    expired = write_profile(moroccan_company, OFFER, offer, status=ProfileStatus.EXPIRED)
    past = write_profile(moroccan_company, OFFER, offer, expires_on=date.today() - timedelta(days=1))
    found = ids(suggest_matches(fabric["request"]))
    assert {draft.pk, expired.pk, past.pk}.isdisjoint(found)
    assert fabric["moroccan_offer"].pk in found


def test_profiles_outside_the_target_countries_are_never_suggested(fabric, poland):
    services.update_profile(author=None, profile=fabric["request"], target_countries=[poland])
    matches = suggest_matches(fabric["request"])
    assert ids(matches) == [fabric["polish_offer"].pk]
    assert matches[0].territory.query_targets_candidate_country


def test_a_profile_targeting_other_countries_is_not_suggested_to_a_query_from_elsewhere(fabric, morocco):
    services.update_profile(author=None, profile=fabric["polish_offer"], target_countries=[morocco])
    assert fabric["polish_offer"].pk not in ids(suggest_matches(fabric["request"]))


def test_the_organisation_kind_sought_is_a_hard_filter(fabric, poland, write_profile):
    university = OrganizationFactory(kind=OrganizationKind.UNIVERSITY, country=poland)
    lab_offer = write_profile(university, OFFER, "Analyses de la qualité de l'huile d'olive.")
    services.update_profile(author=None, profile=fabric["request"], target_organization_kinds=["university"])
    assert ids(suggest_matches(fabric["request"])) == [lab_offer.pk]


def test_reasons_give_the_shared_sectors_the_convention_and_the_country_fit(fabric, authority_b, tanger, morocco):
    convention = partnership_between(authority_b, tanger, status=PartnershipStatus.IN_FORCE)
    partnership_between(authority_b, tanger, status=PartnershipStatus.DRAFT)  # not active: not a reason
    services.update_profile(
        author=None, profile=fabric["request"], sectors=["10.41", "46.33"], target_countries=[morocco]
    )
    services.update_profile(author=None, profile=fabric["moroccan_offer"], sectors=["10.41", "10.39"])
    match = suggest_matches(fabric["request"])[0]
    assert match.profile_id == fabric["moroccan_offer"].pk
    assert [(s.query_code, s.candidate_code, s.level) for s in match.shared_sectors] == [("10.41", "10.41", "class")]
    assert match.partnership_ids == [convention.pk]
    assert match.territory.query_targets_candidate_country
    assert not match.territory.candidate_targets_query_country
    assert 0.3 < match.similarity < 1
    assert match.sector_score == 1.0


def test_sectors_of_the_same_group_or_division_count_less_than_the_same_class(fabric):
    services.update_profile(author=None, profile=fabric["moroccan_offer"], sectors=["10.42"])
    services.update_profile(author=None, profile=fabric["request"], sectors=["10.41"])
    match = next(m for m in suggest_matches(fabric["request"]) if m.profile_id == fabric["moroccan_offer"].pk)
    assert [(s.candidate_code, s.level) for s in match.shared_sectors] == [("10.42", "group")]
    assert match.sector_score == pytest.approx(0.6)
    services.update_profile(author=None, profile=fabric["moroccan_offer"], sectors=["10.71"])
    match = next(m for m in suggest_matches(fabric["request"]) if m.profile_id == fabric["moroccan_offer"].pk)
    assert [(s.candidate_code, s.level) for s in match.shared_sectors] == [("10.71", "division")]


def test_an_active_convention_between_the_home_authorities_raises_the_score(fabric, authority_b, tanger):
    before = next(m for m in suggest_matches(fabric["request"]) if m.profile_id == fabric["moroccan_offer"].pk)
    assert before.partnership_ids == []
    partnership_between(authority_b, tanger, status=PartnershipStatus.SIGNED)
    after = next(m for m in suggest_matches(fabric["request"]) if m.profile_id == fabric["moroccan_offer"].pk)
    assert after.score == pytest.approx(before.score + 0.10, abs=1e-3)


def test_the_matching_passage_is_the_pair_of_sentences_about_the_same_thing(
    french_company, moroccan_company, write_profile
):
    request = write_profile(
        french_company,
        REQUEST,
        "Notre société est basée à Lille depuis 1990. Nous cherchons un fournisseur de dattes Medjool biologiques. "
        "Nous avons vingt salariés.",
    )
    offer = write_profile(
        moroccan_company,
        OFFER,
        "Our cooperative was founded in Errachidia. We grow and export organic Medjool dates. "
        "We also offer guided tours of the oasis.",
    )
    passage = suggest_matches(request)[0].passage
    assert sentences(offer.description) == [
        "Our cooperative was founded in Errachidia.",
        "We grow and export organic Medjool dates.",
        "We also offer guided tours of the oasis.",
    ]
    assert passage.query_sentence == "Nous cherchons un fournisseur de dattes Medjool biologiques."
    assert passage.candidate_sentence == "We grow and export organic Medjool dates."


def test_a_newly_published_profile_is_suggested_at_once(fabric, poland, write_profile):
    first = ids(suggest_matches(fabric["request"]))
    company = OrganizationFactory(kind=OrganizationKind.COMPANY, country=poland)
    newcomer = write_profile(company, OFFER, "Tłocznia oliwy z oliwek extra virgin, eksport do Francji.")
    assert newcomer.pk not in first
    assert newcomer.pk in ids(suggest_matches(fabric["request"]))


def test_sentences_are_split_in_latin_arabic_and_chinese_scripts():
    assert sentences("Un. Deux ! Trois ?") == ["Un.", "Deux !", "Trois ?"]
    assert sentences("نحن شركة؟ نعم.") == ["نحن شركة؟", "نعم."]
    assert sentences("我们生产橄榄油。我们寻找经销商。") == ["我们生产橄榄油。", "我们寻找经销商。"]
