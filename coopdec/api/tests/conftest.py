import pytest
from django.test import Client

from coopdec.api.models import ApiToken


@pytest.fixture
def client():
    """A client that asks for English, so that these tests read the API's messages as written in the code.

    Without ``Accept-Language`` the API answers in French, the platform's language (coopdec/atlas/tests/test_i18n.py).
    """
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def bearer(db):
    """``bearer(user)``: the headers of a client holding a fresh token of ``user`` (none for ``None``)."""

    def headers_for(user, name="test client") -> dict[str, str]:
        if user is None:
            return {}
        _token, key = ApiToken.objects.issue(user=user, name=name)
        return {"Authorization": f"Bearer {key}"}

    return headers_for
