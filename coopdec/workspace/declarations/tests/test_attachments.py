"""A declaration's documents: attached by its editors, checked by content, downloaded only by its readers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from coopdec.declarations import services
from coopdec.declarations.enums import DeclarationStatus
from coopdec.declarations.models import Attachment, Declaration
from coopdec.lib.tests.test_uploads import PDF_BYTES, docx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration(campaign, editor_a, authority_a):
    return services.start_declaration(author=editor_a, authority=authority_a, year=2025)


def upload(client, declaration, content=PDF_BYTES, name="Délibération du conseil.pdf"):
    return client.post(
        reverse("declarations:attachment_add", args=[declaration.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_an_editor_attaches_a_pdf_and_the_page_lists_it(client, editor_a, declaration):
    response = upload(client_for(client, editor_a), declaration)
    assert response.url == reverse("declarations:detail", args=[declaration.pk])
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == ("Délibération du conseil.pdf", "application/pdf")
    assert "Délibération du conseil" not in attachment.file.name and attachment.file.name.startswith("declarations/")
    page = client.get(response.url).content.decode()
    assert "Délibération du conseil.pdf" in page
    assert reverse("declarations:attachment", args=[declaration.pk, attachment.pk]) in page


def test_a_docx_is_accepted_with_its_own_extension(client, editor_a, declaration):
    upload(client_for(client, editor_a), declaration, docx_bytes(), name="compte-rendu.pdf")
    assert Attachment.objects.get().original_name == "compte-rendu.docx"


def test_a_file_that_is_not_a_document_is_refused_beside_the_field(client, editor_a, declaration):
    response = upload(client_for(client, editor_a), declaration, b"MZ\x90\x00 not a pdf", name="virus.pdf")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_file_error"' in page and "PDF, ODT ou DOCX" in page
    assert not Attachment.objects.exists()


def test_a_file_too_large_is_refused(client, editor_a, declaration, settings):
    settings.MAX_UPLOAD_SIZE = 20
    response = upload(client_for(client, editor_a), declaration)
    assert 'id="id_file_error"' in response.content.decode() and not Attachment.objects.exists()


@pytest.mark.parametrize("role", ["visitor", "editor_b", "coordinator"])
def test_only_the_authoritys_members_attach(client, cast, role, declaration):
    response = upload(client_for(client, cast[role]), declaration)
    assert response.status_code in (302, 403) and not Attachment.objects.exists()
    if role == "visitor":
        assert "/accounts/login/" in response.url


def test_nothing_is_attached_to_a_submitted_declaration(client, editor_a, declaration):
    Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.SUBMITTED)
    assert upload(client_for(client, editor_a), declaration).status_code == 403
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert reverse("declarations:attachment_add", args=[declaration.pk]) not in page


@pytest.mark.parametrize(
    ("role", "status"), [("editor_a", 200), ("admin_a", 200), ("coordinator", 200), ("editor_b", 403)]
)
def test_who_downloads_a_document(client, cast, role, status, editor_a, declaration):
    upload(client_for(client, editor_a), declaration)
    attachment = Attachment.objects.get()
    client.logout()
    response = client_for(client, cast[role]).get(
        reverse("declarations:attachment", args=[declaration.pk, attachment.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_visitor_is_sent_to_sign_in_to_download(client, editor_a, declaration):
    upload(client_for(client, editor_a), declaration)
    attachment = Attachment.objects.get()
    client.logout()
    response = client.get(reverse("declarations:attachment", args=[declaration.pk, attachment.pk]))
    assert "/accounts/login/" in response.url


def test_a_document_of_another_declaration_is_not_found(client, editor_a, editor_b, declaration, authority_b):
    other = services.start_declaration(author=editor_b, authority=authority_b, year=2025)
    upload(client_for(client, editor_b), other)
    attachment = Attachment.objects.get()
    client.logout()
    response = client_for(client, editor_a).get(
        reverse("declarations:attachment", args=[declaration.pk, attachment.pk])
    )
    assert response.status_code == 404


def test_a_declaration_without_documents_says_so(client, editor_a, declaration):
    page = client_for(client, editor_a).get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "Aucun document n’est joint à cette déclaration." in page
