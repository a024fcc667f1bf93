"""Writes on projects: create, amend, participants (the lead always one of them), revert.

Funding lines and disbursements are written by ``coopdec.funding.services``, which knows the 1 %
ceilings. Every function checks ``perms`` (``PermissionDenied``), then the rules of docs/rules.md
(``ValidationError``), and writes in one transaction with the author recorded in the history;
non-blocking warnings come back with the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopdec.lib.concurrency import check_version
from coopdec.lib.history import M, by, version_of
from coopdec.partnerships import perms as partnership_perms
from coopdec.partnerships.enums import Visibility

from . import perms
from .enums import KINDS_EXPECTING_PARTNERSHIP, ParticipantRole, ProjectStatus
from .models import Participant, Place, Project, Result

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.organizations.models import Organization
    from coopdec.partnerships.models import Partnership
    from coopdec.territories.models import Authority, Country
    from coopdec.themes.models import Theme

UPDATABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "language",
        "translations",
        "lead_authority",
        "partnership",
        "kind",
        "status",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "budget",
        "currency",
        "visibility",
        "iati_identifier",
    }
)


@dataclass(frozen=True)
class ParticipantSpec:
    """A participant to add: an authority or an organisation, with its role (never ``lead``: that is the lead's)."""

    authority: Authority | None = None
    organization: Organization | None = None
    role: str = ParticipantRole.PARTNER


@dataclass
class ProjectOutcome:
    """The project written, and what the user should know but may go on with."""

    project: Project
    warnings: list[str] = field(default_factory=list)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def check_project(project: Project) -> None:
    """Dates in order and a non-negative budget — said clearly before the database refuses it."""
    errors = []
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        starts_on, ends_on = getattr(project, start), getattr(project, end)
        if starts_on and ends_on and ends_on < starts_on:
            errors.append(
                ValidationError(
                    _("The end date (%(ends_on)s) is before the start date (%(starts_on)s)."),
                    params={"ends_on": ends_on, "starts_on": starts_on},
                    code="ends_before_start",
                )
            )
    if project.budget is not None and project.budget < 0:
        errors.append(ValidationError(_("The budget cannot be negative."), code="negative"))
    if errors:
        raise ValidationError(errors)


def project_warnings(project: Project) -> list[str]:
    """What is allowed but worth a second look: a development project with no partnership, a lead outside it."""
    warnings = []
    if project.partnership_id is None and project.kind in KINDS_EXPECTING_PARTNERSHIP:
        warnings.append(
            _(
                "This %(kind)s project is not attached to any partnership; only emergency humanitarian aid "
                "goes without one as a rule."
            )
            % {"kind": project.get_kind_display().lower()}
        )
    if (
        project.partnership is not None
        and not project.partnership.parties.filter(authority_id=project.lead_authority_id).exists()
    ):
        warnings.append(
            _("%(authority)s, which leads the project, is not a party to the partnership %(partnership)s.")
            % {"authority": project.lead_authority, "partnership": project.partnership}
        )
    return warnings


def _check_partnership_visible(author: User, partnership: Partnership | None) -> None:
    if partnership is not None and not partnership_perms.can_view_partnership(author, partnership):
        raise PermissionDenied


def _check_specs(project: Project, participants: Sequence[ParticipantSpec]) -> None:
    seen = set()
    for spec in participants:
        if spec.role == ParticipantRole.LEAD:
            raise ValidationError(
                _("The lead role belongs to the lead authority (%(authority)s); change the lead authority instead."),
                params={"authority": project.lead_authority},
                code="second_lead",
            )
        key = (getattr(spec.authority, "pk", None), getattr(spec.organization, "pk", None), spec.role)
        if key in seen:
            raise ValidationError(
                _("%(entity)s is listed twice with the same role."),
                params={"entity": spec.authority or spec.organization},
                code="participant_twice",
            )
        seen.add(key)


def _save(obj: M, author: User, reason: str = "") -> M:
    obj.full_clean()
    by(obj, author, reason).save()
    return obj


def _add(
    project: Project,
    author: User,
    *,
    authority: Authority | None = None,
    organization: Organization | None = None,
    role: str,
) -> Participant:
    participant = Participant(project=project, authority=authority, organization=organization, role=role)
    return _save(participant, author)


@transaction.atomic
def create_project(
    *,
    author: User,
    title: str,
    lead_authority: Authority,
    kind: str,
    partnership: Partnership | None = None,
    participants: Sequence[ParticipantSpec] = (),
    themes: Iterable[Theme] = (),
    description: str = "",
    language: str = "fr",
    status: str = ProjectStatus.PIPELINE,
    planned_start: date | None = None,
    planned_end: date | None = None,
    actual_start: date | None = None,
    actual_end: date | None = None,
    budget: Decimal | None = None,
    currency: str = "EUR",
    visibility: str = Visibility.PUBLIC,
    iati_identifier: str | None = None,
) -> ProjectOutcome:
    """Create a project, from a partnership or standalone; its lead authority becomes its lead participant."""
    _require(perms.can_create_project_for(author, lead_authority))
    _check_partnership_visible(author, partnership)
    project = Project(
        title=title,
        lead_authority=lead_authority,
        kind=kind,
        partnership=partnership,
        description=description,
        language=language,
        status=status,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        budget=budget,
        currency=currency,
        visibility=visibility,
        iati_identifier=iati_identifier,
        created_by=author,
    )
    check_project(project)
    _check_specs(project, participants)
    _save(project, author)
    _add(project, author, authority=lead_authority, role=ParticipantRole.LEAD)
    for spec in participants:
        _add(project, author, authority=spec.authority, organization=spec.organization, role=spec.role)
    project.themes.set(themes)
    return ProjectOutcome(project, project_warnings(project))


def _move_lead(project: Project, author: User) -> None:
    """The new lead authority takes the lead role; the former lead stays on as a partner."""
    for participant in project.participants.filter(role=ParticipantRole.LEAD).exclude(
        authority_id=project.lead_authority_id
    ):
        already_partner = project.participants.filter(
            authority_id=participant.authority_id,  # type: ignore[misc]  # a lead participant is an authority
            role=ParticipantRole.PARTNER,
        ).exists()
        if already_partner:
            by(participant, author).delete()
        else:
            participant.role = ParticipantRole.PARTNER
            _save(participant, author)
    if not project.participants.filter(authority_id=project.lead_authority_id, role=ParticipantRole.LEAD).exists():
        _add(project, author, authority=project.lead_authority, role=ParticipantRole.LEAD)


@transaction.atomic
def update_project(
    *,
    project: Project,
    author: User,
    themes: Iterable[Theme] | None = None,
    expected_version: int | None = None,
    **changes: Any,
) -> ProjectOutcome:
    """Change a project's fields (``UPDATABLE_FIELDS``); a new lead authority takes the lead role.

    ``expected_version`` is the version the author last saw: if someone saved since, nothing is written
    (``stale_version``, see lib/concurrency.py).
    """
    _require(perms.can_edit_project(author, project))
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"update_project() cannot change {', '.join(sorted(unknown))}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    check_version(project, expected_version)
    previous_lead_id = project.lead_authority_id
    for name, value in changes.items():
        setattr(project, name, value)
    if "partnership" in changes:
        _check_partnership_visible(author, project.partnership)
    check_project(project)
    _save(project, author)
    if project.lead_authority_id != previous_lead_id:
        _move_lead(project, author)
    if themes is not None:
        project.themes.set(themes)
    return ProjectOutcome(project, project_warnings(project))


@transaction.atomic
def add_participant(
    *,
    project: Project,
    author: User,
    role: str,
    authority: Authority | None = None,
    organization: Organization | None = None,
) -> Participant:
    """Add an authority or an organisation to a project with a role (partner, operator, funder, beneficiary)."""
    _require(perms.can_edit_project(author, project))
    _check_specs(project, [ParticipantSpec(authority=authority, organization=organization, role=role)])
    return _add(project, author, authority=authority, organization=organization, role=role)


def _is_the_lead(participant: Participant) -> bool:
    return (
        participant.role == ParticipantRole.LEAD and participant.authority_id == participant.project.lead_authority_id
    )


def _refuse_removing_lead(participant: Participant) -> ValidationError:
    return ValidationError(
        _("%(authority)s leads this project, so it stays one of its participants; change the lead authority first."),
        params={"authority": participant.authority},
        code="lead_removed",
    )


@transaction.atomic
def remove_participant(*, participant: Participant, author: User) -> None:
    """Remove a participant — never the lead authority's lead participation."""
    _require(perms.can_edit_project(author, participant.project))
    if _is_the_lead(participant):
        raise _refuse_removing_lead(participant)
    by(participant, author).delete()


@transaction.atomic
def add_place(
    *,
    project: Project,
    author: User,
    authority: Authority | None = None,
    country: Country | None = None,
    name: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Place:
    """Locate a project: an authority, a country, or a point (the database refuses a place with none)."""
    _require(perms.can_edit_project(author, project))
    place = Place(
        project=project, authority=authority, country=country, name=name, latitude=latitude, longitude=longitude
    )
    return _save(place, author)


@transaction.atomic
def remove_place(*, place: Place, author: User) -> None:
    _require(perms.can_edit_project(author, place.project))
    by(place, author).delete()


@transaction.atomic
def save_result(*, result: Result, author: User) -> Result:
    """Add or change a result (indicator, baseline, target, achieved) of the project it belongs to."""
    _require(perms.can_edit_project(author, result.project))
    return _save(result, author)


@transaction.atomic
def delete_result(*, result: Result, author: User) -> None:
    _require(perms.can_edit_project(author, result.project))
    by(result, author).delete()


@transaction.atomic
def revert(*, obj: Project | Participant, to_history_id: int, author: User) -> Project | Participant:
    """Restore a project or a participant to a recorded version; the lead stays a participant."""
    _require(perms.can_revert(author, obj))
    if isinstance(obj, Project):
        project = version_of(obj, to_history_id, author=author)
        check_project(project)
        project.full_clean()
        project.save()
        _move_lead(project, author)  # does nothing unless the restored version has another lead
        return project
    restored = version_of(obj, to_history_id, author=author)
    if _is_the_lead(obj) and (restored.role != obj.role or restored.authority_id != obj.authority_id):
        raise _refuse_removing_lead(obj)
    if restored.role == ParticipantRole.LEAD and restored.authority_id != restored.project.lead_authority_id:
        _check_specs(restored.project, [ParticipantSpec(authority=restored.authority, role=ParticipantRole.LEAD)])
    restored.full_clean()
    restored.save()
    return restored
