from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from conftest import client_for
from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.api.models import ApiToken, hash_key


def test_me_requires_a_token(client, db):
    response = client.get("/api/me")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "API token is required" in response.json()["detail"]


def test_a_wrong_token_is_refused(client, db):
    response = client.get("/api/me", headers={"Authorization": "Bearer cdk_not-a-real-key"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked API token."}


def test_a_revoked_token_is_refused(client, editor_a):
    token, key = ApiToken.objects.issue(user=editor_a, name="old script")
    token.revoked = True
    token.save()

    response = client.get("/api/me", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked API token."}


def test_the_token_of_a_deactivated_user_is_refused(client, editor_a, bearer):
    headers = bearer(editor_a)
    editor_a.is_active = False
    editor_a.save()

    assert client.get("/api/me", headers=headers).status_code == 401


def test_an_authorization_header_that_is_not_bearer_is_refused(client, db):
    response = client.get("/api/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})

    assert response.status_code == 401
    assert "expected 'Bearer <key>'" in response.json()["detail"]


def test_a_wrong_token_is_refused_even_on_a_public_read(client, db):
    assert client.get("/api/themes").status_code == 200
    assert client.get("/api/themes", headers={"Authorization": "Bearer cdk_wrong"}).status_code == 401


def test_me_shows_the_user_and_their_approved_memberships(client, editor_a, authority_a, authority_b):
    MembershipFactory(user=editor_a, authority=authority_b, status=MembershipStatus.PENDING)
    token, key = ApiToken.objects.issue(user=editor_a, name="reporting script")

    response = client.get("/api/me", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "editor-a@example.org"
    assert body["is_coordinator"] is False
    assert body["token"] == {"name": "reporting script", "prefix": token.prefix}
    assert body["memberships"] == [
        {
            "entity": {"type": "authority", "code": "FR-REG-11", "id": None, "name": "Île-de-France"},
            "role": Role.EDITOR,
            "job_title": "Chargée de mission relations internationales",
        }
    ]


def test_me_ignores_the_session_of_a_logged_in_browser(client, editor_a):
    response = client_for(client, editor_a).get("/api/me")

    assert response.status_code == 401


def test_using_a_token_records_when_it_was_last_used(client, editor_a):
    token, key = ApiToken.objects.issue(user=editor_a, name="script")
    assert token.last_used_at is None

    client.get("/api/me", headers={"Authorization": f"Bearer {key}"})

    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=10)


def test_last_use_is_written_at_most_once_a_minute(client, editor_a):
    token, key = ApiToken.objects.issue(user=editor_a, name="script")
    client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    first_use = token.last_used_at

    client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_the_key_is_stored_only_as_its_hash(editor_a):
    token, key = ApiToken.objects.issue(user=editor_a, name="script")

    assert key.startswith("cdk_") and len(key) > 40
    assert token.key_hash == hash_key(key) != key
    assert key.startswith(token.prefix) and len(token.prefix) == 12
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = cursor.fetchall()
    assert not any(key in str(value) for row in stored for value in row)


def test_create_api_token_prints_a_key_that_works(client, editor_a):
    out, err = StringIO(), StringIO()

    call_command("create_api_token", "--email", "Editor-A@example.org", "--name", "dashboard", stdout=out, stderr=err)

    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=editor_a)
    assert token.name == "dashboard"
    assert "dashboard" in err.getvalue() and key not in err.getvalue()
    assert client.get("/api/me", headers={"Authorization": f"Bearer {key}"}).json()["email"] == editor_a.email


def test_create_api_token_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "--email", "nobody@example.org", "--name", "x", stdout=StringIO())


def test_the_back_office_lists_tokens_without_their_key_or_hash(client, coordinator, editor_a):
    token, key = ApiToken.objects.issue(user=editor_a, name="dashboard")
    client_for(client, coordinator)

    listing = client.get("/admin/api/apitoken/")
    change = client.get(f"/admin/api/apitoken/{token.pk}/change/")

    assert listing.status_code == 200 and change.status_code == 200
    assert "dashboard" in listing.text and token.prefix in listing.text
    for page in (listing, change):
        assert key not in page.text
        assert token.key_hash not in page.text


def test_tokens_cannot_be_added_in_the_back_office(client, coordinator):
    response = client_for(client, coordinator).get("/admin/api/apitoken/add/")

    assert response.status_code == 403


def test_a_coordinator_revokes_a_token_in_the_back_office(client, coordinator, editor_a):
    token, key = ApiToken.objects.issue(user=editor_a, name="leaked")
    client_for(client, coordinator)

    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked
    client.logout()
    assert client.get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
