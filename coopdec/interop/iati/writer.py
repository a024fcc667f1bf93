"""Writes coopdec projects as an IATI 2.03 activity file, and an authority's IATI organisation file.

Streaming: one ``iati-activity`` element is built, written and dropped at a time, from projects read
by chunks with their relations prefetched, so a million projects never sit in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import BinaryIO

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from lxml import etree  # type: ignore[import-untyped]  # no pinned lxml-stubs

from coopdec.projects.models import Participant, Place

from .codes import (
    COMMITMENT,
    DAC_VOCABULARY,
    DISBURSEMENT,
    GEONAMES,
    IATI_ROLE,
    NS,
    ORG_TYPE,
    POINT_SRS,
    THEME_VOCABULARY,
    THEME_VOCABULARY_URI,
    XML_LANG,
    C,
)
from .identifiers import OrgRef, activity_identifier, authority_org_ref

VERSION = "2.03"
CHUNK = 500
PREFETCH = (
    "themes",
    Prefetch(
        "participants",
        queryset=Participant.objects.select_related("authority__iati_publisher", "organization").order_by("pk"),
    ),
    Prefetch("places", queryset=Place.objects.select_related("authority").order_by("pk")),
    "fundings__funder_authority__iati_publisher",
    "fundings__funder_organization",
    "disbursements",
    "results",
)
SubElement = etree.SubElement


def write_activities(projects: Iterable, stream: BinaryIO, *, reporting_org: OrgRef | None = None) -> int:
    """Write ``projects`` to ``stream`` (binary) as an IATI 2.03 ``iati-activities`` file; return how many.

    ``reporting_org`` reports every activity (an authority's own file); without it, each activity is
    reported by the organisation that published it (imported ones) or by its lead authority.
    """
    counter = [0]
    for chunk in activity_chunks(projects, reporting_org=reporting_org, counter=counter):
        stream.write(chunk)
    return counter[0]


class _Pending:
    """What lxml's ``xmlfile`` writes, held until the generator hands it on."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)

    def take(self) -> bytes:
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def activity_chunks(
    projects: Iterable, *, reporting_org: OrgRef | None = None, counter: list | None = None, chunk_bytes: int = 65_536
) -> Iterator[bytes]:
    """The same file as ``write_activities``, as pieces of about ``chunk_bytes``: a download starts at once and
    memory stays flat however many projects there are (``StreamingHttpResponse``)."""
    pending = _Pending()
    now = timezone.now().replace(microsecond=0).isoformat()
    with etree.xmlfile(pending, encoding="utf-8", buffered=False) as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": VERSION, "generated-datetime": now}, nsmap={"coopdec": NS}):
            for project in _chunked(projects):
                xf.write(activity_element(project, reporting_org=reporting_org), pretty_print=True)
                if counter is not None:
                    counter[0] += 1
                if pending.size >= chunk_bytes:
                    yield pending.take()
    yield pending.take()


def _chunked(projects: Iterable):
    if isinstance(projects, QuerySet):
        queryset = projects.select_related("lead_authority__iati_publisher", "iati_record").prefetch_related(*PREFETCH)
        yield from queryset.iterator(chunk_size=CHUNK)
        return
    chunk = []
    for project in projects:
        chunk.append(project)
        if len(chunk) == CHUNK:
            prefetch_related_objects(chunk, "lead_authority__iati_publisher", "iati_record", *PREFETCH)
            yield from chunk
            chunk = []
    prefetch_related_objects(chunk, "lead_authority__iati_publisher", "iati_record", *PREFETCH)
    yield from chunk


def record_of(project):
    try:
        return project.iati_record
    except ObjectDoesNotExist:
        return None


def _narratives(parent, tag: str, texts: list[tuple[str, str]], **attributes):
    element = SubElement(parent, tag, {k: v for k, v in attributes.items() if v not in (None, "")})
    for language, text in texts:
        narrative = SubElement(element, "narrative")
        if language:
            narrative.set(XML_LANG, language)
        narrative.text = text
    return element


def _texts(project, field: str) -> list[tuple[str, str]]:
    texts = [(project.language, getattr(project, field))]
    for language, values in sorted(project.translations.items()):
        if language != project.language and values.get(field):
            texts.append((language, values[field]))
    return texts


def _org(parent, tag: str, org: OrgRef, **attributes):
    attributes = {"ref": org.ref, "type": org.type, **attributes}
    return _narratives(parent, tag, [("", org.name)] if org.name else [], **attributes)


def _entity_org(authority=None, organization=None) -> OrgRef:
    if authority is not None:
        return authority_org_ref(authority)
    return OrgRef(organization.iati_ref, ORG_TYPE.get(organization.kind, "90"), organization.name)


def _split_percentages(count: int) -> list[str]:
    """``count`` shares adding up to exactly 100, to the hundredth (IATI wants 100 per vocabulary)."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), ROUND_HALF_UP)
    shares = [share] * (count - 1)
    return [str(s) for s in shares] + [str(Decimal(100) - sum(shares, Decimal(0)))]


def _amount(value) -> str:
    return format(Decimal(value).normalize(), "f") if value is not None else ""


def _period(parent, start: date, end: date):
    SubElement(parent, "period-start", {"iso-date": start.isoformat()})
    SubElement(parent, "period-end", {"iso-date": end.isoformat()})


def _fallback_date(project) -> date:
    return project.planned_start or project.actual_start or timezone.localtime(project.created_at).date()


def _last_updated(project, record) -> str:
    """As published, unless the project changed in coopdec since it was imported."""
    if record is not None and record.last_updated and project.updated_at <= record.imported_at:
        return record.last_updated
    return project.updated_at.replace(microsecond=0).isoformat()


def activity_element(project, *, reporting_org: OrgRef | None = None) -> etree._Element:
    """One ``iati-activity`` element, in the order the 2.03 schema requires."""
    record = record_of(project)
    reporter = reporting_org
    if reporter is None and record is not None and record.reporting_org_ref:
        reporter = OrgRef(record.reporting_org_ref, record.reporting_org_type, record.reporting_org_name)
    if reporter is None:
        reporter = authority_org_ref(project.lead_authority)
    attributes = {
        XML_LANG: project.language,
        "default-currency": project.currency,
        "last-updated-datetime": _last_updated(project, record),
        C + "kind": project.kind,
        C + "lead": project.lead_authority.code,
    }
    if record is not None:
        if record.hierarchy:
            attributes["hierarchy"] = record.hierarchy
        if record.humanitarian is not None:
            attributes["humanitarian"] = "1" if record.humanitarian else "0"
    activity = etree.Element("iati-activity", attributes, nsmap={"coopdec": NS})  # not "ns0"
    SubElement(activity, "iati-identifier").text = activity_identifier(project)
    _org(activity, "reporting-org", reporter)
    _narratives(activity, "title", _texts(project, "title"))
    _narratives(activity, "description", _texts(project, "description"), type="1")
    for extra in record.descriptions if record else []:
        _narratives(activity, "description", [tuple(n) for n in extra["narratives"]], type=extra.get("type"))
    _participating_orgs(activity, project)
    SubElement(activity, "activity-status", code=project.status)
    _activity_dates(activity, project)
    _geography(activity, project, record)
    _sectors(activity, project, record)
    if record is not None:
        for tag, code in (
            ("collaboration-type", record.collaboration_type),
            ("default-flow-type", record.default_flow_type),
            ("default-finance-type", record.default_finance_type),
        ):
            if code:
                SubElement(activity, tag, code=code)
        for aid_type in record.default_aid_types:
            SubElement(activity, "default-aid-type", {k: v for k, v in aid_type.items() if v})
        if record.default_tied_status:
            SubElement(activity, "default-tied-status", code=record.default_tied_status)
    _budgets(activity, project, record)
    _transactions(activity, project, record)
    for document in record.documents if record else []:
        _document_link(activity, document)
    _results(activity, project)
    return activity


def _participating_orgs(activity, project):
    participants = list(project.participants.all())
    if not participants:  # the schema wants one: the lead authority is accountable
        _org(activity, "participating-org", authority_org_ref(project.lead_authority), role="2", **{C + "role": "lead"})
    for participant in participants:
        org = _entity_org(participant.authority, participant.organization)
        _org(activity, "participating-org", org, role=IATI_ROLE[participant.role], **{C + "role": participant.role})


def _activity_dates(activity, project):
    written = False
    for code, value in (
        ("1", project.planned_start),
        ("2", project.actual_start),
        ("3", project.planned_end),
        ("4", project.actual_end),
    ):
        if value is not None:
            SubElement(activity, "activity-date", {"type": code, "iso-date": value.isoformat()})
            written = True
    if not written:  # the schema wants one; flagged so that an import does not take it for a plan
        created = timezone.localtime(project.created_at).date().isoformat()
        SubElement(activity, "activity-date", {"type": "1", "iso-date": created, C + "derived": "1"})


def _derived_countries(activity, places) -> None:
    """The countries of the foreign authorities the project takes place in, as ``recipient-country``.

    IATI readers (d-portal, the validator) expect every activity to name its recipient countries; a project in
    Dakar says so through its location only. Flagged ``coopdec:derived`` so that an import of the file does not
    add a country place beside the authority's (the location carries it); shares split evenly to 100.
    """
    codes = []
    for place in places:
        authority = place.authority
        if authority is not None and not authority.is_french and authority.country_id not in codes:
            codes.append(authority.country_id)
    shares: list[str | None] = [*_split_percentages(len(codes))] if len(codes) > 1 else [None] * len(codes)
    for code, share in zip(codes, shares, strict=True):
        attributes = {"code": code, C + "derived": "1"}
        if share:
            attributes["percentage"] = share
        SubElement(activity, "recipient-country", attributes)


def _geography(activity, project, record):
    places = list(project.places.all())
    countries = []
    for place in places:
        code = place.country_id
        if code is None and place.authority is not None and not place.authority.is_french:
            continue  # a foreign authority's place goes out as a location, with its own country attribute
        if code and place.authority is None and place.latitude is None and not place.name and code not in countries:
            countries.append(code)
    unmatched = record.unmatched if record else []
    for entry in unmatched:  # countries missing from the reference data still go out as published
        if entry["element"] == "recipient-country" and entry["code"] not in countries:
            countries.append(entry["code"])
    recorded = {c["code"]: c.get("percentage", "") for c in (record.recipient_countries if record else [])}
    use_recorded = set(recorded) == set(countries)
    for code in countries:
        SubElement(
            activity,
            "recipient-country",
            code=code,
            **({"percentage": recorded[code]} if use_recorded and recorded[code] else {}),
        )
    regions = record.recipient_regions if record else []
    for region in regions:
        SubElement(activity, "recipient-region", {k: v for k, v in region.items() if v})
    if not countries and not regions:
        _derived_countries(activity, places)
    for place in places:
        if place.authority is None and place.latitude is None and not place.name:
            continue
        attributes = {}
        if place.authority is not None:
            attributes["ref"] = place.authority.code
        if place.country_id:
            attributes[C + "country"] = place.country_id
        location = SubElement(activity, "location", attributes)
        if place.authority is not None and place.authority.geonames_id:
            SubElement(location, "location-id", vocabulary=GEONAMES, code=str(place.authority.geonames_id))
        name = place.name or (place.authority.name if place.authority else "")
        if name:
            _narratives(location, "name", [("", name)], **({C + "named": "1"} if place.name else {}))
        if place.latitude is not None and place.longitude is not None:
            point = SubElement(location, "point", srsName=POINT_SRS)
            SubElement(point, "pos").text = f"{place.latitude} {place.longitude}"
    for entry in unmatched:
        if entry["element"] == "location":
            location = SubElement(activity, "location", {"ref": entry["ref"]} if entry["ref"] else {})
            if entry["geonames"]:
                SubElement(location, "location-id", vocabulary=GEONAMES, code=entry["geonames"])
            if entry["name"]:
                _narratives(location, "name", [("", entry["name"])], **{C + "named": "1"})


def _sectors(activity, project, record):
    themes = list(project.themes.all())
    if record is not None and record.sectors:
        for sector in record.sectors:
            attributes = {k: sector[k] for k in ("vocabulary", "vocabulary-uri", "code", "percentage") if sector.get(k)}
            _narratives(activity, "sector", [tuple(n) for n in sector.get("narratives", [])], **attributes)
    else:
        codes = list(dict.fromkeys(str(code) for theme in themes for code in theme.dac_codes))
        for code, share in zip(codes, _split_percentages(len(codes)) if codes else [], strict=True):
            SubElement(activity, "sector", vocabulary=DAC_VOCABULARY, code=code, percentage=share)
    if themes:
        for theme, share in zip(themes, _split_percentages(len(themes)), strict=True):
            _narratives(
                activity,
                "sector",
                [("en", theme.label_en), ("fr", theme.label_fr)],
                vocabulary=THEME_VOCABULARY,
                **{"vocabulary-uri": THEME_VOCABULARY_URI},
                code=theme.code,
                percentage=share,
            )


def _budgets(activity, project, record):
    if record is not None and record.budgets:
        for budget in record.budgets:
            element = SubElement(activity, "budget", {k: budget[k] for k in ("type", "status") if budget.get(k)})
            SubElement(element, "period-start", {"iso-date": budget["start"]})
            SubElement(element, "period-end", {"iso-date": budget["end"]})
            value = {"value-date": budget["value_date"]}
            if budget.get("currency"):
                value["currency"] = budget["currency"]
            SubElement(element, "value", value).text = budget["value"]
        return
    if project.budget is None:
        return
    start = project.planned_start or _fallback_date(project)
    end = project.planned_end or start + timedelta(days=364)
    element = SubElement(activity, "budget", type="1", status="1")
    _period(element, start, end)
    SubElement(element, "value", {"currency": project.currency, "value-date": start.isoformat()}).text = _amount(
        project.budget
    )


def _transaction(activity, *, code: str, on: date, value_date: date, amount, currency: str, extra=None):
    element = SubElement(activity, "transaction", extra or {})
    SubElement(element, "transaction-type", code=code)
    SubElement(element, "transaction-date", {"iso-date": on.isoformat()})
    SubElement(element, "value", {"currency": currency, "value-date": value_date.isoformat()}).text = _amount(amount)
    return element


def _transactions(activity, project, record):
    for funding in project.fundings.all():
        on = funding.value_date or (date(funding.year, 1, 1) if funding.year else _fallback_date(project))
        extra = {C + "instrument": funding.instrument, C + "in-kind": "1" if funding.in_kind else "0"}
        if funding.year:
            extra[C + "year"] = str(funding.year)
        if funding.value_date is None:
            extra[C + "derived-date"] = "1"
        element = _transaction(
            activity,
            code=COMMITMENT,
            on=on,
            value_date=on,
            amount=funding.amount,
            currency=funding.currency,
            extra=extra,
        )
        if funding.funder is not None:
            _org(element, "provider-org", _entity_org(funding.funder_authority, funding.funder_organization))
    for disbursement in project.disbursements.all():
        on = disbursement.paid_on or date(disbursement.year, 12, 31)
        extra = {C + "year": str(disbursement.year)}
        if disbursement.paid_on is None:
            extra[C + "derived-date"] = "1"
        _transaction(
            activity,
            code=DISBURSEMENT,
            on=on,
            value_date=on,
            amount=disbursement.amount,
            currency=disbursement.currency,
            extra=extra,
        )
    for other in record.other_transactions if record else []:
        element = SubElement(activity, "transaction", {"ref": other["ref"]} if other.get("ref") else {})
        SubElement(element, "transaction-type", code=other["type"])
        SubElement(element, "transaction-date", {"iso-date": other["date"]})
        value = {"value-date": other["value_date"]}
        if other.get("currency"):
            value["currency"] = other["currency"]
        SubElement(element, "value", value).text = other["value"]
        if other.get("description"):
            _narratives(element, "description", [tuple(n) for n in other["description"]])
        for tag in ("provider-org", "receiver-org"):
            org = other.get(tag)
            if org:
                _narratives(
                    element,
                    tag,
                    [("", org["name"])] if org.get("name") else [],
                    **{k: org.get(k) for k in ("ref", "type")},
                )


def _document_link(activity, document):
    element = SubElement(activity, "document-link", url=document["url"], format=document["format"])
    _narratives(element, "title", [tuple(n) for n in document["title"]] or [("", "")])
    for code in document.get("categories", []):
        SubElement(element, "category", code=code)
    for code in document.get("languages", []):
        SubElement(element, "language", code=code)
    if document.get("date"):
        SubElement(element, "document-date", {"iso-date": document["date"]})


def _results(activity, project):
    for result in project.results.all():
        year = result.year or _fallback_date(project).year
        element = SubElement(activity, "result", type="1")
        _narratives(element, "title", [("", result.indicator)])
        attributes = {"measure": "1"}
        if result.unit:
            attributes[C + "unit"] = result.unit
        if result.year is None:
            attributes[C + "derived-year"] = "1"
        indicator = SubElement(element, "indicator", attributes)
        _narratives(indicator, "title", [("", result.indicator)])
        if result.baseline is not None:
            SubElement(indicator, "baseline", year=str(year), value=_amount(result.baseline))
        if result.year is not None or result.target is not None or result.achieved is not None:
            period = SubElement(indicator, "period")
            _period(period, date(year, 1, 1), date(year, 12, 31))
            if result.target is not None:
                SubElement(period, "target", value=_amount(result.target))
            if result.achieved is not None:
                SubElement(period, "actual", value=_amount(result.achieved))


def write_organisation(authority, projects: Iterable, stream: BinaryIO) -> None:
    """The authority's IATI organisation file: its identifier, name and total budget per year.

    The yearly total adds up the funding lines the authority pays (by budget year, else value date),
    in each currency: IATI wants one currency per ``total-budget``.
    """
    org = authority_org_ref(authority)
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for project in projects:
        for funding in project.fundings.all():
            if funding.funder_authority_id != authority.pk:
                continue
            year = funding.year or (funding.value_date or _fallback_date(project)).year
            totals[(year, funding.currency)] += funding.amount
    now = timezone.now().replace(microsecond=0).isoformat()
    root = etree.Element("iati-organisations", {"version": VERSION, "generated-datetime": now})
    organisation = SubElement(
        root, "iati-organisation", {XML_LANG: "fr", "default-currency": "EUR", "last-updated-datetime": now}
    )
    SubElement(organisation, "organisation-identifier").text = org.ref
    _narratives(organisation, "name", [("", org.name)])
    _org(organisation, "reporting-org", org)
    for (year, currency), amount in sorted(totals.items()):
        budget = SubElement(organisation, "total-budget", status="2")
        _period(budget, date(year, 1, 1), date(year, 12, 31))
        SubElement(budget, "value", {"currency": currency, "value-date": f"{year}-01-01"}).text = _amount(amount)
    stream.write(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
