"""The user an API token acts for."""

from ninja import Schema

from .refs import EntityRef


class MembershipOut(Schema):
    entity: EntityRef
    role: str
    job_title: str


class TokenOut(Schema):
    name: str
    prefix: str


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    is_coordinator: bool
    token: TokenOut
    memberships: list[MembershipOut]
