"""The e-mails of decisions, tranches and reports — each in its recipient's language (``User.language``), with an
absolute link to the awarded project's page in that language (the workspace's dashboard when there is none)."""

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

if TYPE_CHECKING:
    from coopdec.accounts.models import User

    from .models import Application


def link_to(application: Application) -> str:
    """The page an authority's member follows the application from, in the active language."""
    if application.project_id is not None:
        return settings.SITE_URL + reverse("projects:detail", args=[application.project_id])
    return settings.SITE_URL + reverse("workspace:dashboard")


def message(template: str, context: dict[str, Any], user: User) -> EmailMessage:
    """One message from ``calls/emails/<template>_{subject,body}.txt``, in the user's language."""
    with translation.override(language_of(user)):
        context = {**context, "user": user, "url": link_to(context["application"])}
        # ASCII blanks only: ``str.split()`` would also take the French narrow no-break space before a colon.
        subject = re.sub(r"[ \t\r\n]+", " ", render_to_string(f"calls/emails/{template}_subject.txt", context))
        body = render_to_string(f"calls/emails/{template}_body.txt", context)
    return EmailMessage(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def tell_members(template: str, application: Application, context: dict[str, Any]) -> None:
    """Queue the message to every approved member of the applicant authority."""
    context = {**context, "application": application, "call": application.call}
    send_later([message(template, context, user) for user in members_to_tell(application.authority)])
