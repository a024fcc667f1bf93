"""Writes on partnerships: record, amend, sign, send to the préfet, suspend, resume, end, renew, revert.

Every function checks ``perms`` (``PermissionDenied``), then the rules of docs/rules.md
(``ValidationError`` with a message for the user), and writes in one transaction with the author
recorded in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopdec.lib.concurrency import check_version
from coopdec.lib.history import by, version_of
from coopdec.territories.enums import Level

from . import perms, workflow
from .enums import FRENCH_CONVENTION_KINDS, LegalForm, PartnershipStatus, PartyRole, Visibility
from .models import Partnership, Party

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.organizations.models import Organization
    from coopdec.territories.models import Authority, Country
    from coopdec.themes.models import Theme

# Fields ``update_partnership`` may change; status and dates of effect go through their own services.
UPDATABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "language",
        "translations",
        "kind",
        "mode",
        "legal_form",
        "starts_on",
        "ends_on",
        "technical_terms",
        "financial_terms",
        "planned_commitment",
        "currency",
        "reciprocity",
        "visibility",
    }
)
# Copied from a convention to its renewal.
RENEWED_FIELDS: tuple[str, ...] = (
    "description",
    "language",
    "translations",
    "kind",
    "mode",
    "legal_form",
    "technical_terms",
)
RENEWED_FIELDS += ("financial_terms", "planned_commitment", "currency", "reciprocity", "visibility")


@dataclass(frozen=True)
class PartySpec:
    """One side of a partnership to record: exactly one of an authority, an organisation, a country (State)."""

    authority: Authority | None = None
    organization: Organization | None = None
    country: Country | None = None
    role: str = PartyRole.SIGNATORY

    @property
    def entity(self) -> Authority | Organization | Country | None:
        return self.authority or self.organization or self.country

    def key(self) -> tuple[str, object]:
        if self.authority is not None:
            return ("authority", self.authority.pk)
        if self.organization is not None:
            return ("organization", self.organization.pk)
        return ("country", self.country.pk if self.country is not None else None)

    @classmethod
    def of(cls, party: Party) -> PartySpec:
        return cls(authority=party.authority, organization=party.organization, country=party.country, role=party.role)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _is_french_convention(kind: str, parties: Iterable[Party | PartySpec]) -> bool:
    return kind in FRENCH_CONVENTION_KINDS and any(p.authority is not None and p.authority.is_french for p in parties)


def _country_of(party: Party | PartySpec) -> Country | None:
    if party.authority is not None:
        return party.authority.country
    if party.organization is not None:
        return party.organization.country
    return party.country


def check_parties(*, kind: str, legal_form: str, parties: Sequence[Party | PartySpec]) -> None:
    """The parties allowed for a partnership of this kind and legal form (rule 1 of docs/rules.md).

    A French authority's convention is signed with foreign *local* authorities: a foreign State —
    a country as a party, or an authority at the national level — is refused, except in overseas
    regional cooperation (New Caledonia, French Polynesia… with the States of their region). Nor
    can any party belong to a country France does not recognise.
    """
    errors = []
    entities = [p for p in parties if p.entity is not None]
    if len(entities) != len(parties) or any(
        sum(x is not None for x in (p.authority, p.organization, p.country)) != 1 for p in parties
    ):
        errors.append(
            ValidationError(_("Each party is exactly one authority, organisation or country."), code="party_entity")
        )
    keys = [PartySpec.of(p).key() if isinstance(p, Party) else p.key() for p in entities]
    if len(set(keys)) != len(keys):
        errors.append(ValidationError(_("A party is listed twice."), code="party_twice"))
    if not parties:
        errors.append(ValidationError(_("A partnership has at least one party."), code="no_party"))
    if _is_french_convention(kind, entities):
        for party in entities:
            is_state = party.country is not None or (
                party.authority is not None
                and not party.authority.is_french
                and party.authority.level == Level.NATIONAL
            )
            if is_state and legal_form != LegalForm.REGIONAL_COOPERATION:
                errors.append(
                    ValidationError(
                        _(
                            "A French authority's convention is signed with a foreign local authority, never with "
                            "a foreign State: %(state)s cannot be a party (only overseas regional cooperation may "
                            "bind a State)."
                        ),
                        params={"state": party.entity},
                        code="state_party",
                    )
                )
            country = _country_of(party)
            if country is not None and not country.recognised_by_france:
                errors.append(
                    ValidationError(
                        _(
                            "%(party)s belongs to %(country)s, which France does not recognise: a French "
                            "authority's convention cannot include it."
                        ),
                        params={"party": party.entity, "country": country},
                        code="unrecognised_country",
                    )
                )
    if errors:
        raise ValidationError(errors)


def check_dates(partnership: Partnership) -> None:
    """End after start, sending to the préfet after signature — said clearly before the database refuses it."""
    errors = []
    p = partnership
    if p.starts_on and p.ends_on and p.ends_on < p.starts_on:
        errors.append(
            ValidationError(
                _("The end date (%(ends_on)s) is before the start date (%(starts_on)s)."),
                params={"ends_on": p.ends_on, "starts_on": p.starts_on},
                code="ends_before_start",
            )
        )
    if p.sent_to_prefect_on and not p.signed_on:
        errors.append(
            ValidationError(
                _("A convention is sent to the préfet once signed: record its signature date first."),
                code="sent_before_signature",
            )
        )
    elif p.sent_to_prefect_on and p.signed_on and p.sent_to_prefect_on < p.signed_on:
        errors.append(
            ValidationError(
                _("The convention cannot be sent to the préfet (%(sent_on)s) before it is signed (%(signed_on)s)."),
                params={"sent_on": p.sent_to_prefect_on, "signed_on": p.signed_on},
                code="sent_before_signature",
            )
        )
    if p.planned_commitment is not None and p.planned_commitment < 0:
        errors.append(ValidationError(_("The planned financial commitment cannot be negative."), code="negative"))
    if errors:
        raise ValidationError(errors)


def effective_status(partnership: Partnership, parties: Iterable[Party | PartySpec] | None = None) -> str:
    """Once signed: in force — except a French convention, in force only once sent to the préfet."""
    if not partnership.signed_on:
        return PartnershipStatus.DRAFT
    parties = list(partnership.parties.select_related("authority")) if parties is None else parties
    if _is_french_convention(partnership.kind, parties) and not partnership.sent_to_prefect_on:
        return PartnershipStatus.SIGNED
    return PartnershipStatus.IN_FORCE


def _save(partnership: Partnership, author: User, reason: str = "") -> Partnership:
    partnership.full_clean()
    by(partnership, author, reason).save()
    return partnership


def _write_parties(partnership: Partnership, parties: Sequence[PartySpec], author: User) -> None:
    """Make the partnership's parties exactly ``parties``: keep the same ones, drop the others, add the new."""
    wanted = {spec.key(): spec for spec in parties}
    for party in partnership.parties.all():
        spec = wanted.pop(PartySpec.of(party).key(), None)
        if spec is None:
            by(party, author).delete()
        elif spec.role != party.role:
            party.role = spec.role
            party.full_clean()
            by(party, author).save()
    for spec in wanted.values():
        party = Party(
            partnership=partnership,
            authority=spec.authority,
            organization=spec.organization,
            country=spec.country,
            role=spec.role,
        )
        party.full_clean()
        by(party, author).save()


