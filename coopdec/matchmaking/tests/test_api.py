import pytest
from django.test import Client

from coopdec.api.models import ApiToken
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.models import Profile


@pytest.fixture
def api():
    return Client(headers={"Accept-Language": "en"})


def bearer(user):
    _token, key = ApiToken.objects.issue(user=user, name="test")
    return {"Authorization": f"Bearer {key}"}


def test_the_sector_suggestion_endpoint_answers_anyone_with_ranked_classes(api, db):
    response = api.get("/api/matchmaking/sectors/suggest", {"text": "مخبزة تقليدية تنتج الخبز", "limit": 25})
    assert response.status_code == 200
    ranked = response.json()["ranked"]
    assert len(ranked) == 25 and ranked[0]["code"] == "10.71"


def test_matches_come_with_their_reasons(api, french_company, moroccan_company, write_profile):
    request = write_profile(french_company, ProfileKind.BUSINESS_REQUEST, "Nous cherchons de l'huile d'olive.")
    offer = write_profile(
        moroccan_company, ProfileKind.BUSINESS_OFFER, "نحن ننتج زيت الزيتون البكر.", sectors=["10.41"]
    )
    response = api.get(f"/api/matchmaking/profiles/{request.pk}/matches")
    assert response.status_code == 200
    [match] = response.json()
    assert match["profile"]["id"] == offer.pk and match["profile"]["sectors"] == ["10.41"]
    assert match["passage"]["candidate_sentence"] == "نحن ننتج زيت الزيتون البكر."
    assert match["shared_sectors"] == [] and match["partnerships"] == []


def test_a_draft_is_hidden_from_visitors(api, french_company, write_profile):
    draft = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Huile.", status=ProfileStatus.DRAFT)
    assert api.get(f"/api/matchmaking/profiles/{draft.pk}").status_code == 404
    assert api.get("/api/matchmaking/profiles").json()["items"] == []


@pytest.mark.parametrize(
    ("role", "status"),
    [("visitor", 401), ("editor_a", 403), ("editor_b", 403), ("member", 201), ("coordinator", 201)],
)
def test_who_may_write_a_profile_through_the_api(api, cast, role, status, french_company, member_of, morocco):
    user = member_of(french_company) if role == "member" else cast[role]
    body = {
        "organization": french_company.pk,
        "kind": "business_request",
        "title": "Huile d'olive",
        "description": "Nous cherchons de l'huile d'olive.",
        "sectors": ["46.33"],
        "target_countries": ["ma"],
    }
    headers = bearer(user) if user else {}
    response = api.post("/api/matchmaking/profiles", body, content_type="application/json", headers=headers)
    assert response.status_code == status
    if status == 201:
        assert response.json()["target_countries"] == ["MA"]
        profile = Profile.objects.get()
        assert profile.vector() is not None
        changed = api.patch(
            f"/api/matchmaking/profiles/{profile.pk}", {"sectors": ["99.99"]}, content_type="application/json",
            headers=headers,
        )  # fmt: skip
        assert changed.status_code == 422
    else:
        assert not Profile.objects.exists()
