import pytest

from coopdec.api.models import ApiToken


@pytest.fixture
def bearer(db):
    """``bearer(user)``: the headers of a client holding a fresh token of ``user`` (none for ``None``)."""

    def headers_for(user, name="test client") -> dict[str, str]:
        if user is None:
            return {}
        _token, key = ApiToken.objects.issue(user=user, name=name)
        return {"Authorization": f"Bearer {key}"}

    return headers_for
