"""Cooperation themes."""

from ninja import Router

from coopdec.themes.models import Theme

from ..auth import OPTIONAL_TOKEN, ApiRequest
from ..schemas.themes import ThemeOut

router = Router(tags=["themes"])


@router.get("/themes", response=list[ThemeOut], openapi_extra=OPTIONAL_TOKEN)
def list_themes(request: ApiRequest):
    """The whole vocabulary (about twenty themes), in its own order; not paginated."""
    return Theme.objects.order_by("position", "code")
