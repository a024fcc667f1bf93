"""Reads one ``iati-activity`` element into an ``Activity``: what coopdec stores, and what went wrong."""

from __future__ import annotations

from .names import (
    COMMITMENT,
    COOPDEC_ROLE,
    DATE_FIELDS,
    DISBURSEMENT,
    GEONAMES,
    THEME_VOCABULARY,
    THEME_VOCABULARY_URI,
    XML_LANG,
    C,
)
from .parsing import (
    C_DERIVED,
    C_DERIVED_DATE,
    C_IN_KIND,
    C_INSTRUMENT,
    C_ROLE,
    C_YEAR,
    INDICATOR_MAX,
    NAME_MAX,
    TITLE_MAX,
    Activity,
    Problem,
    _date,
    _dated,
    _decimal,
    _narratives,
    _text,
)


class ActivityReader:
    """Reads one activity element into an ``Activity``; codelists are loaded once, as sets."""

    def __init__(self, version: str, default_lang: str = "", known: dict[str, frozenset[str]] | None = None):
        self.version = version
        self.default_lang = default_lang
        if known is None:
            from .material import codelists  # Django's settings say where: not in a reading process

            known = codelists()
        self.codelists = known
        # The codelists checked once or more per transaction, organisation or date, looked up once.
        empty: frozenset[str] = frozenset()
        self.transaction_types = self.codelists.get("TransactionType")
        self.currencies = self.codelists.get("Currency")
        self.roles = self.codelists.get("OrganisationRole", empty)
        self.org_types = self.codelists.get("OrganisationType", empty)
        self.checked = bool(self.codelists)

    def check(self, activity: Activity, element, codelist: str, code: str, what: str) -> None:
        known = self.codelists.get(codelist)
        if code and known is not None and code not in known:
            activity.warnings.append(
                Problem(element.sourceline, what, f"code {code!r} is not in the {codelist} codelist")
            )

    def read(self, element) -> Activity:
        activity = Activity(element.sourceline, {})
        # One pass over the children, then dictionary look-ups: lxml's find() parses its path every call.
        children: dict[str, list] = {}
        for child in element:
            children.setdefault(child.tag, []).append(child)

        def first(tag):
            found = children.get(tag)
            return found[0] if found else None

        def every(tag):
            return children.get(tag, ())

        data = activity.data
        lang = element.get(XML_LANG) or self.default_lang
        identifier = _text(first("iati-identifier"))
        data["identifier"] = identifier
        if not identifier:
            activity.errors.append(Problem(element.sourceline, "iati-identifier", "missing or empty iati-identifier"))
        elif len(identifier) > 200:
            activity.errors.append(Problem(element.sourceline, "iati-identifier", "iati-identifier longer than 200"))
        data["currency"] = element.get("default-currency", "")
        if data["currency"]:
            self.check(activity, element, "Currency", data["currency"], "iati-activity/@default-currency")
        data["hierarchy"] = element.get("hierarchy", "")
        humanitarian = element.get("humanitarian")
        data["humanitarian"] = None if humanitarian is None else humanitarian in ("1", "true")
        data["last_updated"] = element.get("last-updated-datetime", "")
        data["kind"] = element.get(C + "kind", "")
        data["lead"] = element.get(C + "lead", "")

        reporting = first("reporting-org")
        if reporting is None:
            activity.errors.append(Problem(element.sourceline, "reporting-org", "missing reporting-org"))
            data["reporting_org"] = {"ref": "", "type": "", "name": ""}
        else:
            names = _narratives(reporting, lang)
            data["reporting_org"] = {
                "ref": reporting.get("ref", ""),
                "type": reporting.get("type", ""),
                "name": names[0][1] if names else "",
            }
            self.check(activity, reporting, "OrganisationType", reporting.get("type", ""), "reporting-org/@type")

        titles = _narratives(first("title"), lang)
        titles = [t for t in titles if t[1]]
        translations: dict[str, dict[str, str]] = {}
        if not titles:
            activity.errors.append(Problem(element.sourceline, "title", "missing title narrative"))
            data["language"], data["title"] = lang or "en", ""
        else:
            data["language"], data["title"] = titles[0]
            for language, text in titles[1:]:
                translations.setdefault(language, {}).setdefault("title", text)
        if len(data["title"]) > TITLE_MAX:
            activity.warnings.append(
                Problem(element.sourceline, "title", f"title longer than {TITLE_MAX} characters, cut")
            )
            data["title"] = data["title"][:TITLE_MAX]
        data["description"] = ""
        descriptions = []
        found_general = False
        for description in every("description"):
            kind = description.get("type", "1")
            texts = _narratives(description, lang)
            if kind == "1" and not found_general:
                found_general = True
                for language, text in texts:
                    if language == data["language"] and not data["description"]:
                        data["description"] = text
                    else:
                        translations.setdefault(language, {}).setdefault("description", text)
            else:
                descriptions.append({"type": description.get("type", ""), "narratives": texts})
        data["translations"] = translations
        data["descriptions"] = descriptions

        participants = []
        for org in every("participating-org"):
            attributes = dict(org.items())  # one call into lxml instead of one per attribute
            iati_role, org_type = attributes.get("role", ""), attributes.get("type", "")
            role = attributes.get(C_ROLE) or COOPDEC_ROLE.get(iati_role)
            if self.checked and (
                (iati_role and iati_role not in self.roles) or (org_type and org_type not in self.org_types)
            ):
                self.check(activity, org, "OrganisationRole", iati_role, "participating-org/@role")
                self.check(activity, org, "OrganisationType", org_type, "participating-org/@type")
            if role is None:
                activity.warnings.append(
                    Problem(
                        org.sourceline, "participating-org", f"role {attributes.get('role')!r} unknown: not carried"
                    )
                )
                continue
            names = _narratives(org, lang)
            participants.append(
                {
                    "ref": attributes.get("ref", "").strip(),
                    "type": org_type,
                    "name": names[0][1] if names else "",
                    "role": role,
                }
            )
        data["participants"] = participants

        status = first("activity-status")
        code = status.get("code", "") if status is not None else ""
        if code not in ("1", "2", "3", "4", "5", "6"):
            activity.errors.append(
                Problem(
                    status.sourceline if status is not None else element.sourceline,
                    "activity-status",
                    f"activity-status {code!r} is not in the ActivityStatus codelist"
                    if code
                    else "missing activity-status",
                )
            )
        data["status"] = code

        for field_name in DATE_FIELDS.values():
            data[field_name] = None
        for activity_date in every("activity-date"):
            attributes = dict(activity_date.items())
            name = DATE_FIELDS.get(attributes.get("type", ""))
            if name is None:
                self.check(
                    activity, activity_date, "ActivityDateType", attributes.get("type", ""), "activity-date/@type"
                )
                continue
            if attributes.get(C_DERIVED):
                continue
            value = _date(attributes.get("iso-date"))
            if value is None:
                activity.warnings.append(Problem(activity_date.sourceline, "activity-date", "iso-date is not a date"))
            elif data[name] is None:
                data[name] = value.isoformat()
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if data[start] and data[end] and data[end] < data[start]:
                activity.warnings.append(
                    Problem(
                        element.sourceline, "activity-date", f"{end.replace('_', ' ')} before start: end not carried"
                    )
                )
                data[end] = None

        countries = []
        for country in every("recipient-country"):
            if country.get(C_DERIVED):
                continue  # coopdec's own file: the country of a partner authority's place, which its location carries
            code = country.get("code", "").upper()
            self.check(activity, country, "Country", code, "recipient-country/@code")
            countries.append({"code": code, "percentage": country.get("percentage", "")})
        data["recipient_countries"] = countries
        regions = []
        for region in every("recipient-region"):
            vocabulary = region.get("vocabulary", "1")
            if vocabulary == "1":
                self.check(activity, region, "Region", region.get("code", ""), "recipient-region/@code")
            regions.append({k: region.get(k, "") for k in ("code", "vocabulary", "vocabulary-uri", "percentage")})
        data["recipient_regions"] = regions

        locations = []
        for location in every("location"):
            geonames = ""
            for location_id in location.iterfind("location-id"):
                if location_id.get("vocabulary") == GEONAMES:
                    geonames = location_id.get("code", "")
            for administrative in location.iterfind("administrative"):
                if not geonames and administrative.get("vocabulary") == GEONAMES:
                    geonames = administrative.get("code", "")
            names = _narratives(location.find("name"), lang)
            name_element = location.find("name")
            point = location.find("point/pos")
            lat = lon = None
            if point is not None:
                parts = _text(point).split()
                if len(parts) == 2 and all(_decimal(p) is not None for p in parts):
                    lat, lon = float(parts[0]), float(parts[1])
                    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                        activity.warnings.append(
                            Problem(point.sourceline, "location/point", "coordinates off the globe")
                        )
                        lat = lon = None
                else:
                    activity.warnings.append(
                        Problem(point.sourceline, "location/point", "pos is not 'latitude longitude'")
                    )
            locations.append(
                {
                    "ref": location.get("ref", ""),
                    "geonames": geonames,
                    "name": names[0][1][:NAME_MAX] if names else "",
                    "named": bool(name_element is not None and name_element.get(C + "named")),
                    "lat": lat,
                    "lon": lon,
                    "country": location.get(C + "country", ""),
                }
            )
        data["locations"] = locations

        sectors, themes = [], []
        for sector in every("sector"):
            vocabulary = sector.get("vocabulary", "1")
            code = sector.get("code", "")
            if vocabulary == THEME_VOCABULARY and sector.get("vocabulary-uri") == THEME_VOCABULARY_URI:
                themes.append(code)
                continue
            if vocabulary == "1":
                self.check(activity, sector, "Sector", code, "sector/@code")
            elif vocabulary == "2":
                self.check(activity, sector, "SectorCategory", code, "sector/@code")
            else:
                self.check(activity, sector, "SectorVocabulary", vocabulary, "sector/@vocabulary")
            entry = {k: sector.get(k, "") for k in ("vocabulary", "vocabulary-uri", "code", "percentage")}
            entry["narratives"] = _narratives(sector, lang)
            sectors.append(entry)
        data["sectors"] = sectors
        data["themes"] = themes

        for tag, codelist, key in (
            ("collaboration-type", "CollaborationType", "collaboration_type"),
            ("default-flow-type", "FlowType", "default_flow_type"),
            ("default-finance-type", "FinanceType", "default_finance_type"),
            ("default-tied-status", "TiedStatus", "default_tied_status"),
        ):
            found = first(tag)
            data[key] = found.get("code", "") if found is not None else ""
            if found is not None:
                self.check(activity, found, codelist, data[key], f"{tag}/@code")
        aid_types = []
        for aid_type in every("default-aid-type"):
            vocabulary = aid_type.get("vocabulary", "")
            if vocabulary in ("", "1"):
                self.check(activity, aid_type, "AidType", aid_type.get("code", ""), "default-aid-type/@code")
            aid_types.append({"code": aid_type.get("code", ""), "vocabulary": vocabulary})
        data["default_aid_types"] = aid_types

        budgets = []
        for budget in every("budget"):
            value = budget.find("value")
            start, end = budget.find("period-start"), budget.find("period-end")
            amount = _decimal(_text(value)) if value is not None else None
            if amount is None or start is None or end is None:
                activity.warnings.append(
                    Problem(budget.sourceline, "budget", "budget without a period or a number: not carried")
                )
                continue
            self.check(activity, budget, "BudgetType", budget.get("type", ""), "budget/@type")
            currency = value.get("currency", "")
            if currency:
                self.check(activity, value, "Currency", currency, "budget/value/@currency")
            budgets.append(
                {
                    "type": budget.get("type", ""),
                    "status": budget.get("status", ""),
                    "start": start.get("iso-date", ""),
                    "end": end.get("iso-date", ""),
                    "value": str(amount),
                    "currency": currency,
                    "value_date": value.get("value-date", ""),
                }
            )
        data["budgets"] = budgets

        fundings: list[dict] = []
        disbursements: list[dict] = []
        others: list[dict] = []
        for transaction in every("transaction"):
            self.read_transaction(activity, transaction, lang, fundings, disbursements, others)
        data["fundings"], data["disbursements"], data["other_transactions"] = fundings, disbursements, others

        documents = []
        for link in every("document-link"):
            categories = [c.get("code", "") for c in link.iterfind("category")]
            for category in categories:
                self.check(activity, link, "DocumentCategory", category, "document-link/category/@code")
            documents.append(
                {
                    "url": link.get("url", ""),
                    "format": link.get("format", ""),
                    "title": _narratives(link.find("title"), lang),
                    "categories": categories,
                    "languages": [c.get("code", "") for c in link.iterfind("language")],
                    "date": (
                        link.find("document-date").get("iso-date", "") if link.find("document-date") is not None else ""
                    ),
                }
            )
        data["documents"] = documents

        results = []
        for result in every("result"):
            for indicator in result.iterfind("indicator"):
                titles = _narratives(indicator.find("title"), lang) or _narratives(result.find("title"), lang)
                name = titles[0][1] if titles else ""
                if not name:
                    activity.warnings.append(
                        Problem(indicator.sourceline, "result/indicator", "indicator without a title: not carried")
                    )
                    continue
                baseline_element = indicator.find("baseline")
                baseline = _decimal(baseline_element.get("value")) if baseline_element is not None else None
                unit = indicator.get(C + "unit", "")
                periods = list(indicator.iterfind("period"))
                base = {"indicator": name[:INDICATOR_MAX], "unit": unit, "baseline": baseline and str(baseline)}
                if not periods:
                    year = baseline_element.get("year") if baseline_element is not None else None
                    if indicator.get(C + "derived-year") or not (year and year.isdigit()):
                        year = None
                    results.append({**base, "target": None, "achieved": None, "year": int(year) if year else None})
                for period in periods:
                    target, actual = period.find("target"), period.find("actual")
                    period_end = _date(
                        period.find("period-end").get("iso-date") if period.find("period-end") is not None else None
                    )
                    target_value = _decimal(target.get("value")) if target is not None else None
                    actual_value = _decimal(actual.get("value")) if actual is not None else None
                    year = None if indicator.get(C + "derived-year") else (period_end.year if period_end else None)
                    results.append(
                        {
                            **base,
                            "target": target_value and str(target_value),
                            "achieved": actual_value and str(actual_value),
                            "year": year,
                        }
                    )
        data["results"] = results
        return activity

    def read_transaction(self, activity, transaction, lang, fundings, disbursements, others):
        # The hottest loop of an import (about ten transactions per activity): one pass over the children,
        # attributes read as dictionaries (one call into lxml each), codelists looked up without a method call.
        kind_element = value = when = provider = receiver = description = None
        for child in transaction:
            tag = child.tag
            if tag == "value":
                value = child if value is None else value
            elif tag == "transaction-type":
                kind_element = child if kind_element is None else kind_element
            elif tag == "transaction-date":
                when = child if when is None else when
            elif tag == "provider-org":
                provider = child if provider is None else provider
            elif tag == "receiver-org":
                receiver = child if receiver is None else receiver
            elif tag == "description":
                description = child if description is None else description
        kind = kind_element.get("code", "") if kind_element is not None else ""
        if kind and self.transaction_types is not None and kind not in self.transaction_types:
            self.check(activity, transaction, "TransactionType", kind, "transaction/transaction-type/@code")
        amount = _decimal(value.text or "") if value is not None else None
        on = _dated(when.get("iso-date")) if when is not None else None
        if amount is None or on is None:
            activity.warnings.append(
                Problem(
                    transaction.sourceline, "transaction", "transaction without a date or a numeric value: not carried"
                )
            )
            return
        own_currency = value.get("currency", "")
        currency = own_currency or activity.data["currency"]
        if own_currency and self.currencies is not None and own_currency not in self.currencies:
            self.check(activity, value, "Currency", own_currency, "transaction/value/@currency")
        value_date = _dated(value.get("value-date")) or on
        provider_data = None
        if provider is not None:
            names = _narratives(provider, lang)
            provider_data = {
                "ref": provider.get("ref", "").strip(),
                "type": provider.get("type", ""),
                "name": names[0][1] if names else "",
            }
        attributes = dict(transaction.items())
        if kind == COMMITMENT and amount >= 0 and currency:
            year = attributes.get(C_YEAR)
            fundings.append(
                {
                    "amount": str(amount),
                    "currency": currency,
                    "value_date": None if attributes.get(C_DERIVED_DATE) else value_date[1],
                    "year": int(year) if year and year.isdigit() else None,
                    "instrument": attributes.get(C_INSTRUMENT, ""),
                    "in_kind": attributes.get(C_IN_KIND) == "1",
                    "provider": provider_data,
                }
            )
        elif kind == DISBURSEMENT and amount >= 0 and currency:
            year = attributes.get(C_YEAR)
            disbursements.append(
                {
                    "amount": str(amount),
                    "currency": currency,
                    "year": int(year) if year and year.isdigit() else on[0].year,
                    "paid_on": None if attributes.get(C_DERIVED_DATE) else on[1],
                }
            )
        else:
            receiver_data = None
            if receiver is not None:
                names = _narratives(receiver, lang)
                receiver_data = {
                    "ref": receiver.get("ref", ""),
                    "type": receiver.get("type", ""),
                    "name": names[0][1] if names else "",
                }
            others.append(
                {
                    "ref": attributes.get("ref", ""),
                    "type": kind,
                    "date": on[1],
                    "value": str(amount),
                    "currency": own_currency,
                    "value_date": value_date[1],
                    "description": _narratives(description, lang),
                    "provider-org": provider_data,
                    "receiver-org": receiver_data,
                }
            )
