"""Documents are recognised by their content, limited in size, renamed safely and stored privately."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from coopdec.lib import uploads

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def zip_bytes(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": uploads.ODT.content_type.encode(), "content.xml": b"<office:document-content/>"},
        first="mimetype",
    )


def docx_bytes(
    content_types: bytes = b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>',
) -> bytes:
    return zip_bytes({"[Content_Types].xml": content_types, "word/document.xml": b"<w:document/>"})


def upload(content: bytes, name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(content: bytes, name: str = "document.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.document_type(upload(content, name))
    return caught.value


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PDF_BYTES, uploads.PDF), (odt_bytes(), uploads.ODT), (docx_bytes(), uploads.DOCX)],
    ids=["pdf", "odt", "docx"],
)
def test_a_document_is_recognised_by_its_content_whatever_its_name(content, expected):
    assert uploads.document_type(upload(content, name="scan.txt")) == expected


def test_an_executable_renamed_pdf_is_refused():
    with translation.override("en"):
        error = refusal(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "convention.pdf")
    assert error.code == "type"
    assert "not a PDF, ODT or DOCX" in error.message


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "empty"


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(settings):
    settings.MAX_UPLOAD_SIZE = 1000
    with translation.override("en"):
        error = refusal(PDF_BYTES + b"0" * 1000)
    assert error.code == "size"
    assert error.params["limit"] == "1000\xa0bytes"


def test_an_archive_declaring_a_huge_unpacked_size_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 10_000
    # 300 kB of zeros compress to a few hundred bytes: well under the upload limit, far over 20 × it.
    content = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * 300_000})
    assert len(content) < 10_000
    assert refusal(content, "bomb.docx").code == "expansion"


def test_a_word_document_with_macros_is_refused():
    content = docx_bytes(
        b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    error = refusal(content, "budget.docx")
    assert error.code == "macros"


def test_any_other_zip_is_refused():
    assert refusal(zip_bytes({"readme.txt": b"hello"}), "archive.odt").code == "type"


def test_an_odt_mimetype_of_another_kind_is_refused():
    content = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, first="mimetype")
    assert refusal(content, "table.odt").code == "type"


def test_a_truncated_zip_is_refused():
    assert refusal(odt_bytes()[:40], "broken.odt").code == "type"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("Convention Île-de-France 2024.pdf", ".pdf", "Convention Île-de-France 2024.pdf"),
        ("../../etc/passwd", ".pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Desktop\\accord.docx", ".docx", "accord.docx"),
        ("rapport<script>.exe", ".pdf", "rapport_script.pdf"),
        ("", ".odt", "document.odt"),
        ("a" * 300 + ".pdf", ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_a_file_name_is_cleaned_and_gets_the_extension_of_its_real_type(name, extension, expected):
    assert uploads.clean_name(name, extension) == expected


def test_a_stored_document_gets_a_random_name_in_its_folder():
    stored = uploads.store_document(upload(PDF_BYTES, "Convention.pdf"), folder="tests")
    try:
        assert stored.path.startswith("tests/") and stored.path.endswith(".pdf")
        assert "Convention" not in stored.path
        assert stored.original_name == "Convention.pdf"
        assert stored.content_type == "application/pdf"
        assert stored.size == len(PDF_BYTES)
        assert default_storage.open(stored.path).read() == PDF_BYTES
    finally:
        default_storage.delete(stored.path)


def test_a_refused_document_is_not_stored():
    before = default_storage.listdir("tests")[1] if default_storage.exists("tests") else []
    with pytest.raises(ValidationError):
        uploads.store_document(upload(b"MZ" + b"\x00" * 50, "virus.pdf"), folder="tests")
    after = default_storage.listdir("tests")[1] if default_storage.exists("tests") else []
    assert after == before
