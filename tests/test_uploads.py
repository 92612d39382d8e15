"""Uploads: type judged by content, size limit, storage outside the web root, access-checked downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, TestCase

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.notices.models import Notice
from minorworks.projects.models import Attachment, Project, Status

from .conftest import client_for
from .registration_data import EXE, PDF, PNG, docx_bytes, upload, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


def _post(client, project, name, content, kind="contract", **extra):
    return client.post(
        f"/projects/{project.pk}/attachments/", {"kind": kind, "file": upload(name, content), **extra}
    )


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("合同.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("措施.docx", None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("名单.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("no-extension", PDF, "application/pdf"),  # the name does not matter, the bytes do
    ],
)
def test_accepted_types_are_stored_outside_the_web_root(world, project_a, name, content, mime):
    if content is None:
        content = docx_bytes() if name.endswith("docx") else xlsx_bytes()
    response = _post(client_for(world, "builder"), project_a, name, content)
    assert response.status_code == 302 and response["Location"] == f"/projects/{project_a.pk}/"
    attachment = Attachment.objects.get(project=project_a)
    assert (
        attachment.content_type == mime
        and attachment.original_name == name
        and attachment.size == len(content)
    )
    path = Path(attachment.file.path)
    assert path.is_file() and path.read_bytes() == content
    assert str(path).startswith(str(settings.MEDIA_ROOT))
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    assert name not in path.name  # stored under a random name
    entry = AuditEntry.objects.get(action="project.attachment_add")
    assert entry.after["name"] == name and entry.actor == world.builder


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("合同.pdf", EXE),  # a program dressed up as a PDF
        ("note.txt", "纯文本".encode()),
        ("archive.docx", None),  # a zip that is not an Office document
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_other_content_is_refused_with_a_field_message(world, project_a, name, content):
    content = zip_bytes() if content is None else content
    response = _post(client_for(world, "builder"), project_a, name, content)
    assert response.status_code == 400
    assert 'data-field-error="file"' in response.content.decode()
    assert not Attachment.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_size_is_limited(world, project_a, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = _post(client_for(world, "builder"), project_a, "big.pdf", PDF + b"0" * 200)
    assert response.status_code == 400 and 'data-field-error="file"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_missing_file_and_kind_are_named(world, project_a):
    response = client_for(world, "builder").post(
        f"/projects/{project_a.pk}/attachments/", {"kind": "nonsense"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-field-error="file"' in html and 'data-field-error="kind"' in html


def test_upload_refuses_get_and_outsiders(world, project_a):
    assert client_for(world, "builder").get(f"/projects/{project_a.pk}/attachments/").status_code == 405
    assert _post(client_for(world, "street_b_officer"), project_a, "a.pdf", PDF).status_code == 404
    assert _post(client_for(world, "other_builder"), project_a, "a.pdf", PDF).status_code == 404
    assert _post(client_for(world, "grid_worker"), project_a, "a.pdf", PDF).status_code == 403
    assert not Attachment.objects.exists()


def test_after_submission_the_builder_cannot_add_but_the_street_can(world, project_a):
    Project.objects.filter(pk=project_a.pk).update(status=Status.ACCEPTED)
    assert _post(client_for(world, "builder"), project_a, "a.pdf", PDF).status_code == 403
    assert (
        _post(
            client_for(world, "street_a_officer"), project_a, "签字.pdf", PDF, kind="signed_notice"
        ).status_code
        == 302
    )
    assert Attachment.objects.get().uploaded_by == world.street_a_officer


@pytest.fixture
def attachment(world, project_a):
    _post(client_for(world, "builder"), project_a, "合同.pdf", PDF)
    return Attachment.objects.get()


@pytest.mark.parametrize(
    "persona", ["builder", "street_a_officer", "district_admin", "grid_worker", "dept_officer"]
)
def test_download_for_those_who_see_the_project(world, project_a, attachment, persona):
    response = client_for(world, persona).get(f"/projects/{project_a.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_is_404_for_outsiders_and_login_for_anonymous(world, project_a, attachment):
    url = f"/projects/{project_a.pk}/attachments/{attachment.pk}/"
    assert client_for(world, "street_b_officer").get(url).status_code == 404
    assert client_for(world, "other_builder").get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # The attachment of one project is not reachable through another project's URL.
    from .factories import ProjectFactory

    mine = ProjectFactory(street=world.street_b)
    assert (
        client_for(world, "district_admin")
        .get(f"/projects/{mine.pk}/attachments/{attachment.pk}/")
        .status_code
        == 404
    )


def test_files_are_not_served_from_a_media_url(world, attachment):
    assert client_for(world, "builder").get("/media/" + attachment.file.name).status_code == 404
    assert client_for(world, "builder").get(settings.MEDIA_URL + attachment.file.name).status_code == 404


def test_remove_from_a_draft(world, project_a, attachment):
    path = Path(attachment.file.path)
    client = client_for(world, "builder")
    url = f"/projects/{project_a.pk}/attachments/{attachment.pk}/remove/"
    assert client.get(url).status_code == 405
    assert client_for(world, "street_b_officer").post(url).status_code == 404
    assert client_for(world, "grid_worker").post(url).status_code == 403
    assert Attachment.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file goes once the row is committed
        assert client.post(url).status_code == 302
    assert not Attachment.objects.exists() and not path.exists()
    assert AuditEntry.objects.filter(action="project.attachment_remove").count() == 1
    assert client.post(url).status_code == 404  # a second click finds nothing


def test_no_removal_after_submission_nor_of_the_signed_notice(world, project_a, attachment):
    Project.objects.filter(pk=project_a.pk).update(status=Status.SUBMITTED)
    url = f"/projects/{project_a.pk}/attachments/{attachment.pk}/remove/"
    assert client_for(world, "builder").post(url).status_code == 403
    Project.objects.filter(pk=project_a.pk).update(status=Status.ACCEPTED)
    _post(client_for(world, "street_a_officer"), project_a, "签字.pdf", PDF, kind="signed_notice")
    scan = Attachment.objects.get(kind="signed_notice")
    Notice.objects.create(project=project_a, number="DCGZ1", signed_scan=scan)
    response = client_for(world, "street_a_officer").post(
        f"/projects/{project_a.pk}/attachments/{scan.pk}/remove/"
    )
    assert response.status_code == 302 and Attachment.objects.filter(pk=scan.pk).exists()
    assert Attachment.objects.count() == 2


# --- through the API --------------------------------------------------------------------------------------
def _api(world, persona):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(getattr(world, persona))}"}


def test_api_upload_download_and_delete(world, project_a):
    headers = _api(world, "builder")
    client = Client()
    url = f"/api/v1/projects/{project_a.pk}/attachments"
    response = client.post(url, {"kind": "contract", "file": upload("合同.pdf", PDF)}, **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "application/pdf" and body["name"] == "合同.pdf"
    download = client.get(body["url"], **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert client.get(body["url"], **_api(world, "street_b_officer")).status_code == 404
    assert client.delete(f"{url}/{body['id']}", **_api(world, "street_b_officer")).status_code == 404
    assert client.delete(f"{url}/{body['id']}", **headers).status_code == 204
    assert not Attachment.objects.exists()


def test_api_upload_refuses_bad_content_and_outsiders(world, project_a):
    url = f"/api/v1/projects/{project_a.pk}/attachments"
    bad = Client().post(url, {"kind": "contract", "file": upload("a.pdf", EXE)}, **_api(world, "builder"))
    assert bad.status_code == 400 and bad.json()["detail"][0]["field"] == "file"
    missing = Client().post(url, {"kind": "contract"}, **_api(world, "builder"))
    assert missing.status_code == 400 and missing.json()["detail"][0]["field"] == "file"
    outsider = Client().post(
        url, {"kind": "contract", "file": upload("a.pdf", PDF)}, **_api(world, "street_b_officer")
    )
    assert outsider.status_code == 404
    assert not Attachment.objects.exists()
