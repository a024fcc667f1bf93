"""The search index's in-memory copy, brought up to date by re-reading only what a write changed.

After every write, the copy ``snapshot.current()`` holds must be exactly the one a full load gives (every
array, every derived value), and it must have got there without a full load when a few objects changed.
"""

import random
from datetime import date
from decimal import Decimal
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import transaction

from coopdec.atlas import aggregates
from coopdec.atlas.models import SearchIndexChange
from coopdec.atlas.search import index, snapshot
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.models import Partnership
from coopdec.projects.enums import Instrument
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Place, Project
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.themes.models import Theme

from .world import build_world

FULL_LOAD = snapshot.Snapshot._load  # before the fixture counts the loads


@pytest.fixture
def full_loads(monkeypatch):
    """How many times a copy was loaded whole (rather than brought up to date)."""
    loads = []
    original = snapshot.Snapshot._load

    def counted(self):
        loads.append(self.serial)
        original(self)

    monkeypatch.setattr(snapshot.Snapshot, "_load", counted)
    monkeypatch.setattr(snapshot, "_current", None)
    return loads


def funding_of(index) -> list[tuple]:
    """The copy's funding lines as comparable rows (their order in the arrays does not matter)."""
    lines = index.derived("atlas-funding", aggregates._load_funding, update=aggregates._update_funding)
    return sorted(
        zip(
            lines.positions.tolist(),
            [lines.instrument_values[c] for c in lines.instruments.tolist()],
            lines.cents.tolist(),
            [lines.currencies[c] if c >= 0 else None for c in lines.unconverted.tolist()],
            strict=True,
        )
    )


def assert_same_as_a_full_load(copy) -> None:
    token, serial = snapshot.version()
    assert (copy.token, copy.serial) == (token, serial)
    fresh = snapshot.Snapshot(token, serial, load=False)
    FULL_LOAD(fresh)
    assert copy.size == fresh.size
    for name in ("ids", "object_ids", "date_key", "amount_key", "amount_cents", "by_date", "by_amount"):
        assert np.array_equal(getattr(copy, name), getattr(fresh, name)), name
    assert np.array_equal(copy.date_rank, fresh.date_rank)
    assert copy.columns.keys() == fresh.columns.keys()
    for key, column in fresh.columns.items():
        assert copy.columns[key].values == column.values, key
        assert np.array_equal(copy.columns[key].codes, column.codes), key
    assert copy.multi.keys() == fresh.multi.keys()
    for key, facet in fresh.multi.items():
        mine = copy.multi[key]
        assert mine.values == facet.values, key
        for name in ("postings", "bounds", "doc_bounds", "doc_values", "entry_values", "totals"):
            assert np.array_equal(getattr(mine, name), getattr(facet, name)), f"{key}.{name}"
    if "atlas-funding" in copy._derived:
        assert funding_of(copy) == funding_of(fresh)


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def test_a_write_brings_the_copy_up_to_date_without_a_full_load(world, full_loads, django_capture_on_commit_callbacks):
    copy = snapshot.current()
    funding_of(copy)  # derived once, then carried over
    assert full_loads == [copy.serial]
    senegal_before = dict(copy.count("country", None))["SN"]

    with django_capture_on_commit_callbacks(execute=True):
        world.x1.title = "Assainissement à Rabat"
        world.x1.save()
        x5 = ProjectFactory(lead_authority=world.idf, title="Forage à Dakar", budget=Decimal("1234.56"),
                            planned_start=date(2024, 1, 1))  # fmt: skip
        Place.objects.create(project=x5, authority=world.dakar)
        x5.themes.add(Theme.objects.get(code="water-sanitation"))
        FundingFactory(project=x5, instrument=Instrument.EU, amount=Decimal("1000"))
    updated = snapshot.current()

    assert full_loads == [copy.serial]  # no second full load
    assert updated is not copy and updated.serial > copy.serial
    assert_same_as_a_full_load(updated)
    assert dict(updated.count("country", None))["SN"] == senegal_before + 1
    assert ("project", x5.pk) in updated.hits(updated.page(None, "date", 0, 1))  # the newest start comes first


