"""The e-mails a declaration sends — the receipt, a return for correction, the validation, the reminders —
each written in its recipient's language (``User.language``), with absolute links to the page in that language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from coopdec.accounts.emails import language_of
from coopdec.lib.mail import send_later

if TYPE_CHECKING:
    from coopdec.accounts.models import User

    from .models import Campaign, Declaration, DeclarationVersion


def _absolute(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def message(template: str, context: dict, user: User) -> EmailMessage:
    """One message from ``declarations/emails/<template>_{subject,body}.txt``, in the user's language."""
    with translation.override(language_of(user)):
        context = {**context, "user": user}
        if "declaration" in context:
            context["declaration_url"] = _absolute("declarations:detail", context["declaration"].pk)
        # ASCII blanks only: ``str.split()`` would also take the French narrow no-break space before a colon.
        subject = re.sub(r"[ \t\r\n]+", " ", render_to_string(f"declarations/emails/{template}_subject.txt", context))
        subject = subject.strip()
        body = render_to_string(f"declarations/emails/{template}_body.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _to_members(template: str, declaration: Declaration, context: dict) -> None:
    from .services import members_to_tell

    context = {**context, "declaration": declaration}
    send_later([message(template, context, user) for user in members_to_tell(declaration.authority)])


def send_receipt(version: DeclarationVersion) -> None:
    _to_members("receipt", version.declaration, {"version": version})


def send_returned(version: DeclarationVersion) -> None:
    _to_members("returned", version.declaration, {"version": version})


def send_validated(version: DeclarationVersion) -> None:
    _to_members("validated", version.declaration, {"version": version})


def reminder(kind: str, campaign: Campaign, authority, user: User, deadline) -> EmailMessage:
    with translation.override(language_of(user)):
        url = settings.SITE_URL + reverse("declarations:mine")
    return message(
        f"reminder_{kind}",
        {"campaign": campaign, "authority": authority, "deadline": deadline, "declarations_url": url},
        user,
    )
