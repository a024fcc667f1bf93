"""IATI identifiers of authorities (reporting organisations) and of projects (activities).

An authority's organisation identifier is, in this order: the one stored on its ``IatiPublisher``;
``FR-RCS-<SIREN>`` when it has a SIREN (org-id.guide's French register, which SIRENE feeds);
else ``ZZ-COOPDEC-<code>`` — a private identifier, valid in files but not registered: give the
authority an ``IatiPublisher`` before publishing on the IATI Registry.
A project's activity identifier is its ``iati_identifier``, else ``<lead's org identifier>-<pk>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

FR_RCS = "FR-RCS-"
PRIVATE = "ZZ-COOPDEC-"
LOCAL_GOVERNMENT = "11"


@dataclass(frozen=True)
class OrgRef:
    """An organisation as IATI names it: identifier, OrganisationType code, name."""

    ref: str
    type: str
    name: str


def authority_org_ref(authority) -> OrgRef:
    try:
        publisher = authority.iati_publisher
    except ObjectDoesNotExist:
        publisher = None
    if publisher is not None:
        return OrgRef(publisher.org_ref, publisher.org_type, authority.official_name or authority.name)
    ref = f"{FR_RCS}{authority.siren}" if authority.siren else f"{PRIVATE}{authority.code}"
    return OrgRef(ref, LOCAL_GOVERNMENT, authority.official_name or authority.name)


def activity_identifier(project) -> str:
    return project.iati_identifier or f"{authority_org_ref(project.lead_authority).ref}-{project.pk}"
