"""The user behind the token."""

from ninja import Router

from coopdec.accounts.enums import MembershipStatus

from ..auth import TokenRequest, token_auth
from ..schemas.accounts import MembershipOut, MeOut
from ..schemas.refs import one_entity_ref

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, auth=token_auth)
def me(request: TokenRequest):
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
                entity=one_entity_ref(authority=m.authority, organization=m.organization),
                role=m.role,
                job_title=m.job_title,
            )
            for m in memberships
        ],
    }
