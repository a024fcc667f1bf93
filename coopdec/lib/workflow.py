"""A step of a life cycle, as the workflow tables of the domain apps hold them (declarations, calls' applications)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Transition:
    """The action ``action`` (named ``label``) leads from one of ``sources`` to ``target``."""

    action: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    by_coordinator: bool  # a coordinator acts; otherwise the authority's editors
