"""Keeping the search index in step with partnerships and projects: one object, a batch, or everything.

Only public objects are indexed. ``index_objects`` (re)writes the documents of a batch from the
database in a fixed number of queries, so the same code serves a single write (``sync`` calls it
after each commit) and a full rebuild (``rebuild``, ``manage.py rebuild_search_index``), which bulk
loaders such as ``generate_synthetic`` or an IATI import run once at the end.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from tqdm import tqdm

from coopdec.lib.money import NoEuroRate, to_euros
from coopdec.lib.search import FullTextIndex, prepare
from coopdec.organizations.models import Organization
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.models import Partnership, Party
from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.territories.enums import AuthorityKind
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from ..models import DocumentKind, SearchDocument, SearchFacet, SearchIndexChange, SearchIndexVersion

FULL_TEXT = FullTextIndex(SearchDocument._meta.db_table, "text")
BATCH = 2000


class _Lookups:
    """Names, countries, zones and French regions/départements, read once per batch (or per rebuild)."""

    def __init__(self):
        self.countries = {c.code: c for c in Country.objects.all()}
        self.themes = {t.id: t for t in Theme.objects.all()}
        self.authorities: dict[int | None, Mapping[str, Any]] = {}
        self.organizations: dict[int | None, Mapping[str, Any]] = {}

    def load_authorities(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i is not None} - self.authorities.keys()
        while missing:  # then their parents, up to the région
            rows = Authority.objects.filter(id__in=missing).values(
                "id", "code", "name", "official_name", "country_id", "is_french", "kind", "parent_id"
            )
            for row in rows:
                self.authorities[row["id"]] = row
            missing = {r["parent_id"] for r in rows if r["parent_id"]} - self.authorities.keys()

    def load_organizations(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i is not None} - self.organizations.keys()
        if missing:
            for row in Organization.objects.filter(id__in=missing).values("id", "name", "country_id"):
                self.organizations[row["id"]] = row

    def ancestor(self, authority_id: int | None, kind: str) -> str | None:
        """The code of the authority itself or of its nearest ancestor of ``kind``."""
        seen = 0
        current = self.authorities.get(authority_id)
        while current and seen < 5:
            if current["kind"] == kind:
                return current["code"]
            current = self.authorities.get(current["parent_id"])
            seen += 1
        return None


class _Document:
    """A search document being assembled: its words and its facet values."""

    def __init__(self, lookups: _Lookups, kind: str, obj):
        self.lookups, self.kind, self.obj = lookups, kind, obj
        self.words: list[str] = []
        self.facets: set[tuple[str, str]] = set()
        for language_texts in [{"title": obj.title, "description": obj.description}, *obj.translations.values()]:
            if isinstance(language_texts, dict):
                self.words += [str(language_texts.get("title") or ""), str(language_texts.get("description") or "")]

    def add_country(self, code: str | None) -> None:
        country = self.lookups.countries.get(code or "")
        if country is None:
            return
        self.words += [country.name_fr, country.name_en, *map(str, country.names.values())]
        # Every item involves a French authority: the facet is the partner's country.
        if code is not None and code != "FR":
            self.facets.add(("country", code))
            if country.zone:
                self.facets.add(("zone", country.zone))

    def add_authority(self, authority_id: int | None) -> None:
        row = self.lookups.authorities.get(authority_id)
        if row is None:
            return
        self.words += [row["name"], row["official_name"]]
        self.add_country(row["country_id"])
        if row["is_french"]:
            self.facets.add(("authority", row["code"]))
            for facet, kind in (("region", AuthorityKind.REGION), ("departement", AuthorityKind.DEPARTEMENT)):
                code = self.lookups.ancestor(authority_id, kind)
                if code:
                    self.facets.add((facet, code))
        else:
            self.facets.add(("foreign_authority", row["code"]))

    def add_organization(self, organization_id: int | None) -> None:
        row = self.lookups.organizations.get(organization_id)
        if row:
            self.words.append(row["name"])
            self.add_country(row["country_id"])

    def add_theme(self, theme_id: int) -> None:
        theme = self.lookups.themes.get(theme_id)
        if theme:
            self.words += [theme.label_fr, theme.label_en]
            self.facets.add(("theme", theme.code))

    def build(
        self, *, subkind: str, status: str, year: int | None, on: date | None, amount: Decimal | None, currency: str
    ):
        euros = None
        if amount is not None:
            try:
                euros = to_euros(amount, currency, on or date.today())
            except NoEuroRate:
                euros = None
        document = SearchDocument(
            kind=self.kind,
            object_id=self.obj.pk,
            text=prepare(*self.words),
            subkind=subkind,
            status=status,
            year=year,
            date=on,
            amount=euros,
        )
        return document, sorted(self.facets)


def _grouped(rows) -> dict[int, list]:
    result = defaultdict(list)
    for key, *rest in rows:
        result[key].append(rest if len(rest) > 1 else rest[0])
    return result


def _partnership_documents(ids: list[int], lookups: _Lookups) -> Iterator[tuple[SearchDocument, list]]:
    partnerships = list(Partnership.objects.public().filter(pk__in=ids))
    ids = [p.pk for p in partnerships]
    parties = _grouped(
        Party.objects.filter(partnership_id__in=ids).values_list(
            "partnership_id", "authority_id", "organization_id", "country_id"
        )
    )
    themes = _grouped(
        Partnership.themes.through.objects.filter(partnership_id__in=ids).values_list("partnership_id", "theme_id")
    )
    lookups.load_authorities(a for rows in parties.values() for a, _, _ in rows)
    lookups.load_organizations(o for rows in parties.values() for _, o, _ in rows)
    for partnership in partnerships:
        doc = _Document(lookups, DocumentKind.PARTNERSHIP, partnership)
        for authority_id, organization_id, country_id in parties.get(partnership.pk, []):
            doc.add_authority(authority_id)
            doc.add_organization(organization_id)
            doc.add_country(country_id)
        for theme_id in themes.get(partnership.pk, []):
            doc.add_theme(theme_id)
        yield doc.build(
            subkind=partnership.kind,
            status=partnership.status,
            year=partnership.signed_on.year if partnership.signed_on else None,
            on=partnership.signed_on or partnership.starts_on,
            amount=partnership.planned_commitment,
            currency=partnership.currency,
        )


def _project_documents(ids: list[int], lookups: _Lookups) -> Iterator[tuple[SearchDocument, list]]:
    projects = list(Project.objects.public().filter(pk__in=ids))
    ids = [p.pk for p in projects]
    participants = _grouped(
        Participant.objects.filter(project_id__in=ids).values_list("project_id", "authority_id", "organization_id")
    )
    places = _grouped(Place.objects.filter(project_id__in=ids).values_list("project_id", "authority_id", "country_id"))
    themes = _grouped(Project.themes.through.objects.filter(project_id__in=ids).values_list("project_id", "theme_id"))
    instruments = _grouped(Funding.objects.filter(project_id__in=ids).values_list("project_id", "instrument"))
    lookups.load_authorities(
        [p.lead_authority_id for p in projects]
        + [a for rows in participants.values() for a, _ in rows]
        + [a for rows in places.values() for a, _ in rows]
    )
    lookups.load_organizations(o for rows in participants.values() for _, o in rows)
    for project in projects:
        doc = _Document(lookups, DocumentKind.PROJECT, project)
        doc.add_authority(project.lead_authority_id)
        for authority_id, organization_id in participants.get(project.pk, []):
            doc.add_authority(authority_id)
            doc.add_organization(organization_id)
        for authority_id, country_id in places.get(project.pk, []):
            doc.add_authority(authority_id)
            doc.add_country(country_id)
        for theme_id in themes.get(project.pk, []):
            doc.add_theme(theme_id)
        doc.facets.update(("instrument", i) for i in instruments.get(project.pk, []))
        doc.facets.update(("running", str(year)) for year in project.running_years())
        yield doc.build(
            subkind=project.kind,
            status=project.status,
            year=project.planned_start.year if project.planned_start else None,
            on=project.actual_start or project.planned_start,
            amount=project.budget,
            currency=project.currency,
        )


_BUILDERS: dict[str, Callable[[list[int], _Lookups], Iterator[tuple[SearchDocument, list[Any]]]]] = {
    DocumentKind.PARTNERSHIP: _partnership_documents,
    DocumentKind.PROJECT: _project_documents,
}


KEEP_SERIALS = 1000  # changes listed for processes whose copy is behind; one further behind reloads everything


def changed(kind: str | None = None, object_ids: Iterable[int] = ()) -> None:
    """Record that the index changed, so that every process brings its in-memory copy (``snapshot``) up to date.

    With ``kind`` and ``object_ids``: only those objects' documents changed; they are listed under the new
    serial, so that a process re-reads just them. Without: everything may have changed (a rebuild, a writer in
    raw SQL), and every process reloads its whole copy. Call it in the transaction that wrote the index: the
    version row stays locked until the transaction ends, so serials are committed in the order they are drawn.
    """
    token = uuid.uuid4().hex
    version = SearchIndexVersion.objects.filter(pk=1)
    if not version.update(token=token, serial=F("serial") + 1):
        SearchIndexVersion.objects.create(pk=1, token=token, serial=1)
    serial = version.values_list("serial", flat=True).get()
    transaction.on_commit(_publish_later)
    if kind is None:
        # No copy can catch up across this change (``snapshot._changes_since`` sees its empty kind); the earlier
        # serials stay listed a while, so that an older shared copy is known to be one (``snapshot._listed``).
        SearchIndexChange.objects.create(serial=serial, token=token, kind="", object_id=0)
        return
    SearchIndexChange.objects.bulk_create(
        [SearchIndexChange(serial=serial, token=token, kind=kind, object_id=i) for i in object_ids], batch_size=5000
    )
    if serial % 100 == 0:  # now and then, forget the oldest changes
        SearchIndexChange.objects.filter(serial__lte=serial - KEEP_SERIALS).delete()


def _publish_later() -> None:
    """Have a worker build the shared copy of the index at its new state (``atlas.tasks.publish_index``)."""
    from ..tasks import publish_index  # the task reads the index through ``snapshot``, which imports this module

    publish_index.enqueue()


def index_objects(kind: str, ids: Iterable[int], *, lookups: _Lookups | None = None, record: bool = True) -> int:
    """(Re)write the documents of these partnerships or projects; drop those gone or no longer public.

    Returns how many documents were written. ``record=False`` leaves the change unrecorded, for a caller that
    records a bigger one itself (``rebuild``).
    """
    ids = list(ids)
    if not ids:
        return 0
    lookups = lookups or _Lookups()
    built = list(_BUILDERS[kind](ids, lookups))
    with transaction.atomic():
        stale = SearchDocument.objects.filter(kind=kind, object_id__in=ids)
        SearchFacet.objects.filter(document__in=stale).delete()
        stale.delete()
        documents = SearchDocument.objects.bulk_create([document for document, _ in built])
        SearchFacet.objects.bulk_create(
            [
                SearchFacet(document_id=document.pk, facet=facet, value=value)
                for document, (_, facets) in zip(documents, built, strict=True)
                for facet, value in facets
            ],
            batch_size=5000,
        )
        if record:
            changed(kind, ids)
    return len(documents)


def rebuild(*, progress: bool = False) -> int:
    """Empty the index and index every public partnership and project again, in batches."""
    with transaction.atomic():
        SearchFacet.objects.all()._raw_delete(SearchFacet.objects.db)
        SearchDocument.objects.all()._raw_delete(SearchDocument.objects.db)
        lookups = _Lookups()
        total = 0
        for kind, model in ((DocumentKind.PARTNERSHIP, Partnership), (DocumentKind.PROJECT, Project)):
            ids = list(model.objects.filter(visibility=Visibility.PUBLIC).order_by("pk").values_list("pk", flat=True))
            with tqdm(total=len(ids), desc=f"indexing {kind}s", unit=f" {kind}s", disable=not progress) as bar:
                for start in range(0, len(ids), BATCH):
                    total += index_objects(kind, ids[start : start + BATCH], lookups=lookups, record=False)
                    bar.update(min(BATCH, len(ids) - start))
        FULL_TEXT.rebuild()
        changed()
    with connection.cursor() as cursor:  # the facet queries' plans depend on fresh statistics
        for table in (SearchDocument._meta.db_table, SearchFacet._meta.db_table):
            cursor.execute(f"ANALYZE {table}")
    return total
