import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing

from conftest import client_for
from coopdec.accounts import services
from coopdec.accounts.factories import UserFactory
from coopdec.accounts.models import User

from .conftest import url

FORM = {
    "email": "Lea.Dupont@Example.org",
    "first_name": "Léa",
    "last_name": "Dupont",
    "password1": "mangroves-of-mayotte-2026",
    "password2": "mangroves-of-mayotte-2026",
}


def activation_link(message) -> str:
    return re.search(r"https?://\S+/activate/\S+/", message.body).group(0)


def register(client, **changes):
    return client.post(url("accounts:register"), {**FORM, **changes})


@pytest.mark.django_db
def test_a_visitor_registers_an_inactive_account_and_receives_a_link(client):
    response = register(client)

    assert response.status_code == 302
    assert response.url == url("accounts:register_sent")
    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name) == ("lea.dupont@example.org", "Léa", "Dupont")
    assert not user.is_active
    assert user.check_password(FORM["password1"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea.dupont@example.org"]
    assert "/en/accounts/activate/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_link_in_the_email_activates_the_account_which_can_then_log_in(client):
    register(client)
    link = activation_link(mail.outbox[0])

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert not User.objects.get().is_active, "a GET (a mail scanner) must not activate"

    response = client.post(link)
    assert response.status_code == 302
    assert response.url == url("accounts:activation_done")
    assert User.objects.get().is_active
    login = client.post(url("accounts:login"), {"username": FORM["email"].lower(), "password": FORM["password1"]})
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.django_db
def test_following_the_link_again_after_activation_says_the_account_is_active(client):
    register(client)
    link = activation_link(mail.outbox[0])
    client.post(link)

    assert client.get(link).url == url("accounts:activation_done")
    assert client.post(link).url == url("accounts:activation_done")


@pytest.mark.django_db
def test_a_tampered_link_is_refused_and_nothing_is_activated(client):
    register(client)
    link = activation_link(mail.outbox[0])
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]

    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
        assert 'action="/en/accounts/activate/resend/"' in response.content.decode()
    assert not User.objects.get().is_active


class SignerFromThePast(signing.TimestampSigner):
    def timestamp(self):
        age = services.ACTIVATION_MAX_AGE + timedelta(hours=1)
        return signing.b62_encode(int(time.time() - age.total_seconds()))


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_an_offer_to_send_a_new_one(client):
    user = UserFactory(is_active=False)
    token = SignerFromThePast(salt=services.ACTIVATION_SALT).sign_object({"user": user.pk, "email": user.email})

    for response in (client.get(url("accounts:activate", token)), client.post(url("accounts:activate", token))):
        assert response.status_code == 400
        assert "This link has expired" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_a_link_made_with_another_salt_does_not_activate(client):
    user = UserFactory(is_active=False)
    token = signing.dumps({"user": user.pk, "email": user.email})  # e.g. a token signed for another purpose

    assert client.post(url("accounts:activate", token)).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_a_link_cannot_revive_an_account_deactivated_in_the_back_office(client):
    user = UserFactory(is_active=True)
    token = services.make_activation_token(user)
    user.last_login = user.date_joined
    user.is_active = False
    user.save()

    assert client.post(url("accounts:activate", token)).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_a_link_sent_to_a_former_address_does_not_activate(client):
    user = UserFactory(is_active=False, email="old@example.org")
    token = services.make_activation_token(user)
    user.email = "new@example.org"
    user.save()

    assert client.post(url("accounts:activate", token)).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_a_new_link_is_sent_to_an_unconfirmed_account_and_it_works(client):
    register(client)
    mail.outbox.clear()

    response = client.post(url("accounts:resend_activation"), {"email": "LEA.dupont@example.org"})

    assert response.url == url("accounts:register_sent")
    assert len(mail.outbox) == 1
    client.post(activation_link(mail.outbox[0]))
    assert User.objects.get().is_active


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["nobody@example.org", "editor-a@example.org"])
def test_asking_a_new_link_for_an_unknown_or_active_address_sends_nothing_and_says_the_same(client, editor_a, email):
    response = client.post(url("accounts:resend_activation"), {"email": email})

    assert response.url == url("accounts:register_sent")
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_invalid_address_for_a_new_link_is_shown_next_to_the_field(client):
    response = client.post(url("accounts:resend_activation"), {"email": "not-an-address"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "password", "password2": "password"}, "password2"),  # too common, too short
        ({"password1": "lea.dupont2", "password2": "lea.dupont2"}, "password2"),  # too close to the e-mail
        ({"email": "not-an-address"}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": " "}, "last_name"),
    ],
)
def test_an_invalid_registration_writes_nothing_and_says_why_next_to_the_field(client, changes, field):
    response = register(client, **changes)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_registering_an_address_already_used_in_another_case_is_refused(client, editor_a):
    response = register(client, email="Editor-A@Example.org")

    assert response.status_code == 200
    assert "An account already exists with this address" in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["editor_a", "admin_a", "editor_b", "coordinator", "platform_admin"])
def test_a_signed_in_user_cannot_register_another_account(client, cast, role):
    users_before = User.objects.count()

    response = register(client_for(client, cast[role]))

    assert response.status_code == 302
    assert response.url == url("accounts:profile")
    assert User.objects.count() == users_before
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin"])
def test_a_valid_link_activates_its_account_whoever_follows_it_and_a_tampered_one_never(client, cast, role):
    user = UserFactory(is_active=False)
    token = services.make_activation_token(user)
    signed_in = client_for(client, cast[role])

    assert signed_in.post(url("accounts:activate", token + "x")).status_code == 400
    user.refresh_from_db()
    assert not user.is_active

    assert signed_in.post(url("accounts:activate", token)).status_code == 302
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.django_db
def test_the_registration_page_has_one_heading_and_labelled_fields(client):
    html = client.get(url("accounts:register")).content.decode()

    assert html.count("<h1") == 1
    for field in FORM:
        assert f'for="id_{field}"' in html
    assert "<script>" not in html and 'style="' not in html
