"""The coordinators' IATI upload page: who may use it, the background job, its progress and report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from coopdec.interop.enums import JobStatus
from coopdec.interop.models import ImportJob
from coopdec.projects.models import Project

pytestmark = pytest.mark.django_db

FILE = b"""<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR">
  <iati-identifier>XM-DAC-41114-1</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
  <title><narrative xml:lang="en">Water</narrative></title>
  <description><narrative xml:lang="en">Text</narrative></description>
  <participating-org ref="XM-DAC-41114" role="1" type="40"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
 </iati-activity>
</iati-activities>
"""


def upload(client, **data):
    return client.post(
        reverse("interop:import_upload"),
        {"file": SimpleUploadedFile("undp.xml", FILE), "mode": "update", "on_error": "rollback", **data},
    )


@pytest.mark.parametrize("role", ["visitor", "editor_a", "admin_a", "editor_b"])
def test_only_coordinators_may_import_iati_files(client, cast, role):
    response = upload(client_for(client, cast[role]), authority="FR-REG-11")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/" in response["Location"] or "login" in response["Location"]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "platform_admin"])
def test_a_coordinator_uploads_a_file_and_sees_the_report(client, cast, role, settings, tmp_path, authority_a):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(client, cast[role])
    response = upload(client, authority="FR-REG-11")
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("interop:import_job", args=[job.pk])
    assert job.status == JobStatus.DONE
    assert job.report["created"] == 1
    assert Project.objects.get().lead_authority == authority_a
    with translation.override("en"):
        page = client.get(reverse("interop:import_job", args=[job.pk])).content.decode()
    assert "Created" in page and "hx-get" not in page
    assert not list(tmp_path.glob("iati-imports/*.xml")), "the uploaded file is removed once imported"


def test_a_running_job_page_polls_its_progress(client, coordinator, authority_a):
    job = ImportJob.objects.create(file_name="big.xml", path="/nonexistent", bytes_total=1000, bytes_read=250)
    client.force_login(coordinator)
    page = client.get(reverse("interop:import_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="25"' in page


def test_a_file_that_is_not_xml_is_refused_before_any_job(client, coordinator):
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.post(
            reverse("interop:import_upload"),
            {"file": SimpleUploadedFile("x.xml", b"PK\x03\x04"), "mode": "update", "on_error": "rollback"},
        )
    assert "This is not an XML file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_job_pages_are_for_coordinators_only(client, editor_a):
    job = ImportJob.objects.create(file_name="f.xml", path="/nonexistent")
    client.force_login(editor_a)
    assert client.get(reverse("interop:import_job", args=[job.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_upload_runs_in_a_background_thread_and_the_job_ends_done(client, settings, tmp_path):
    import threading

    from coopdec.accounts.factories import UserFactory
    from coopdec.territories.factories import AuthorityFactory

    settings.MEDIA_ROOT = tmp_path
    AuthorityFactory(code="FR-REG-11")
    client.force_login(UserFactory(is_coordinator=True, is_staff=True))
    upload(client, authority="FR-REG-11")
    job = ImportJob.objects.get()
    for thread in threading.enumerate():
        if thread.name == f"iati-import-{job.pk}":
            thread.join(timeout=60)
    job.refresh_from_db()
    assert (job.status, job.report["created"]) == (JobStatus.DONE, 1)
