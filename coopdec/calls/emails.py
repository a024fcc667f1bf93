"""The e-mails of an application — the receipt of a submitted version, the decisions, the tranches and the reports —
to each member of the authority in their own language (``User.language``), with an absolute link to the application's
page in that language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from coopdec.accounts.emails import language_of
from coopdec.declarations.services import members_to_tell
from coopdec.lib.mail import send_later
from coopdec.lib.money import display_amount

if TYPE_CHECKING:
    from coopdec.accounts.models import User

    from .models import Application, ApplicationVersion


def link_to(application: Application) -> str:
    """The application's page, in the active language."""
    return settings.SITE_URL + reverse("applications:detail", args=[application.pk])


def message(template: str, context: dict[str, Any], user: User) -> EmailMessage:
    """One message from ``calls/emails/<template>_{subject,body}.txt``, in the user's language."""
    with translation.override(language_of(user)):
        url = link_to(context["application"])
        context = {**context, "user": user, "url": url, "application_url": url}
        if "version" in context:
            context["asked"] = display_amount(context["version"].asked)
            context["total"] = display_amount(context["version"].total)
        # ASCII blanks only: ``str.split()`` would also take the French narrow no-break space before a colon.
        subject = re.sub(r"[ \t\r\n]+", " ", render_to_string(f"calls/emails/{template}_subject.txt", context))
        body = render_to_string(f"calls/emails/{template}_body.txt", context)
    return EmailMessage(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def tell_members(template: str, application: Application, context: dict[str, Any]) -> None:
    """Queue the message to every approved member of the applicant authority."""
    context = {**context, "application": application, "call": application.call}
    send_later([message(template, context, user) for user in members_to_tell(application.authority)])


def send_receipt(version: ApplicationVersion) -> None:
    """The receipt of a submitted version, to every approved member of the applying authority."""
    tell_members("receipt", version.application, {"version": version})
