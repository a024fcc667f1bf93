"""The e-mails accounts send: the activation link, a decision on a request to join.

Each is written in its recipient's language (``User.language``; French when they have none): a decision is
taken by someone else, in their own language, and must not reach the requester in it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation

from coopdec.lib.mail import send_later

from .models import Membership, User


def language_of(user: User) -> str:
    """The language a user's e-mails are written in."""
    languages = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in languages else settings.LANGUAGE_CODE


def _in_language(url: str, language: str) -> str:
    """The same page's address in ``language`` (``/en/accounts/profile/`` → ``/ar/accounts/profile/``)."""
    written_in = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(written_in):
        return translate_url(url, language)


def _send(template: str, context: dict, to: str) -> None:
    subject = " ".join(render_to_string(f"accounts/emails/{template}_subject.txt", context).split())
    body = render_to_string(f"accounts/emails/{template}_body.txt", context)
    send_later([EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])])


def send_activation(user: User, *, activation_url: str, max_age_days: int) -> None:
    """Sent while the new user is on the page, so in the language of that page."""
    _send("activation", {"user": user, "activation_url": activation_url, "max_age_days": max_age_days}, user.email)


def send_membership_decision(membership: Membership, *, profile_url: str = "") -> None:
    """``profile_url`` may be in the decider's language: it is given again in the requester's."""
    language = language_of(membership.user)
    profile_url = _in_language(profile_url, language) if profile_url else ""
    with translation.override(language):
        context = {"membership": membership, "approved": membership.is_approved, "profile_url": profile_url}
        _send("membership_decision", context, membership.user.email)
