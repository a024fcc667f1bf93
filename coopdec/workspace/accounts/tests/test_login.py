import re

from axes.models import AccessAttempt
from django.core import mail

from conftest import PASSWORD, client_for
from coopdec.accounts.factories import UserFactory

from .conftest import url


def log_in(client, email, password):
    return client.post(url("accounts:login"), {"username": email, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_member_logs_in_with_their_email_and_password(client, editor_a):
    response = log_in(client, "editor-a@example.org", PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(editor_a.pk)


def test_a_wrong_password_is_refused_with_a_message_tied_to_the_form(client, editor_a):
    response = log_in(client, "editor-a@example.org", "not-the-password")

    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_an_unconfirmed_account_is_told_to_confirm_only_when_the_password_is_right(client, db):
    UserFactory(email="pending@example.org", is_active=False)

    wrong = log_in(client, "pending@example.org", "not-the-password").content.decode()
    right = log_in(client, "pending@example.org", PASSWORD).content.decode()

    assert "not active yet" not in wrong
    assert "not active yet" in right
    assert signed_in_user_id(client) is None


def test_after_five_failures_the_account_is_locked_out_with_a_clear_page_even_for_the_right_password(client, editor_a):
    for _attempt in range(4):
        assert log_in(client, "editor-a@example.org", "wrong").status_code == 200

    fifth = log_in(client, "editor-a@example.org", "wrong")
    sixth = log_in(client, "editor-a@example.org", PASSWORD)

    for response in (fifth, sixth):
        assert response.status_code == 429
        html = response.content.decode()
        assert '<h1 class="mb-3">Too many failed attempts</h1>' in html
        assert "blocked for 60 minutes" in html
        assert url("accounts:password_reset") in html
    assert signed_in_user_id(client) is None
    assert AccessAttempt.objects.get(username="editor-a@example.org").failures_since_start == 6


def test_four_failures_do_not_lock_out_and_a_success_clears_them(client, editor_a):
    for _attempt in range(4):
        log_in(client, "editor-a@example.org", "wrong")

    assert log_in(client, "editor-a@example.org", PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(editor_a.pk)
    assert not AccessAttempt.objects.filter(username="editor-a@example.org").exists()


def test_a_locked_out_address_does_not_block_another_account(client, editor_a, editor_b):
    for _attempt in range(5):
        log_in(client, "editor-a@example.org", "wrong")

    assert log_in(client, "editor-b@example.org", PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(editor_b.pk)


def test_logging_out_takes_a_post(client, editor_a):
    client_for(client, editor_a)

    assert client.get(url("accounts:logout")).status_code == 405
    assert signed_in_user_id(client) == str(editor_a.pk)
    assert client.post(url("accounts:logout")).status_code == 302
    assert signed_in_user_id(client) is None


def test_a_member_changes_their_password(client, editor_a):
    client_for(client, editor_a)

    response = client.post(
        url("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "baobabs-of-dakar-77", "new_password2": "baobabs-of-dakar-77"},
    )

    assert response.url == url("accounts:password_change_done")
    editor_a.refresh_from_db()
    assert editor_a.check_password("baobabs-of-dakar-77")


def test_a_wrong_old_password_changes_nothing(client, editor_a):
    client_for(client, editor_a)

    response = client.post(
        url("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "baobabs-of-dakar-77", "new_password2": "baobabs-of-dakar-77"},
    )

    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.content.decode()
    editor_a.refresh_from_db()
    assert editor_a.check_password(PASSWORD)


def test_a_visitor_cannot_reach_the_password_change_page(client):
    response = client.get(url("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(url("accounts:login"))


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, editor_a):
    response = client.post(url("accounts:password_reset"), {"email": "editor-a@example.org"})
    assert response.url == url("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[0].body).group(0)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "lagoon-of-noumea-31", "new_password2": "lagoon-of-noumea-31"},
    )

    assert done.url == url("accounts:password_reset_complete")
    editor_a.refresh_from_db()
    assert editor_a.check_password("lagoon-of-noumea-31")


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(url("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.url == url("accounts:password_reset_done")
    assert mail.outbox == []
