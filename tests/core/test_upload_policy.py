"""Every uploaded file goes through one policy (issue 19 §3): its kind is told from its
content, its size is capped, it is stored under a random name and read back only through a
scoped download, as an attachment the browser does not sniff."""

import io
import os
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cadres.models import Election
from apps.core.exchange.uploads import check_upload
from tests.cadres.test_election_views import election_post
from tests.core.test_scoping_every_url import cadres_part_two_rows

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def post_election(client, world, name: str, content: bytes):
    data = election_post(world)
    data["rules_document"] = SimpleUploadedFile(name, content)
    return client.post("/cadres/elections/add/", data)


def test_renamed_exe_is_refused_with_the_chinese_message(client_a, world):
    response = post_election(client_a, world, "办法.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert response.status_code == 200
    assert "只能上传PDF、Word 或图片文件（按文件内容判断），“办法.pdf”不是" in (
        response.content.decode()
    )
    assert not Election.objects.filter(union=world.a.union).exists()


def test_real_pdf_is_stored_under_a_random_name(client_a, world):
    response = post_election(client_a, world, "沙市区选举办法.pdf", PDF)
    assert response.status_code == 302
    election = Election.objects.get(union=world.a.union)
    stored = election.rules_document.name
    assert stored.startswith("cadres/elections/") and stored.endswith(".pdf")
    assert "选举办法" not in stored and "沙市区" not in stored
    assert len(os.path.basename(stored)) == 32 + len(".pdf")


def test_rules_download_is_an_unsniffed_attachment_in_scope_only(client, world):
    client.force_login(world.clerk_a)
    post_election(client, world, "办法.pdf", PDF)
    election = Election.objects.get(union=world.a.union)
    detail = client.get(f"/cadres/elections/{election.pk}/").content.decode()
    url = f"/cadres/elections/{election.pk}/rules/"
    assert url in detail and "/media/" not in detail
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(world.clerk_b)
    assert client.get(url).status_code == 404


def test_agreement_file_download_answers_404_to_another_county(client, world):
    agreement = cadres_part_two_rows(world)["chairagreement"]
    url = f"/cadres/agreements/{agreement.pk}/file/"
    client.force_login(world.clerk_b)
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.clerk_a)
    assert client.get(url).status_code == 404


def test_oversize_file_is_refused(client_a, world, settings):
    settings.UPLOAD_MAX_DOCUMENT_MB = 1
    response = post_election(client_a, world, "办法.pdf", PDF + b"0" * (1024 * 1024))
    assert "文件不能超过1MB" in response.content.decode()
    assert not Election.objects.filter(union=world.a.union).exists()


def test_word_and_scans_pass_and_other_zips_do_not():
    assert check_upload(SimpleUploadedFile("办法.docx", docx()), "document") == "docx"
    png = SimpleUploadedFile("扫描件.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    assert check_upload(png, "document") == "png"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    assert check_upload(SimpleUploadedFile("照片.zip", buffer.getvalue()), "attachment") == "zip"
    try:
        check_upload(SimpleUploadedFile("照片.docx", buffer.getvalue()), "document")
    except Exception as exc:
        assert "“照片.docx”不是" in str(exc.messages[0])
    else:
        raise AssertionError("a plain zip passed as a Word file")
