"""IATI import read by a second process (pipeline.py): the same database, the same report, the same refusals.

Every test here imports the same file twice — read in-process, then by the reading process — and
compares what a user sees (the report) and what is stored, so the pipelined path cannot drift.
"""

import pytest
from django.db import transaction

from coopdec.interop.enums import ImportMode, OnError
from coopdec.interop.iati.importer import Importer
from coopdec.interop.iati.material import has_material, material_dir
from coopdec.interop.iati.pipeline import ReadingFailed, read_in_child
from coopdec.interop.models import ImportJob
from coopdec.interop.tests.test_iati_import import iati_file
from coopdec.interop.tests.test_iati_roundtrip import snapshot
from coopdec.projects.models import Project
from coopdec.territories.factories import CountryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not has_material(), reason="IATI material absent (../shared/iati): no codelists"),
]

IATI = material_dir()
REAL = sorted((IATI / "real").glob("[!l]*/*.xml")) if has_material() else []


def both_ways(paths, **kwargs) -> tuple[dict, dict, dict, dict]:
    """The reports and database snapshots of importing ``paths`` in-process, then pipelined, from the same state."""
    outcomes = []
    for pipeline in (False, True):
        with transaction.atomic():
            report = Importer(pipeline=pipeline, **kwargs).run([str(p) for p in paths])
            outcomes += [report.as_dict(), snapshot()]
            transaction.set_rollback(True)
    return tuple(outcomes)


def test_the_real_files_give_the_same_database_and_report_read_by_a_second_process(authority_a):
    for code in ("JM", "IQ", "NE", "CF", "BD"):
        CountryFactory(code=code)
    report, stored, piped_report, piped_stored = both_ways(REAL, authority=authority_a)
    assert report["created"] == 1329 and report["warnings"]
    assert piped_report == report
    assert piped_stored.keys() == stored.keys()
    assert [key for key in stored if piped_stored[key] != stored[key]] == []


def test_an_update_read_by_a_second_process_finds_the_unchanged_activities(authority_a):
    Importer(authority=authority_a).run([str(p) for p in REAL[:2]])
    report, stored, piped_report, piped_stored = both_ways(REAL[:3], authority=authority_a)
    assert report["unchanged"] > 0 and report["created"] > 0
    assert (piped_report, piped_stored) == (report, stored)


def truncated(tmp_path):
    text = iati_file(tmp_path, *({"identifier": f"XM-{i}"} for i in range(5))).read_text()
    path = tmp_path / "truncated.xml"
    path.write_text(text[: text.index("XM-4")])  # cut inside the fifth activity
    return path