@transaction.atomic
def create_partnership(
    *,
    author: User,
    title: str,
    kind: str,
    parties: Sequence[PartySpec],
    description: str = "",
    language: str = "fr",
    mode: str = "",
    legal_form: str = "",
    signed_on: date | None = None,
    sent_to_prefect_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    themes: Iterable[Theme] = (),
    technical_terms: str = "",
    financial_terms: str = "",
    planned_commitment: Decimal | None = None,
    currency: str = "EUR",
    reciprocity: str = "",
    visibility: str = Visibility.PUBLIC,
) -> Partnership:
    """Record a partnership — being prepared, or already signed (and sent to the préfet) when dates are given."""
    _require(perms.can_create_partnership(author))
    _require(perms.can_create_partnership_between(author, [spec.authority for spec in parties]))
    check_parties(kind=kind, legal_form=legal_form, parties=parties)
    partnership = Partnership(
        title=title,
        kind=kind,
        description=description,
        language=language,
        mode=mode,
        legal_form=legal_form,
        signed_on=signed_on,
        sent_to_prefect_on=sent_to_prefect_on,
        starts_on=starts_on,
        ends_on=ends_on,
        technical_terms=technical_terms,
        financial_terms=financial_terms,
        planned_commitment=planned_commitment,
        currency=currency,
        reciprocity=reciprocity,
        visibility=visibility,
        created_by=author,
    )
    check_dates(partnership)
    partnership.status = effective_status(partnership, parties)
    _save(partnership, author)
    _write_parties(partnership, parties, author)
    partnership.themes.set(themes)
    return partnership


