"""The user behind the token."""

from django.http import HttpRequest
from ninja import Router

from coopdec.accounts.enums import MembershipStatus

from ..auth import token_auth
from ..schemas.accounts import MembershipOut, MeOut
from ..schemas.refs import entity_ref

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, auth=token_auth)
def me(request: HttpRequest):
    """The user the token acts for, and their approved memberships. Requires a token."""
    user = request.auth
    memberships = (
        user.memberships.filter(status=MembershipStatus.APPROVED)
        .select_related("authority", "organization")
        .order_by("pk")
    )
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_coordinator": user.is_coordinator,
        "token": request.api_token,
        "memberships": [
            MembershipOut(
                entity=entity_ref(authority=m.authority, organization=m.organization),
                role=m.role,
                job_title=m.job_title,
            )
            for m in memberships
        ],
    }
