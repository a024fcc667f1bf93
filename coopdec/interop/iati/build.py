"""How the importer turns an activity read from a file into rows: references matched, values checked and bounded.

Reference data (countries, authorities, organisations, themes) is read once into dictionaries
(``Reference``); each activity's rows are lists of column values, in the orders of ``store``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from coopdec.lib.money import validate_currency
from coopdec.lib.text import fold
from coopdec.organizations.models import Organization
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import ONE_PERCENT_INSTRUMENTS, Instrument, ParticipantRole, ProjectKind
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from ..models import IatiPublisher
from .codes import DAC_VOCABULARY, DEFAULT_ORG_KIND, ORG_KIND
from .identifiers import FR_RCS, PRIVATE
from .reader import Activity, Problem
from .state import ImportState
from .store import RECORD_JSON

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e14")
KINDS = set(ProjectKind.values)
INSTRUMENTS = set(Instrument.values)
ROLES = set(ParticipantRole.values)
LANGUAGE_MAX = 10
FOLDED = 20_000


def _money(value: str) -> Decimal:
    amount = Decimal(value).quantize(CENT, ROUND_HALF_UP)
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(value)
    return amount


class Reference:
    """The reference data an import matches against, read once."""

    def __init__(self):
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.authority_by_code, self.authority_by_iso, self.authority_by_geonames = {}, {}, {}
        self.authority_by_siren, self.authority_by_name = {}, {}
        for pk, code, iso, geonames, siren, country, name in Authority.objects.values_list(
            "pk", "code", "iso_code", "geonames_id", "siren", "country_id", "name"
        ).iterator(chunk_size=5000):
            self.authority_by_code[code] = pk
            if iso:
                self.authority_by_iso[iso.upper()] = pk
            if geonames:
                self.authority_by_geonames[str(geonames)] = pk
            if siren:
                self.authority_by_siren[siren] = pk
            key = (country, fold(name))
            # An ambiguous name matches nothing rather than the wrong authority.
            self.authority_by_name[key] = None if key in self.authority_by_name else pk
        self.publisher = dict(IatiPublisher.objects.values_list("org_ref", "authority_id"))
        self.organization_by_ref = dict(Organization.objects.exclude(iati_ref="").values_list("iati_ref", "pk"))
        self.organization_by_name = {}
        for pk, name in Organization.objects.filter(iati_ref="").values_list("pk", "name").iterator(chunk_size=5000):
            self.organization_by_name.setdefault(fold(name), pk)
        self.theme_by_code = dict(Theme.objects.values_list("code", "pk"))
        self.themes_by_dac: dict[str, list[int]] = {}
        for pk, codes in Theme.objects.values_list("pk", "dac_codes"):
            for code in codes:
                self.themes_by_dac.setdefault(str(code), []).append(pk)

    def authority_of_ref(self, ref: str) -> int | None:
        if not ref:
            return None
        if ref in self.publisher:
            return self.publisher[ref]
        if ref.startswith(FR_RCS):
            return self.authority_by_siren.get(ref[len(FR_RCS) :])
        if ref.startswith(PRIVATE):
            return self.authority_by_code.get(ref[len(PRIVATE) :])
        return None


class RowBuilder(ImportState):
    """The row-building half of ``Importer`` (a mixin: it shares the importer's state)."""

    folded: dict[str, str]

    def _fold(self, text: str) -> str:
        """``fold``, remembered (up to ``FOLDED`` names): an import meets the same names again and again."""
        found = self.folded.get(text)
        if found is None:
            if len(self.folded) >= FOLDED:
                self.folded.clear()
            found = self.folded[text] = fold(text)
        return found

    def _build(self, activity: Activity, name: str):
        """The rows of one activity as lists of column values, its references resolved; ``None`` (and a skip) when it
        cannot be stored. Cheap checks stand in for ``full_clean``: each value is checked or bounded as it is read."""
        data, ref, dump = activity.data, self.reference, self.dump
        warnings: list[Problem] = []

        def warn(element: str, message: str) -> None:
            warnings.append(Problem(activity.line, element, message))

        lead_id = ref.authority_by_code.get(data["lead"]) or ref.authority_of_ref(data["reporting_org"]["ref"])
        if lead_id is None:
            for participant in data["participants"]:
                if participant["role"] == ParticipantRole.LEAD:
                    lead_id = ref.authority_of_ref(participant["ref"])
                    if lead_id:
                        break
        lead_id = lead_id or self.holder_id
        if lead_id is None and activity.project_pk is None:
            self.report.skip(
                activity,
                Problem(
                    activity.line,
                    "reporting-org",
                    f"reporting organisation {data['reporting_org']['ref']!r} is no authority known to coopdec, "
                    "and no holding authority was chosen (--authority)",
                ),
                name,
            )
            return None
        currency = data["currency"] or next((f["currency"] for f in data["fundings"]), "") or "EUR"
        try:
            validate_currency(currency)
        except ValidationError:
            self.report.skip(
                activity, Problem(activity.line, "default-currency", f"unknown currency {currency!r}"), name
            )
            return None
        try:
            budget = self._budget(data, currency)
            fundings = [self._funding(f, warn) for f in data["fundings"]]
            disbursements = []
            for d in data["disbursements"]:
                validate_currency(d["currency"])
                disbursements.append([None, d["year"], _money(d["amount"]), d["currency"], d["paid_on"]])
            results = [
                [
                    None,
                    r["indicator"],
                    r["unit"][:50],
                    r["baseline"] and _money(r["baseline"]),
                    r["target"] and _money(r["target"]),
                    r["achieved"] and _money(r["achieved"]),
                    r["year"],
                ]
                for r in data["results"]
            ]
        except (ValueError, ArithmeticError) as error:
            self.report.skip(activity, Problem(activity.line, "value", f"amount out of range: {error}"), name)
            return None
        except ValidationError as error:
            self.report.skip(activity, Problem(activity.line, "transaction/value", " ".join(error.messages)), name)
            return None
        language = data["language"] if len(data["language"]) <= LANGUAGE_MAX else "en"
        kind = (
            data["kind"]
            if data["kind"] in KINDS
            else (ProjectKind.EMERGENCY_HUMANITARIAN if data["humanitarian"] else ProjectKind.DEVELOPMENT)
        )
        project = {
            "title": data["title"],
            "description": data["description"],
            "language": language,
            "translations": data["translations"],
            "lead_authority_id": lead_id,
            "kind": kind,
            "status": data["status"],
            "planned_start": data["planned_start"],
            "planned_end": data["planned_end"],
            "actual_start": data["actual_start"],
            "actual_end": data["actual_end"],
            "budget": budget,
            "currency": currency,
            "iati_identifier": data["identifier"],
            "visibility": Visibility.PUBLIC,
        }
        participants = self._participants(data, warn)
        places, unmatched = self._places(data, warn)
        theme_ids = [ref.theme_by_code[c] for c in data["themes"] if c in ref.theme_by_code]
        for code in data["themes"]:
            if code not in ref.theme_by_code:
                warn("sector", f"theme {code!r} unknown to this platform: not carried")
        if not data["themes"]:
            for sector in data["sectors"]:
                if sector["vocabulary"] in ("", DAC_VOCABULARY):
                    theme_ids.extend(ref.themes_by_dac.get(sector["code"], []))
        reporting = data["reporting_org"]
        record = [
            None,
            reporting["ref"][:200],
            reporting["type"][:3],
            reporting["name"][:300],
            data["hierarchy"][:5],
            data["humanitarian"],
            data["last_updated"][:40],
            data["collaboration_type"][:5],
            data["default_flow_type"][:5],
            data["default_finance_type"][:5],
            data["default_tied_status"][:5],
            *(dump(data[key], None) for key in RECORD_JSON),
            dump(unmatched, None),
            activity.hash,
            self.job.pk if self.job is not None else None,
            self.now,
        ]
        for warning in warnings:
            self.report.warnings.append({"file": name, "identifier": activity.identifier, **warning.as_dict()})
        return {
            "project": project,
            "participants": participants,
            "places": places,
            "fundings": fundings,
            "disbursements": disbursements,
            "results": results,
            "themes": list(dict.fromkeys(theme_ids)),
            "record": record,
        }

    def _budget(self, data: dict, currency: str) -> Decimal | None:
        budgets = [b for b in data["budgets"] if (b["currency"] or currency) == currency]
        if not budgets:
            return None
        revised = [b for b in budgets if b["type"] == "2"]
        total = sum((Decimal(b["value"]) for b in (revised or budgets)), Decimal(0))
        return _money(str(total)) if total >= 0 else None

    def _funding(self, line: dict, warn) -> list:
        funder_authority = funder_organization = None
        if line["provider"]:
            kind, pk = self._entity(line["provider"], warn)
            funder_authority, funder_organization = (pk, None) if kind == "authority" else (None, pk)
        instrument = line["instrument"] if line["instrument"] in INSTRUMENTS else Instrument.OTHER
        if instrument in ONE_PERCENT_INSTRUMENTS and not (funder_authority and line["year"]):
            warn("transaction", f"{instrument} line without a funding authority and a year: counted as 'other'")
            instrument = Instrument.OTHER
        validate_currency(line["currency"])
        # funder_organization may be an Organization created in bulk just before the rows are stored.
        return [
            None,
            funder_authority,
            funder_organization,
            instrument,
            _money(line["amount"]),
            line["currency"],
            line["in_kind"],
            line["value_date"],
            line["year"],
        ]

    def _entity(self, org: dict, warn):
        """``("authority", pk)`` or ``("organization", pk or new Organization)`` for an IATI organisation."""
        ref = self.reference
        authority = ref.authority_of_ref(org["ref"])
        if authority:
            return "authority", authority
        if org["ref"]:
            if org["ref"] in ref.organization_by_ref:
                return "organization", ref.organization_by_ref[org["ref"]]
            key = ("ref", org["ref"])
        else:
            folded = self._fold(org["name"])
            if folded in ref.organization_by_name:
                return "organization", ref.organization_by_name[folded]
            key = ("name", folded)
        if key not in self.new_organizations:
            self.new_organizations[key] = Organization(
                name=(org["name"] or org["ref"])[:255],
                kind=ORG_KIND.get(org["type"], DEFAULT_ORG_KIND),
                iati_ref=org["ref"][:100],
                search_text=fold(org["name"] or org["ref"]),
            )
        return "organization", self.new_organizations[key]

    def _participants(self, data: dict, warn) -> list[list]:
        participants, seen = [], set()
        for org in data["participants"]:
            if not (org["ref"] or org["name"]):
                warn("participating-org", "organisation without identifier nor name: not carried")
                continue
            role = org["role"] if org["role"] in ROLES else ParticipantRole.PARTNER
            kind, entity = self._entity(org, warn)
            key = (kind, id(entity) if isinstance(entity, Organization) else entity, role)
            if key in seen:
                continue
            seen.add(key)
            if kind == "authority":
                participants.append([None, entity, None, role])
            else:
                participants.append([None, None, entity, role])
        return participants

    def _places(self, data: dict, warn) -> tuple[list[list], list[dict]]:
        ref = self.reference
        places, unmatched = [], []
        for country in data["recipient_countries"]:
            if country["code"] in ref.countries:
                places.append([None, None, country["code"], "", None, None])
            else:
                unmatched.append({"element": "recipient-country", "code": country["code"]})
                warn("recipient-country", f"country {country['code']!r} is not in the reference data: kept aside")
        single_country = data["recipient_countries"][0]["code"] if len(data["recipient_countries"]) == 1 else None
        for location in data["locations"]:
            country = location["country"] if location["country"] in ref.countries else None
            authority = (
                ref.authority_by_code.get(location["ref"])
                or ref.authority_by_iso.get(location["ref"].upper())
                or ref.authority_by_geonames.get(location["geonames"])
            )
            if authority is None and location["name"] and (country or single_country):
                authority = ref.authority_by_name.get((country or single_country, self._fold(location["name"])))
            name = location["name"]
            if authority is not None and not location["named"] and location["ref"] in ref.authority_by_code:
                name = ""  # coopdec wrote the authority's own name
            if authority is None and location["lat"] is None and country is None:
                unmatched.append({"element": "location", **{k: location[k] for k in ("ref", "name", "geonames")}})
                warn("location", f"location {location['name'] or location['ref']!r} matches no place: kept aside")
                continue
            places.append([None, authority, country, name, location["lat"], location["lon"]])
        return places, unmatched