@transaction.atomic
def update_partnership(
    *,
    partnership: Partnership,
    author: User,
    parties: Sequence[PartySpec] | None = None,
    themes: Iterable[Theme] | None = None,
    expected_version: int | None = None,
    **changes: Any,
) -> Partnership:
    """Change a partnership's description, dates, terms, kind or parties (``None`` leaves them as they are).

    ``expected_version`` is the version the author last saw: if someone saved since, nothing is written
    (``stale_version``, see lib/concurrency.py).
    """
    _require(perms.can_edit_partnership(author, partnership))
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"update_partnership() cannot change {', '.join(sorted(unknown))}")
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    check_version(partnership, expected_version)
    for field, value in changes.items():
        setattr(partnership, field, value)
    if parties is None:
        current: list[Party | PartySpec] = list(
            partnership.parties.select_related("authority__country", "organization__country", "country")
        )
    else:
        current = list(parties)
        # An editor keeps one of their authorities among the parties, or they would lose the partnership.
        if not perms.can_create_partnership_between(author, [spec.authority for spec in parties]):
            raise ValidationError(
                _("Keep your own authority among the parties: otherwise you could no longer edit this partnership."),
                code="author_not_party",
            )
    check_parties(kind=partnership.kind, legal_form=partnership.legal_form, parties=current)
    check_dates(partnership)
    if partnership.status in workflow.FOLLOWS_DATES:
        partnership.status = effective_status(partnership, current)
    _save(partnership, author)
    if parties is not None:
        _write_parties(partnership, parties, author)
    if themes is not None:
        partnership.themes.set(themes)
    return partnership


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


@transaction.atomic
def sign_partnership(*, partnership: Partnership, author: User, signed_on: date) -> Partnership:
    """Record the signature: a French convention is then signed but not yet in force; any other is in force."""
    _require(perms.can_edit_partnership(author, partnership))
    partnership = _locked(partnership)
    workflow.check(partnership, "sign")
    parties = list(partnership.parties.select_related("authority__country", "organization__country", "country"))
    if len(parties) < 2:
        raise ValidationError(_("A partnership is signed by at least two parties."), code="too_few_parties")
    check_parties(kind=partnership.kind, legal_form=partnership.legal_form, parties=parties)
    partnership.signed_on = signed_on
    check_dates(partnership)
    partnership.status = effective_status(partnership, parties)
    return _save(partnership, author)


@transaction.atomic
def record_sent_to_prefect(*, partnership: Partnership, on: date, author: User) -> Partnership:
    """Record when a signed French convention was sent to the préfet: from that day it is in force."""
    _require(perms.can_edit_partnership(author, partnership))
    partnership = _locked(partnership)
    workflow.check(partnership, "send_to_prefect")
    partnership.sent_to_prefect_on = on
    check_dates(partnership)
    partnership.status = PartnershipStatus.IN_FORCE
    return _save(partnership, author)


@transaction.atomic
def suspend_partnership(*, partnership: Partnership, author: User, reason: str = "") -> Partnership:
    """Suspend a signed or in-force partnership (the reason, if given, is kept in its history)."""
    _require(perms.can_edit_partnership(author, partnership))
    partnership = _locked(partnership)
    workflow.check(partnership, "suspend")
    partnership.status = PartnershipStatus.SUSPENDED
    return _save(partnership, author, reason)


