"""The e-mails accounts send: the activation link, a decision on a request to join."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .models import Membership, User


def _send(template: str, context: dict, to: str) -> None:
    subject = " ".join(render_to_string(f"accounts/emails/{template}_subject.txt", context).split())
    body = render_to_string(f"accounts/emails/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_activation(user: User, *, activation_url: str, max_age_days: int) -> None:
    _send("activation", {"user": user, "activation_url": activation_url, "max_age_days": max_age_days}, user.email)


def send_membership_decision(membership: Membership, *, profile_url: str = "") -> None:
    _send("membership_decision", {"membership": membership, "profile_url": profile_url}, membership.user.email)
