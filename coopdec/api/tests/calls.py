"""Calls to the API as one member of the cast: their token (none for the visitor), JSON bodies, English messages."""

from django.test import Client

# Status of a write on authority A's data, for each role of the cast.
ON_A = {"visitor": 401, "editor_a": None, "admin_a": None, "editor_b": 403, "coordinator": None, "platform_admin": None}
ROLES = list(ON_A)


def expected(role: str, allowed: int) -> int:
    """The status ``role`` gets for a write on authority A's data that answers ``allowed`` when it is allowed."""
    return ON_A[role] or allowed


class Caller:
    def __init__(self, client: Client, headers: dict[str, str]):
        self.client = client
        self.headers = {**headers, "Accept-Language": "en"}

    def get(self, path: str):
        return self.client.get(path, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(path, body or {}, content_type="application/json", headers=self.headers)

    def patch(self, path: str, body: dict):
        return self.client.patch(path, body, content_type="application/json", headers=self.headers)

    def put(self, path: str, body: dict):
        return self.client.put(path, body, content_type="application/json", headers=self.headers)

    def delete(self, path: str):
        return self.client.delete(path, headers=self.headers)


def messages(response) -> list[str]:
    assert response.status_code == 422, response.content
    return [error["msg"] for error in response.json()["detail"]]
