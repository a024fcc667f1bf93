"""A project's documents: attached by its editors, checked by content, downloaded only by who may see it."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from coopdec.partnerships.enums import Visibility
from coopdec.projects import document_services
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import ProjectDocument

ROLES = ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin"]
STATUS = {"visitor": 302, "editor_a": 302, "admin_a": 302, "editor_b": 403, "coordinator": 302, "platform_admin": 302}
WRITES = {"visitor": False, "editor_a": True, "admin_a": True, "editor_b": False, "coordinator": True}
WRITES["platform_admin"] = True
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def url(name, *args):
    with translation.override("en"):
        return reverse(f"projects:{name}", args=args)


def pdf(name="Rapport final.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def project_a(authority_a):
    return ProjectFactory(lead_authority=authority_a, budget=Decimal("100000"))


@pytest.fixture
def document(project_a, editor_a):
    return document_services.attach_document(project=project_a, author=editor_a, file=pdf(), title="Final report")


@pytest.mark.parametrize("role", ROLES)
def test_attaching_a_document_by_role(client, cast, project_a, role):
    response = client_for(client, cast[role]).post(url("document_upload", project_a.pk), {"file": pdf()})
    assert response.status_code == STATUS[role]
    assert project_a.documents.exists() is WRITES[role]


def test_an_attached_document_is_stored_privately_under_a_random_name(client, editor_a, project_a):
    client_for(client, editor_a).post(url("document_upload", project_a.pk), {"file": pdf(), "title": "Report"})
    document = project_a.documents.get()
    assert document.original_name == "Rapport final.pdf"
    assert document.content_type == "application/pdf"
    assert document.file.name.startswith("projects/") and "Rapport" not in document.file.name
    assert default_storage.exists(document.file.name)


def test_a_file_that_is_not_a_document_is_refused_with_a_message(client, editor_a, project_a):
    data = {"file": pdf("script.pdf", b"#!/bin/sh\nrm -rf /\n")}
    response = client_for(client, editor_a).post(url("document_upload", project_a.pk), data)
    assert response.status_code == 200
    assert "This file is not a PDF, ODT or DOCX document" in response.content.decode()
    assert not ProjectDocument.objects.exists()


@pytest.mark.parametrize("role, status", [("editor_a", 200), ("editor_b", 200), ("coordinator", 200)])
def test_a_public_projects_document_is_downloaded_by_signed_in_users(client, cast, document, role, status):
    response = client_for(client, cast[role]).get(url("document_download", document.project_id, document.pk))
    assert response.status_code == status
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Rapport final.pdf" in response["Content-Disposition"]


def test_a_visitor_is_sent_to_log_in_before_downloading(client, document):
    response = client.get(url("document_download", document.project_id, document.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_private_projects_document_is_404_for_another_authority(client, editor_b, document):
    document.project.visibility = Visibility.PRIVATE
    document.project.save()
    response = client_for(client, editor_b).get(url("document_download", document.project_id, document.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_document_by_role(client, cast, document, role):
    response = client_for(client, cast[role]).post(url("document_delete", document.project_id, document.pk))
    assert response.status_code == STATUS[role]
    assert ProjectDocument.objects.filter(pk=document.pk).exists() is not WRITES[role]


def test_deleting_a_document_asks_for_confirmation_first(client, editor_a, document):
    response = client_for(client, editor_a).get(url("document_delete", document.project_id, document.pk))
    assert "Delete the document “Final report”?" in response.content.decode()
    assert ProjectDocument.objects.filter(pk=document.pk).exists()


def test_the_project_page_lists_its_documents(client, editor_b, document):
    content = client_for(client, editor_b).get(url("detail", document.project_id)).content.decode()
    assert "Final report" in content
    assert url("document_download", document.project_id, document.pk) in content