def bomb(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE iati-activities [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;">'
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iati-activities version="2.03"><iati-activity>'
        "<iati-identifier>&l1;&xxe;</iati-identifier></iati-activity></iati-activities>"
    )
    return path


def text_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


CASES = {
    "malformed XML": truncated,
    "entities and a DOCTYPE": bomb,
    "IATI 1.x": lambda tmp_path: IATI / "real/legacy-v1/dfid-AF-2011.xml",
    "not IATI": lambda tmp_path: text_file(tmp_path, "o.xml", '<iati-organisations version="2.03"/>'),
    "no version": lambda tmp_path: text_file(tmp_path, "v.xml", "<iati-activities><iati-activity/></iati-activities>"),
    "empty file": lambda tmp_path: text_file(tmp_path, "e.xml", ""),
    "unknown version": lambda tmp_path: iati_file(tmp_path, {"identifier": "XM-1"}, version="2.99"),
    "bad and duplicate activities": lambda tmp_path: iati_file(
        tmp_path, {"identifier": "XM-1"}, {"identifier": "XM-2", "status": "9"}, {"identifier": "XM-1"}
    ),
}


@pytest.mark.parametrize("on_error", [OnError.ROLLBACK, OnError.SKIP])
@pytest.mark.parametrize("case", CASES)
def test_a_file_the_reading_process_refuses_or_skips_is_reported_the_same(tmp_path, authority_a, case, on_error):
    path = CASES[case](tmp_path)
    # Batches of two: with "skip", what was written before a refusal stays, in the same batches both ways.
    report, stored, piped_report, piped_stored = both_ways(
        [path], authority=authority_a, on_error=on_error, batch_size=2
    )
    assert report["files"][0]["message"] or report["skipped"] or report["warnings"], report
    assert piped_report == report
    assert piped_stored == stored


def test_a_refusal_names_the_same_line_read_by_a_second_process(tmp_path, authority_a):
    path = truncated(tmp_path)
    last_line = path.read_text().count("\n") + 1
    report = Importer(authority=authority_a, pipeline=True).run([str(path)])
    assert report.files[0]["status"] == "refused"
    message = report.files[0]["message"]
    assert message.startswith("Not well-formed XML: Premature end of data") and f"line {last_line}," in message
    assert Project.objects.count() == 0


def test_a_failure_of_the_reading_process_surfaces_in_the_importer_and_nothing_is_written(tmp_path, authority_a):
    with pytest.raises(ReadingFailed, match="IsADirectoryError"):
        Importer(authority=authority_a, pipeline=True).run([str(tmp_path)])  # a folder: the reader cannot open it
    assert Project.objects.count() == 0


def test_progress_read_by_a_second_process_counts_every_byte(tmp_path):
    path = iati_file(tmp_path, *({"identifier": f"XM-{i}"} for i in range(300)))
    read = []
    count = sum(1 for _activity in read_in_child(str(path), on_read=read.append))
    assert count == 300
    assert sum(read) == path.stat().st_size


def test_only_files_of_some_size_are_read_by_a_second_process_by_default(tmp_path, settings, authority_a):
    path = iati_file(tmp_path, {"identifier": "XM-1"})
    stats = {}
    importer = Importer(authority=authority_a)
    importer.run([str(path)])
    assert importer.stats == stats  # below IATI_IMPORT_PIPELINE_MIN_BYTES: read in-process
    settings.IATI_IMPORT_PIPELINE_MIN_BYTES = path.stat().st_size
    importer = Importer(authority=authority_a, mode=ImportMode.REPLACE)
    report = importer.run([str(path)])
    assert report.updated + report.unchanged == 1
    assert importer.stats["reader_peak_kb"] > 0


def test_memory_of_both_processes_stays_flat_as_the_file_grows(tmp_path, authority_a):
    """Both peaks — the importer's (tracemalloc) and the reading process's (VmHWM) — are bounded by the
    batch, the frames and the pipe, not the file: ten times the activities, about the same peaks."""
    import tracemalloc

    CountryFactory(code="MA")  # no warning per activity: the report would grow with the file, by design
    Importer(authority=authority_a, pipeline=True).run([str(iati_file(tmp_path, {"identifier": "warm-up"}))])
    importer_peaks, reader_peaks = {}, {}
    for count in (300, 3000):
        path = iati_file(tmp_path, *({"identifier": f"n{count}-{i}"} for i in range(count)), name=f"{count}.xml")
        importer = Importer(authority=authority_a, pipeline=True, batch_size=100)
        tracemalloc.start()
        assert importer.run([str(path)]).created == count
        importer_peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        reader_peaks[count] = importer.stats["reader_peak_kb"]
    assert importer_peaks[3000] < importer_peaks[300] * 1.6, importer_peaks
    assert reader_peaks[3000] < reader_peaks[300] * 1.25, reader_peaks


def test_an_uploaded_file_read_by_a_second_process_reports_its_progress(tmp_path, settings, authority_a):
    from coopdec.interop.iati import jobs

    settings.IATI_IMPORT_PIPELINE_MIN_BYTES = 0
    settings.MEDIA_ROOT = tmp_path
    path = iati_file(tmp_path, *({"identifier": f"XM-{i}"} for i in range(120)))
    size = path.stat().st_size
    job = ImportJob.objects.create(file_name="big.xml", path=str(path), bytes_total=size, authority=authority_a)
    jobs.start(job)
    job.refresh_from_db()
    assert (job.status, job.report["created"], job.bytes_read) == ("done", 120, size)


def test_a_relative_path_is_read_by_a_second_process_from_the_importer_s_folder(tmp_path, monkeypatch, authority_a):
    iati_file(tmp_path, {"identifier": "XM-1"}, {"identifier": "XM-2"})
    monkeypatch.chdir(tmp_path)
    report = Importer(authority=authority_a, pipeline=True).run(["file.xml"])
    assert (report.files[0]["status"], report.created) == ("imported", 2)
