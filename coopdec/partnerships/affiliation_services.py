"""Writes on memberships of international organisations (with their yearly contributions) and delegates abroad.

Every function checks ``perms`` (``PermissionDenied``), then the rules (``ValidationError`` with a
message for the user), and writes in one transaction with the author recorded for the history.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopdec.lib.history import by, version_of
from coopdec.organizations.enums import OrganizationKind

from . import perms
from .enums import AffiliationStatus
from .models import Affiliation, AffiliationContribution, Delegate

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.organizations.models import Organization
    from coopdec.territories.models import Authority, Country

AFFILIATION_FIELDS = frozenset({"organization", "status", "since", "until", "representative", "focal_point", "notes"})
DELEGATE_FIELDS = frozenset({"person", "country", "post", "host_organization", "starts_on", "ends_on"})
# An authority joins organisations of authorities (UCLG, AIMF, CPMR…) or intergovernmental ones.
AFFILIATING_KINDS = frozenset({OrganizationKind.INTERNATIONAL, OrganizationKind.NETWORK})


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _refuse(field: str, message: str, code: str) -> ValidationError:
    """A ``ValidationError`` at ``field`` that keeps its ``code`` (one built from a dict of strings drops it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_period(start: date | None, end: date | None, field: str) -> None:
    if start and end and end < start:
        raise _refuse(field, _("The end date comes before the start date."), "ends_before_start")


def _check_affiliation(affiliation: Affiliation) -> None:
    organization = affiliation.organization
    if organization is not None and organization.kind not in AFFILIATING_KINDS:
        message = _("%(organization)s is not an international organisation or a network of authorities.")
        raise _refuse("organization", message % {"organization": organization}, "not_international")
    _check_period(affiliation.since, affiliation.until, "until")
    duplicate = Affiliation.objects.filter(
        authority_id=affiliation.authority_id, organization_id=affiliation.organization_id
    ).exclude(pk=affiliation.pk)
    if duplicate.exists():
        message = _("%(authority)s is already recorded as a member of %(organization)s.")
        names = {"authority": affiliation.authority, "organization": organization}
        raise _refuse("organization", message % names, "duplicate")


@transaction.atomic
def create_affiliation(
    *,
    author: User,
    authority: Authority,
    organization: Organization,
    status: str = AffiliationStatus.MEMBER,
    since: date | None = None,
    until: date | None = None,
    representative: str = "",
    focal_point: str = "",
    notes: str = "",
) -> Affiliation:
    """Record that ``authority`` is a member (associate, observer) of an international organisation."""
    affiliation = Affiliation(
        authority=authority,
        organization=organization,
        status=status,
        since=since,
        until=until,
        representative=representative,
        focal_point=focal_point,
        notes=notes,
    )
    _require(perms.can_edit_affiliation(author, affiliation))
    _check_affiliation(affiliation)
    affiliation.full_clean()
    by(affiliation, author).save()
    return affiliation


@transaction.atomic
def update_affiliation(*, affiliation: Affiliation, author: User, **changes: Any) -> Affiliation:
    """Change an affiliation's ``AFFILIATION_FIELDS``; the authority it belongs to never changes."""
    _require(perms.can_edit_affiliation(author, affiliation))
    unknown = set(changes) - AFFILIATION_FIELDS
    if unknown:
        raise TypeError(f"update_affiliation() cannot change {', '.join(sorted(unknown))}")
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    for name, value in changes.items():
        setattr(affiliation, name, value)
    _check_affiliation(affiliation)
    affiliation.full_clean()
    by(affiliation, author).save()
    return affiliation


@transaction.atomic
def delete_affiliation(*, affiliation: Affiliation, author: User) -> None:
    """Delete an affiliation and its yearly contributions."""
    _require(perms.can_edit_affiliation(author, affiliation))
    by(affiliation, author).delete()


@transaction.atomic
def record_contribution(
    *, affiliation: Affiliation, author: User, year: int, amount: Decimal, currency: str = "EUR"
) -> AffiliationContribution:
    """Record (or correct) the contribution paid for ``affiliation`` in ``year`` — one per year."""
    _require(perms.can_edit_affiliation(author, affiliation))
    _check_amount(amount)
    contribution = (
        AffiliationContribution.objects.select_for_update().filter(affiliation=affiliation, year=year).first()
    ) or AffiliationContribution(affiliation=affiliation, year=year)
    contribution.amount = amount
    contribution.currency = currency
    contribution.full_clean()
    by(contribution, author).save()
    return contribution


@transaction.atomic
def remove_contribution(*, contribution: AffiliationContribution, author: User) -> None:
    _require(perms.can_edit_affiliation(author, contribution.affiliation))
    by(contribution, author).delete()


def _check_amount(amount: Decimal | None) -> None:
    if amount is not None and amount < 0:
        raise _refuse("amount", _("An amount cannot be negative."), "negative")


def _check_delegate(delegate: Delegate) -> None:
    _check_period(delegate.starts_on, delegate.ends_on, "ends_on")


@transaction.atomic
def create_delegate(
    *,
    author: User,
    authority: Authority,
    person: str,
    country: Country,
    post: str,
    host_organization: Organization | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Delegate:
    """Record a person ``authority`` posts abroad."""
    delegate = Delegate(
        authority=authority,
        person=person,
        country=country,
        post=post,
        host_organization=host_organization,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _require(perms.can_edit_delegate(author, delegate))
    _check_delegate(delegate)
    delegate.full_clean()
    by(delegate, author).save()
    return delegate


@transaction.atomic
def update_delegate(*, delegate: Delegate, author: User, **changes: Any) -> Delegate:
    """Change a delegate's ``DELEGATE_FIELDS``; the authority that posts them never changes."""
    _require(perms.can_edit_delegate(author, delegate))
    unknown = set(changes) - DELEGATE_FIELDS
    if unknown:
        raise TypeError(f"update_delegate() cannot change {', '.join(sorted(unknown))}")
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    for name, value in changes.items():
        setattr(delegate, name, value)
    _check_delegate(delegate)
    delegate.full_clean()
    by(delegate, author).save()
    return delegate


@transaction.atomic
def delete_delegate(*, delegate: Delegate, author: User) -> None:
    _require(perms.can_edit_delegate(author, delegate))
    by(delegate, author).delete()


@transaction.atomic
def revert(
    *, obj: Affiliation | AffiliationContribution | Delegate, to_history_id: int, author: User
) -> Affiliation | AffiliationContribution | Delegate:
    """Restore a membership, a contribution or a delegate to a recorded version; the rules still apply to it."""
    _require(perms.can_revert_affiliation(author, obj))
    restored = version_of(obj, to_history_id, author=author)
    if isinstance(restored, Affiliation):
        _check_affiliation(restored)
    elif isinstance(restored, Delegate):
        _check_delegate(restored)
    else:
        _check_amount(restored.amount)
    restored.full_clean()
    restored.save()
    return restored
