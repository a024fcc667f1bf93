"""Actions on a partnership (sign, préfet, suspend, resume, end, renew) and its documents, for every role."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from coopdec.partnerships.enums import PartnershipStatus, Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Partnership, PartnershipDocument
from coopdec.territories.factories import ForeignCityFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Who may act on a partnership of authority A: (status code of the POST, whether it is done).
WRITE_OUTCOMES = [
    ("visitor", 302, False),
    ("editor_a", 302, True),
    ("admin_a", 302, True),
    ("editor_b", 403, False),
    ("coordinator", 302, True),
    ("platform_admin", 302, True),
]


def url(partnership, suffix=""):
    return f"/en/workspace/partnerships/{partnership.pk}/{suffix}"


@pytest.fixture
def yerevan():
    return ForeignCityFactory(name="Erevan")


@pytest.fixture
def draft(authority_a, yerevan):
    return partnership_between(
        authority_a, yerevan, title="Draft", status=PartnershipStatus.DRAFT, visibility=Visibility.PRIVATE
    )


@pytest.fixture
def signed(authority_a, yerevan):
    return partnership_between(
        authority_a,
        yerevan,
        title="Signed",
        status=PartnershipStatus.SIGNED,
        signed_on=date(2024, 3, 1),
        visibility=Visibility.PRIVATE,
    )


@pytest.fixture
def in_force(authority_a, yerevan):
    return partnership_between(
        authority_a,
        yerevan,
        title="In force",
        status=PartnershipStatus.IN_FORCE,
        signed_on=date(2024, 3, 1),
        sent_to_prefect_on=date(2024, 3, 5),
        visibility=Visibility.PRIVATE,
    )


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_recording_the_signature(client, cast, draft, role, status, done):
    response = client_for(client, cast[role]).post(url(draft, "sign/"), {"on": "2024-03-01"})
    assert response.status_code == status
    draft.refresh_from_db()
    assert (draft.status == PartnershipStatus.SIGNED) == done
    assert (draft.signed_on == date(2024, 3, 1)) == done


def test_the_signature_page_asks_before_doing(client, editor_a, draft):
    response = client_for(client, editor_a).get(url(draft, "sign/"))
    assert response.status_code == 200
    assert "Record the signature" in response.text
    draft.refresh_from_db()
    assert draft.status == PartnershipStatus.DRAFT


def test_signing_with_a_single_party_shows_the_rule(client, editor_a, authority_a):
    from coopdec.partnerships.factories import PartnershipFactory, PartyFactory

    lonely = PartnershipFactory(status=PartnershipStatus.DRAFT)
    PartyFactory(partnership=lonely, authority=authority_a)
    response = client_for(client, editor_a).post(url(lonely, "sign/"), {"on": "2024-03-01"})
    assert "signed by at least two parties" in response.text


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_recording_the_date_sent_to_the_prefect(client, cast, signed, role, status, done):
    response = client_for(client, cast[role]).post(url(signed, "send_to_prefect/"), {"on": "2024-03-10"})
    assert response.status_code == status
    signed.refresh_from_db()
    assert (signed.status == PartnershipStatus.IN_FORCE) == done


def test_sent_to_the_prefect_before_the_signature_is_refused_with_the_dates(client, editor_a, signed):
    response = client_for(client, editor_a).post(url(signed, "send_to_prefect/"), {"on": "2024-01-10"})
    assert "before it is signed" in response.text
    signed.refresh_from_db()
    assert signed.status == PartnershipStatus.SIGNED


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_suspending(client, cast, in_force, role, status, done):
    response = client_for(client, cast[role]).post(url(in_force, "suspend/"), {"reason": "Elections"})
    assert response.status_code == status
    in_force.refresh_from_db()
    assert (in_force.status == PartnershipStatus.SUSPENDED) == done
    if done:
        assert in_force.history.first().history_change_reason == "Elections"


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_resuming(client, cast, in_force, role, status, done):
    in_force.status = PartnershipStatus.SUSPENDED
    in_force.save()
    response = client_for(client, cast[role]).post(url(in_force, "resume/"), {"reason": ""})
    assert response.status_code == status
    in_force.refresh_from_db()
    assert (in_force.status == PartnershipStatus.IN_FORCE) == done


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_ending(client, cast, in_force, role, status, done):
    response = client_for(client, cast[role]).post(url(in_force, "end/"), {"on": "2025-12-31", "reason": ""})
    assert response.status_code == status
    in_force.refresh_from_db()
    assert (in_force.status == PartnershipStatus.ENDED) == done


def test_ending_before_the_start_is_refused_with_the_dates(client, editor_a, in_force):
    response = client_for(client, editor_a).post(url(in_force, "end/"), {"on": "2020-01-01", "reason": ""})
    assert "before it began" in response.text
    in_force.refresh_from_db()
    assert in_force.status == PartnershipStatus.IN_FORCE


def test_a_draft_cannot_be_suspended_and_says_why(client, editor_a, draft):
    response = client_for(client, editor_a).post(url(draft, "suspend/"), {"reason": ""})
    assert "cannot be suspended" in response.text


def test_an_unknown_action_is_not_found(client, editor_a, draft):
    assert client_for(client, editor_a).post(url(draft, "explode/")).status_code == 404


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_renewing(client, cast, in_force, role, status, done):
    data = {"title": "Renewed", "signed_on": "2027-01-01", "starts_on": "2027-01-01"}
    response = client_for(client, cast[role]).post(url(in_force, "renew/"), data)
    assert response.status_code == status
    renewal = Partnership.objects.filter(title="Renewed").first()
    assert (renewal is not None) == done
    if done:
        assert renewal.renewal_of == in_force
        assert response["Location"] == url(renewal)
        in_force.refresh_from_db()
        assert in_force.status == PartnershipStatus.ENDED and in_force.ends_on == date(2026, 12, 31)


def test_the_renewal_form_is_prefilled_and_links_to_the_previous_convention(client, editor_a, in_force):
    response = client_for(client, editor_a).get(url(in_force, "renew/"))
    assert 'value="In force"' in response.text
    assert f'href="{url(in_force)}"' in response.text


# Documents


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def stored_files() -> list[str]:
    return default_storage.listdir("partnerships")[1] if default_storage.exists("partnerships") else []


def upload(client, partnership, content: bytes, name: str, title: str = ""):
    return client.post(url(partnership, "documents/"), {"file": SimpleUploadedFile(name, content), "title": title})


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_attaching_a_pdf(client, cast, in_force, role, status, done):
    response = upload(client_for(client, cast[role]), in_force, PDF, "Convention signée.pdf", "Signed convention")
    assert response.status_code == status
    document = PartnershipDocument.objects.first()
    assert (document is not None) == done
    if done:
        assert document.original_name == "Convention signée.pdf"
        assert document.content_type == "application/pdf"
        assert document.uploaded_by == cast[role]
        assert default_storage.open(document.file.name).read() == PDF
        default_storage.delete(document.file.name)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [(odt(), "accord.odt", "application/vnd.oasis.opendocument.text"), (docx(), "accord.docx", "wordprocessingml")],
)
def test_odt_and_docx_documents_are_accepted(client, editor_a, in_force, content, name, content_type):
    upload(client_for(client, editor_a), in_force, content, name)
    document = PartnershipDocument.objects.get()
    assert content_type in document.content_type
    default_storage.delete(document.file.name)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 64, "convention.pdf", "not a PDF, ODT or DOCX"),
        (b"", "empty.pdf", "The submitted file is empty."),
    ],
)
def test_a_refused_document_says_why_and_nothing_is_stored(client, editor_a, in_force, content, name, message):
    before = stored_files()
    response = upload(client_for(client, editor_a), in_force, content, name)
    page = client.get(response["Location"])
    assert message in page.text
    assert not PartnershipDocument.objects.exists()
    assert stored_files() == before


def test_a_document_over_the_limit_is_refused_with_the_limit(client, editor_a, in_force, settings):
    settings.MAX_UPLOAD_SIZE = 100
    response = upload(client_for(client, editor_a), in_force, PDF + b"0" * 200, "big.pdf")
    assert "the limit is 100" in client.get(response["Location"]).text
    assert not PartnershipDocument.objects.exists()


@pytest.fixture
def document(in_force, editor_a, client):
    upload(client_for(client, editor_a), in_force, PDF, "../Convention.pdf", "Signed convention")
    client.logout()
    document = PartnershipDocument.objects.get()
    yield document
    default_storage.delete(document.file.name)


@pytest.mark.parametrize(
    ("role", "status"),
    [("visitor", 403), ("editor_a", 200), ("admin_a", 200), ("editor_b", 403), ("coordinator", 200)],
)
def test_downloading_a_document_of_a_private_partnership(client, cast, document, role, status):
    response = client_for(client, cast[role]).get(url(document.partnership, f"documents/{document.pk}/"))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="Convention.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF


def test_a_document_is_not_reachable_through_another_partnership(client, editor_a, document, authority_a):
    other = partnership_between(authority_a)
    assert client_for(client, editor_a).get(url(other, f"documents/{document.pk}/")).status_code == 404


def test_the_page_lists_the_documents(client, editor_a, document):
    response = client_for(client, editor_a).get(url(document.partnership))
    assert "Signed convention" in response.text
    assert f'href="{url(document.partnership, f"documents/{document.pk}/")}"' in response.text


@pytest.mark.parametrize(("role", "status", "done"), WRITE_OUTCOMES)
def test_deleting_a_document(client, cast, document, role, status, done, django_capture_on_commit_callbacks):
    path = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(client, cast[role]).post(url(document.partnership, f"documents/{document.pk}/delete/"))
    assert response.status_code == status
    assert PartnershipDocument.objects.filter(pk=document.pk).exists() != done
    if done:
        assert not default_storage.exists(path)
        assert PartnershipDocument.history.filter(id=document.pk, history_type="-").get().history_user == cast[role]


def test_deleting_a_document_asks_first(client, editor_a, document):
    response = client_for(client, editor_a).get(url(document.partnership, f"documents/{document.pk}/delete/"))
    assert response.status_code == 200
    assert "Delete “Signed convention”" in response.text
    assert PartnershipDocument.objects.filter(pk=document.pk).exists()
