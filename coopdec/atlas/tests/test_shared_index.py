"""The search index's copy shared by every process: generations in files, memory-mapped (``search/shared.py``).

A generation answers like a full load of the database; readers switch to a newer one without building; a
reader keeps answering from the generation it holds while newer ones are published and old files removed;
a damaged or missing file is logged and the index read from the database; another process maps the same
generation; a write is searchable once its task has run.
"""

import json
import logging
import mmap
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.http import QueryDict

from coopdec.atlas.search import index, shared, snapshot
from coopdec.atlas.search.query import SearchQuery, search
from coopdec.atlas.tasks import publish_index
from coopdec.projects.models import Project

from .test_snapshot import assert_same_as_a_full_load
from .world import build_world


@pytest.fixture
def world(authority_a, authority_b, settings, tmp_path, monkeypatch):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SEARCH_INDEX_LAG = 60.0  # readers wait for the task (a worker), as in production
    monkeypatch.setattr(snapshot, "_current", None)
    monkeypatch.setattr(snapshot, "_reader", shared.Reader())
    return build_world(authority_a, authority_b)


def mapped(array: np.ndarray) -> bool:
    """Whether the array is a view over a memory-mapped file (not memory of this process's own)."""
    base = array
    while isinstance(base, np.ndarray):
        base = base.base
    return isinstance(base.obj if isinstance(base, memoryview) else base, mmap.mmap)


def found(words: str) -> set[int]:
    result = search(SearchQuery.from_params(QueryDict(f"q={words}&type=project")))
    return {pk for _kind, pk in result.hits}


def newest_generation() -> Path:
    folder = shared.directory()
    return folder / json.loads((folder / shared.MANIFEST).read_text())["generation"]


def test_a_published_generation_is_mapped_and_answers_like_a_full_load(world):
    publish_index.enqueue()  # tests run tasks at once

    copy = snapshot.current()
    assert mapped(copy.ids) and mapped(copy.multi["country"].postings)
    assert_same_as_a_full_load(copy)
    assert found("rabat") == {world.x1.pk}


def test_readers_answer_from_the_newest_generation_and_switch_when_the_task_publishes_the_next(world):
    publish_index.enqueue()
    before = snapshot.current()
    world.x1.title = "Irrigation à Meknès"
    world.x1.save()
    index.index_objects("project", [world.x1.pk])  # what the save's commit does; its task has not run yet

    assert snapshot.current() is before  # a moment behind the database, and nothing built by the reader
    assert found("meknes") == set()

    publish_index.enqueue()
    after = snapshot.current()
    assert after is not before and mapped(after.ids)
    assert (after.token, after.serial) == snapshot.version()
    assert found("meknes") == {world.x1.pk}


def test_a_reader_keeps_answering_from_its_generation_while_newer_ones_replace_it(world):
    publish_index.enqueue()
    old = snapshot.current()
    old_folder = newest_generation()
    counts, page = old.count("country", None), old.hits(old.page(None, "date", 0, 10))
    for number in range(shared.KEEP + 1):
        world.x2.title = f"Écoles de Dakar, tranche {number}"
        world.x2.save()
        index.index_objects("project", [world.x2.pk])
        publish_index.enqueue()

    assert not old_folder.exists()  # its files are gone from the directory…
    assert old.count("country", old.mask("country", ["SN"])) == [("SN", 3)]  # …and its mapping still answers
    assert old.count("country", None) == counts and old.hits(old.page(None, "date", 0, 10)) == page
    assert snapshot.current().serial == old.serial + shared.KEEP + 1


@pytest.mark.parametrize("damage", ["truncated", "overwritten", "missing data", "bad meta", "missing manifest"])
def test_a_damaged_or_missing_file_is_logged_and_the_index_read_from_the_database(world, damage, caplog, monkeypatch):
    publish_index.enqueue()
    generation = newest_generation()
    if damage == "truncated":
        with open(generation / "data.bin", "r+b") as data:
            data.truncate(100)
    elif damage == "overwritten":
        with open(generation / "data.bin", "r+b") as data:
            data.write(b"\xff" * 64)
    elif damage == "missing data":
        (generation / "data.bin").unlink()
    elif damage == "bad meta":
        (generation / "meta.json").write_text('{"format": 1, "arrays": ')
    else:
        (shared.directory() / shared.MANIFEST).unlink()
    monkeypatch.setattr(snapshot, "_current", None)  # a process starting now
    monkeypatch.setattr(snapshot, "_reader", shared.Reader())

    with caplog.at_level(logging.WARNING, logger="coopdec.atlas.search.shared"):
        copy = snapshot.current()

    assert not mapped(copy.ids)  # loaded from the database
    assert_same_as_a_full_load(copy)
    assert found("rabat") == {world.x1.pk}
    if damage == "missing manifest":  # no generation yet (a first start): nothing to warn about
        assert not caplog.records
    else:
        assert "not usable" in caplog.text


CHILD = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from pathlib import Path
from coopdec.atlas.search import shared, snapshot
index = snapshot.Snapshot.from_files(*shared.newest(Path(sys.argv[1])))
maps = open("/proc/self/maps").read()
print(json.dumps({"token": index.token, "serial": index.serial, "countries": index.count("country", None),
                  "mapped": str(Path(sys.argv[1])) in maps}))
"""


def test_another_process_maps_the_same_generation(world):
    publish_index.enqueue()
    mine = snapshot.current()

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(shared.directory())],
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
        timeout=120,
    )

    theirs = json.loads(child.stdout)
    assert theirs["mapped"]  # a view of the same files, not a copy read into its memory
    assert (theirs["token"], theirs["serial"]) == (mine.token, mine.serial)
    assert [tuple(pair) for pair in theirs["countries"]] == mine.count("country", None) == [("MA", 2), ("SN", 3)]


def test_a_saved_project_is_searchable_once_its_commit_has_run_the_task(world, django_capture_on_commit_callbacks):
    publish_index.enqueue()
    snapshot.current()
    with django_capture_on_commit_callbacks(execute=True):  # the commit: re-index, then the publishing task
        project = Project.objects.get(pk=world.x2.pk)
        project.title = "Bibliothèque de Thiès"
        project.save()

    copy = snapshot.current()
    assert mapped(copy.ids) and (copy.token, copy.serial) == snapshot.version()
    assert found("thies") == {world.x2.pk}