@transaction.atomic
def resume_partnership(*, partnership: Partnership, author: User, reason: str = "") -> Partnership:
    """Lift a suspension: the partnership is back to signed or in force, as its dates say."""
    _require(perms.can_edit_partnership(author, partnership))
    partnership = _locked(partnership)
    workflow.check(partnership, "resume")
    partnership.status = effective_status(partnership)
    return _save(partnership, author, reason)


def _check_end(partnership: Partnership, on: date) -> None:
    for start in (partnership.starts_on, partnership.signed_on):
        if start and on < start:
            raise ValidationError(
                _("%(title)s cannot end on %(ends_on)s, before it began (%(start)s)."),
                params={"title": partnership.title, "ends_on": on, "start": start},
                code="ends_before_start",
            )


@transaction.atomic
def end_partnership(*, partnership: Partnership, author: User, on: date, reason: str = "") -> Partnership:
    """End a signed, in-force or suspended partnership on ``on``; it keeps its history."""
    _require(perms.can_edit_partnership(author, partnership))
    partnership = _locked(partnership)
    workflow.check(partnership, "end")
    _check_end(partnership, on)
    partnership.ends_on = on
    partnership.status = PartnershipStatus.ENDED
    return _save(partnership, author, reason)


@transaction.atomic
def renew_partnership(
    *,
    previous: Partnership,
    author: User,
    signed_on: date,
    title: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    sent_to_prefect_on: date | None = None,
) -> Partnership:
    """Sign a new partnership that renews ``previous``: same parties, themes and terms, linked by ``renewal_of``.

    The previous one ends the day before the renewal starts (unless it already ended earlier) and
    keeps its own history.
    """
    _require(perms.can_edit_partnership(author, previous))
    previous = _locked(previous)
    workflow.check(previous, "renew")
    renewal = previous.renewals.first()
    if renewal is not None:
        raise ValidationError(
            _("%(title)s was already renewed by %(renewal)s."),
            params={"title": previous.title, "renewal": renewal.title},
            code="already_renewed",
        )
    parties = [
        PartySpec.of(party)
        for party in previous.parties.select_related("authority__country", "organization__country", "country")
    ]
    check_parties(kind=previous.kind, legal_form=previous.legal_form, parties=parties)
    partnership = Partnership(
        title=title or previous.title,
        signed_on=signed_on,
        sent_to_prefect_on=sent_to_prefect_on,
        starts_on=starts_on,
        ends_on=ends_on,
        renewal_of=previous,
        created_by=author,
        **{field: getattr(previous, field) for field in RENEWED_FIELDS},
    )
    check_dates(partnership)
    partnership.status = effective_status(partnership, parties)

    renewal_start = starts_on or signed_on
    if not workflow.has_ended(previous) or previous.ends_on is None:
        day_before = renewal_start - timedelta(days=1)
        if previous.ends_on is None or previous.ends_on > day_before:
            _check_end(previous, day_before)
            previous.ends_on = day_before
        previous.status = PartnershipStatus.ENDED
        _save(previous, author, reason="Renewed")

    _save(partnership, author)
    _write_parties(partnership, parties, author)
    partnership.themes.set(previous.themes.all())
    return partnership


@transaction.atomic
def revert(*, obj: Partnership | Party, to_history_id: int, author: User) -> Partnership | Party:
    """Restore a partnership or one of its parties to a recorded version; the rules still apply to it."""
    _require(perms.can_revert(author, obj))
    restored = version_of(obj, to_history_id, author=author)
    if isinstance(restored, Partnership):
        parties = list(restored.parties.select_related("authority__country", "organization__country", "country"))
        check_parties(kind=restored.kind, legal_form=restored.legal_form, parties=parties)
        check_dates(restored)
    else:
        partnership = restored.partnership
        others = list(partnership.parties.exclude(pk=restored.pk))
        check_parties(kind=partnership.kind, legal_form=partnership.legal_form, parties=[*others, restored])
    restored.full_clean()
    restored.save()
    return restored
