"""Reviewers invited by e-mail, the ranking by average score with the envelope left, "Ask for changes" and a
reviewer's scores against the grid."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.accounts.factories import UserFactory
from coopdec.calls import decisions, services
from coopdec.calls.enums import ApplicationStatus
from coopdec.calls.models import Application, Reviewer, Score

from .conftest import OPEN_DAY, submitted


def score(reviewer, application, relevance, partnership):
    first, second = application.call.criteria.all()
    services.score_application(author=reviewer, application=application, marks={first: relevance, second: partnership})


# Reviewers ---------------------------------------------------------------------------------------------------------


def test_a_coordinator_invites_a_reviewer_by_e_mail(client, coordinator, call_2025):
    UserFactory(email="expert@example.org", first_name="Awa", last_name="Diop")
    client = client_for(client, coordinator)
    response = client.post(reverse("calls:reviewers", args=[call_2025.pk]), {"email": "Expert@example.org"})
    assert response.status_code == 302
    assert list(Reviewer.objects.filter(call=call_2025).values_list("user__email", flat=True)) == ["expert@example.org"]
    page = client.get(reverse("calls:reviewers", args=[call_2025.pk])).content.decode()
    assert "Awa Diop" in page and "coordinator@example.org" in page


def test_inviting_someone_without_an_account_is_refused_beside_the_field(client, coordinator, call_2025):
    response = client_for(client, coordinator).post(
        reverse("calls:reviewers", args=[call_2025.pk]), {"email": "nobody@example.org"}
    )
    assert response.context["form"].errors["email"] == [
        "Personne n’a de compte à cette adresse\u202f: demandez-lui d’en créer un d’abord."
    ]
    assert not Reviewer.objects.filter(call=call_2025).exists()


def test_the_reviewers_page_says_when_there_is_none(client, coordinator, call_2024):
    page = client_for(client, coordinator).get(reverse("calls:reviewers", args=[call_2024.pk])).content.decode()
    assert "Aucun évaluateur invité pour l’instant." in page


@pytest.mark.parametrize("role", ["visitor", "editor_a", "editor_b"])
def test_no_one_but_a_coordinator_invites(client, cast, call_2024, role):
    UserFactory(email="expert@example.org")
    client_for(client, cast[role]).post(
        reverse("calls:reviewers", args=[call_2024.pk]), {"email": "expert@example.org"}
    )
    assert not Reviewer.objects.filter(call=call_2024).exists()


def test_a_reviewer_cannot_invite_another(client, reviewer, call_2025):
    UserFactory(email="friend@example.org")
    response = client_for(client, reviewer).post(
        reverse("calls:reviewers", args=[call_2025.pk]), {"email": "friend@example.org"}
    )
    assert response.status_code == 403 and Reviewer.objects.filter(call=call_2025).count() == 1


# The ranking -------------------------------------------------------------------------------------------------------


def test_the_ranking_puts_the_best_average_first_with_the_amounts_and_the_envelope_left(
    client, coordinator, reviewer, awarding_call, application_a, application_b, editor_a, authority_a, armenia, project
):
    call_2025 = awarding_call
    draft = services.start_application(author=editor_a, call=call_2025, authority=authority_a, title="Brouillon")
    unscored = submitted(editor_a, call_2025, authority_a, armenia, title="Pas encore notée")
    score(reviewer, application_a, 3, 2)  # 2 × 3 + 1 × 2 = 8
    score(coordinator, application_a, 5, 5)  # 15: average 11.5
    score(reviewer, application_b, 5, 4)  # 14
    # Awarded less than it asked (40,000 €): the envelope loses what the decision awarded.
    Application.objects.filter(pk=application_b.pk).update(project=project)
    decisions.award_application(author=coordinator, application=application_b, amount=Decimal("35000"), today=OPEN_DAY)
    response = client_for(client, coordinator).get(reverse("calls:applications", args=[call_2025.pk]))
    rows = response.context["rows"]
    assert [row.title for row in rows] == ["Déchets à Gumri", "Eau potable à Erevan", "Pas encore notée"]
    assert draft.application.title not in [row.title for row in rows]
    assert [(row.average_display, row.scored_by) for row in rows] == [("14,00", 1), ("11,50", 2), ("", 0)]
    assert [row.asked_display for row in rows] == ["40\xa0000,00\xa0€", "50\xa0000,00\xa0€", "50\xa0000,00\xa0€"]
    assert (response.context["awarded"], response.context["left"]) == ("35\xa0000,00\xa0€", "1\xa0965\xa0000,00\xa0€")
    page = response.content.decode()
    assert "pas encore notée" in page and "sur 15" in page and "2 évaluateurs" in page
    assert unscored.pk in [row.pk for row in rows]


def test_the_ranking_says_when_nothing_is_submitted(client, coordinator, call_2024):
    page = client_for(client, coordinator).get(reverse("calls:applications", args=[call_2024.pk])).content.decode()
    assert "Aucune candidature n’a encore été déposée à cet appel." in page


def test_a_reviewer_sees_the_applications_to_score_but_no_ranking(
    client, reviewer, call_2025, application_a, application_b, coordinator
):
    score(coordinator, application_a, 5, 5)
    response = client_for(client, reviewer).get(reverse("calls:applications", args=[call_2025.pk]))
    page = response.content.decode()
    assert {row.title for row in response.context["rows"]} == {"Eau potable à Erevan", "Déchets à Gumri"}
    assert "Note moyenne" not in page and "Enveloppe restante" not in page and "15,00" not in page
    assert reverse("calls:score", args=[call_2025.pk, application_a.pk]) in page
    assert reverse("calls:request_changes", args=[call_2025.pk, application_a.pk]) not in page


def test_a_reviewer_never_sees_an_application_of_their_own_authority(
    client, reviewer, call_2025, application_a, application_b, authority_b
):
    from coopdec.accounts.factories import MembershipFactory

    MembershipFactory(user=reviewer, authority=authority_b)
    response = client_for(client, reviewer).get(reverse("calls:applications", args=[call_2025.pk]))
    assert [row.title for row in response.context["rows"]] == ["Eau potable à Erevan"]
    url = reverse("calls:score", args=[call_2025.pk, application_b.pk])
    assert client.get(url).status_code == 403


def test_the_ranking_takes_a_fixed_number_of_queries(
    client, coordinator, call_2025, editor_a, authority_a, armenia, django_assert_max_num_queries
):
    for number in range(12):
        submitted(editor_a, call_2025, authority_a, armenia, title=f"Projet {number}")
    client = client_for(client, coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("calls:applications", args=[call_2025.pk]))


# Ask for changes ---------------------------------------------------------------------------------------------------


def test_asking_for_changes_shows_a_confirmation_first(client, coordinator, call_2025, application_a):
    url = reverse("calls:request_changes", args=[call_2025.pk, application_a.pk])
    page = client_for(client, coordinator).get(url).content.decode()
    assert "Renvoyer pour modifications" in page and 'method="post"' in page
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED


def test_asking_for_changes_needs_a_comment_beside_its_field(client, coordinator, call_2025, application_a):
    url = reverse("calls:request_changes", args=[call_2025.pk, application_a.pk])
    response = client_for(client, coordinator).post(url, {"comment": "  "})
    assert response.context["form"].errors["comment"] == ["Ce champ est obligatoire."]
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED


def test_a_coordinator_sends_the_application_back_with_a_comment(client, coordinator, call_2025, application_a):
    url = reverse("calls:request_changes", args=[call_2025.pk, application_a.pk])
    response = client_for(client, coordinator).post(url, {"comment": "Joignez la délibération."})
    assert response["Location"] == reverse("calls:applications", args=[call_2025.pk])
    application_a.refresh_from_db()
    version = application_a.versions.get()
    assert application_a.status == ApplicationStatus.CHANGES_REQUESTED
    assert (version.outcome, version.comment) == (ApplicationStatus.CHANGES_REQUESTED, "Joignez la délibération.")
    # Returned, it is no longer one to send back.
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", ["reviewer", "editor_a", "editor_b"])
def test_no_one_but_a_coordinator_asks_for_changes(client, cast, reviewer, call_2025, application_a, who):
    user = reviewer if who == "reviewer" else cast[who]
    url = reverse("calls:request_changes", args=[call_2025.pk, application_a.pk])
    client_for(client, user).post(url, {"comment": "Non."})
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.SUBMITTED


# Scores ------------------------------------------------------------------------------------------------------------


def test_the_score_page_shows_one_field_per_criterion_with_its_scale(client, reviewer, call_2025, application_a):
    response = client_for(client, reviewer).get(reverse("calls:score", args=[call_2025.pk, application_a.pk]))
    page = response.content.decode()
    relevance, partnership = call_2025.criteria.all()
    assert f'name="mark_{relevance.pk}"' in page and f'name="mark_{partnership.pk}"' in page
    assert 'max="5"' in page and "De 0 à 5 (poids 2)" in page
    assert "50\xa0000,00\xa0€" in page and "100\xa0000,00\xa0€" in page  # asked, of the total budget
    assert "plafond pour l’Arménie" in page  # the eligibility as it was submitted


def test_a_reviewer_scores_an_application_and_finds_their_marks_again(client, reviewer, call_2025, application_a):
    relevance, partnership = call_2025.criteria.all()
    url = reverse("calls:score", args=[call_2025.pk, application_a.pk])
    client = client_for(client, reviewer)
    data = {f"mark_{relevance.pk}": 4, f"mark_{partnership.pk}": 3, f"comment_{relevance.pk}": "Solide."}
    assert client.post(url, data).status_code == 302
    marks = {s.criterion_id: (s.mark, s.comment) for s in Score.objects.filter(reviewer=reviewer)}
    assert marks == {relevance.pk: (4, "Solide."), partnership.pk: (3, "")}
    again = client.get(url)
    assert again.context["form"][f"mark_{relevance.pk}"].value() == 4


def test_a_mark_above_the_scale_is_refused_beside_its_field(client, reviewer, call_2025, application_a):
    relevance, partnership = call_2025.criteria.all()
    url = reverse("calls:score", args=[call_2025.pk, application_a.pk])
    response = client_for(client, reviewer).post(url, {f"mark_{relevance.pk}": 6, f"mark_{partnership.pk}": 3})
    assert response.context["form"].errors[f"mark_{relevance.pk}"] == [
        "Assurez-vous que cette valeur est inférieure ou égale à 5."
    ]
    assert not Score.objects.exists()


def test_a_reviewer_of_another_call_cannot_score(client, other_reviewer, call_2025, application_a):
    relevance, partnership = call_2025.criteria.all()
    url = reverse("calls:score", args=[call_2025.pk, application_a.pk])
    response = client_for(client, other_reviewer).post(url, {f"mark_{relevance.pk}": 4, f"mark_{partnership.pk}": 3})
    assert response.status_code == 403 and not Score.objects.exists()


def test_an_applicant_cannot_score_their_own_application(client, editor_a, call_2025, application_a):
    relevance, partnership = call_2025.criteria.all()
    url = reverse("calls:score", args=[call_2025.pk, application_a.pk])
    client_for(client, editor_a).post(url, {f"mark_{relevance.pk}": 5, f"mark_{partnership.pk}": 5})
    assert not Score.objects.exists()


def test_a_draft_is_not_scored(client, reviewer, editor_a, authority_a, call_2025):
    draft = services.start_application(author=editor_a, call=call_2025, authority=authority_a, title="B").application
    assert client_for(client, reviewer).get(reverse("calls:score", args=[call_2025.pk, draft.pk])).status_code == 403