def test_values_that_appear_and_disappear_renumber_the_facets(world, full_loads, django_capture_on_commit_callbacks):
    snapshot.current()
    iceland = CountryFactory(code="IS", numeric="352")
    reykjavik = AuthorityFactory(code="GEONAMES-3413829", name="Reykjavík", country=iceland, kind=AuthorityKind.CITY)
    with django_capture_on_commit_callbacks(execute=True):
        x6 = ProjectFactory(lead_authority=world.hdf, title="Géothermie", planned_start=date(2019, 4, 1))
        Place.objects.create(project=x6, authority=reykjavik)
    added = snapshot.current()
    assert "IS" in added.multi["country"].values and "2019" in added.columns["year"].values
    assert_same_as_a_full_load(added)

    with django_capture_on_commit_callbacks(execute=True):
        x6.delete()
        world.p2.visibility = Visibility.PRIVATE
        world.p2.save()
    removed = snapshot.current()
    assert "IS" not in removed.multi["country"].values and "2019" not in removed.columns["year"].values
    assert ("partnership", world.p2.pk) not in removed.hits(list(range(removed.size)))
    assert_same_as_a_full_load(removed)
    assert len(full_loads) == 1


def test_random_writes_keep_the_copy_equal_to_a_full_load(db, full_loads, django_capture_on_commit_callbacks):
    france, morocco = CountryFactory(code="FR"), CountryFactory(code="MA")
    for i in range(4):
        AuthorityFactory(code=f"FR-REG-{i}", country=france, level=Level.REGIONAL, kind=AuthorityKind.REGION)
        AuthorityFactory(code=f"FR-COM-{i:05d}", country=france, population=2_000 + i)
        AuthorityFactory(code=f"MA-{i:02d}", country=morocco, level=Level.REGIONAL, kind=AuthorityKind.PROVINCE)
    call_command("generate_synthetic", "--projects", "60", "--seed", "3", stdout=StringIO(), verbosity=0)
    funding_of(snapshot.current())
    themes = list(Theme.objects.all())
    chance = random.Random(7)
    for step in range(25):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(chance.randint(1, 4)):
                project = Project.objects.order_by("?").first()
                action = chance.choice(["retitle", "budget", "theme", "visibility", "delete", "funding", "date"])
                if action == "retitle":
                    project.title = f"Projet {step} synthétique"
                    project.save()
                elif action == "budget":
                    project.budget = Decimal(chance.choice(["0", "1500.25", "250000"])) if step % 5 else None
                    project.save()
                elif action == "theme":
                    project.themes.set(chance.sample(themes, 2))
                elif action == "visibility":
                    project.visibility = chance.choice(Visibility.values)
                    project.save()
                elif action == "delete" and Project.objects.count() > 20:
                    project.delete()
                elif action == "funding":
                    instrument = chance.choice(
                        [Instrument.OWN_BUDGET, Instrument.AFD, Instrument.EU, Instrument.MINISTRY_CALL]
                    )
                    currency = chance.choice(["EUR", "XOF", "USD"])
                    FundingFactory(project=project, instrument=instrument, amount=Decimal("10"), currency=currency)
                else:
                    project.planned_start = date(2015 + step % 10, 1 + step % 12, 1) if step % 4 else None
                    project.planned_end = None
                    project.save()
            partnership = Partnership.objects.order_by("?").first()
            partnership.title = f"Convention {step}"
            partnership.save()
        assert_same_as_a_full_load(snapshot.current())
    assert len(full_loads) == 1


def test_a_copy_read_inside_a_rolled_back_write_is_loaded_again_whole(world, full_loads):
    snapshot.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        world.x1.title = "Jamais enregistré"
        world.x1.save()
        index.index_objects("project", [world.x1.pk])
        assert snapshot.current().serial > 0  # read in the transaction: it holds the title never committed
        raise RuntimeError
    index.index_objects("project", [world.x2.pk])  # the next write gets the same serial back
    after = snapshot.current()
    assert len(full_loads) == 2
    assert_same_as_a_full_load(after)


def test_a_rebuild_or_a_copy_too_far_behind_loads_everything(world, full_loads, monkeypatch):
    snapshot.current()
    index.rebuild()
    snapshot.current()
    assert len(full_loads) == 2
    monkeypatch.setattr(snapshot, "CATCH_UP_AT_MOST", 0)
    index.index_objects("project", [world.x1.pk, world.x2.pk])
    snapshot.current()
    assert len(full_loads) == 3


def test_old_changes_are_forgotten(world, monkeypatch):
    monkeypatch.setattr(index, "KEEP_SERIALS", 3)
    for _ in range(120):
        index.index_objects("project", [world.x1.pk])
    _token, serial = snapshot.version()
    kept = set(SearchIndexChange.objects.values_list("serial", flat=True))
    assert max(kept) == serial and min(kept) > serial - 100
