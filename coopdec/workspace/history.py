"""The objects whose history the workspace shows and restores, with who may do it and which service reverts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.funding import perms as funding_perms
from coopdec.funding import services as funding_services
from coopdec.funding.models import ServiceBudget
from coopdec.lib.history import history_of
from coopdec.partnerships import affiliation_services
from coopdec.partnerships import perms as partnership_perms
from coopdec.partnerships import services as partnership_services
from coopdec.partnerships.models import Affiliation, AffiliationContribution, Delegate, Partnership
from coopdec.projects import perms as project_perms
from coopdec.projects import services as project_services
from coopdec.projects.models import Funding, Project

PAGE_SIZE = 25
# Bookkeeping fields that change on every save and tell the reader nothing.
IGNORED_FIELDS = ("updated_at", "created_at", "search_text")


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    label: Any
    can_view: Callable[[Any, Any], bool]
    can_revert: Callable[[Any, Any], bool]
    revert: Callable[..., Any]
    select_related: tuple[str, ...] = ()


TRACKED = {
    "partnership": Tracked(
        Partnership,
        _("partnership"),
        partnership_perms.can_view_history,
        partnership_perms.can_revert,
        partnership_services.revert,
    ),
    "project": Tracked(
        Project, _("project"), project_perms.can_view_history, project_perms.can_revert, project_services.revert
    ),
    "funding": Tracked(
        Funding,
        _("funding line"),
        project_perms.can_view_history,
        project_perms.can_revert,
        funding_services.revert,
        ("project",),
    ),
    "service-budget": Tracked(
        ServiceBudget,
        _("service budget"),
        funding_perms.can_view_history,
        funding_perms.can_revert,
        funding_services.revert,
        ("authority",),
    ),
    "affiliation": Tracked(
        Affiliation,
        _("membership of an international organisation"),
        partnership_perms.can_view_affiliation_history,
        partnership_perms.can_revert_affiliation,
        affiliation_services.revert,
        ("authority", "organization"),
    ),
    "contribution": Tracked(
        AffiliationContribution,
        _("yearly contribution"),
        partnership_perms.can_view_affiliation_history,
        partnership_perms.can_revert_affiliation,
        affiliation_services.revert,
        ("affiliation__authority", "affiliation__organization"),
    ),
    "delegate": Tracked(
        Delegate,
        _("delegate abroad"),
        partnership_perms.can_view_affiliation_history,
        partnership_perms.can_revert_affiliation,
        affiliation_services.revert,
        ("authority", "country"),
    ),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Version:
    record: Any
    changes: list[FieldChange]

    @property
    def is_creation(self) -> bool:
        return self.record.history_type == "+"


def _readable(field: models.Field, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ForeignKey):
        return f"#{value}"
    return value


def changes_between(new, old, model: type[models.Model]) -> list[FieldChange]:
    """The fields that differ from ``old`` to ``new`` (two historical records), labelled for the reader."""
    delta = new.diff_against(old, excluded_fields=IGNORED_FIELDS)
    result = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        assert isinstance(field, models.Field), f"{change.field}: diff_against compares fields, never relations"
        result.append(FieldChange(str(field.verbose_name), _readable(field, change.old), _readable(field, change.new)))
    return result


def versions_page(obj: models.Model, page_number) -> tuple[Page, list[Version]]:
    """One page of ``obj``'s versions, newest first, each with what changed since the one before it."""
    history = history_of(obj).select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(history, PAGE_SIZE).get_page(page_number)
    # One more record than the page holds: the last version on the page is compared with it.
    start = (page.number - 1) * PAGE_SIZE
    records = list(history[start : start + PAGE_SIZE + 1])
    versions = []
    for index, record in enumerate(records[:PAGE_SIZE]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = changes_between(record, previous, type(obj)) if previous is not None else []
        versions.append(Version(record, changes))
    return page, versions


def changes_to_restore(obj: models.Model, record) -> list[FieldChange]:
    """What restoring ``record`` would change in ``obj`` as it is now (its latest version)."""
    latest = history_of(obj).order_by("-history_date", "-history_id").first()
    return changes_between(record, latest, type(obj)) if latest is not None else []
