"""Uploads and generated documents round-trip through S3-compatible object storage (a real HTTP server:
moto's threaded server on 127.0.0.1), selected by the same environment variables as production."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings

from minorworks import settings as project_settings
from minorworks.core.models import DocumentVersion
from minorworks.notices.models import Notice
from minorworks.projects.models import Attachment, Status

from .conftest import client_for
from .registration_data import PDF, upload

pytestmark = pytest.mark.django_db

BUCKET = "minorworks-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """A moto S3 server on a free local port for this module (no network beyond 127.0.0.1)."""
    moto_server = pytest.importorskip("moto.server")
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_server, tmp_path):
    """Settings built from FILE_STORAGE=s3 and its variables, a fresh bucket prefix; the boto3 client."""
    import boto3

    env = {
        "FILE_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "cn-north-1",
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",  # noqa: S105 — the local test server's
        "S3_PREFIX": f"run-{uuid.uuid4().hex[:8]}",
        "S3_ADDRESSING_STYLE": "path",
    }
    with mock.patch.dict(os.environ, env):
        default = project_settings.file_storage()
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="cn-north-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",  # noqa: S106
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
    # MEDIA_ROOT points at an empty folder: anything written to the local disk by mistake would be found there.
    storages = {**settings.STORAGES, "default": default}
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path / "media")):
        yield client, default["OPTIONS"]["location"]
    assert not (tmp_path / "media").exists()


def _objects(client, prefix: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/").get("Contents", [])
    return {
        item["Key"][len(prefix) + 1 :]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def test_the_settings_refuse_an_unknown_backend_or_a_missing_bucket():
    from django.core.exceptions import ImproperlyConfigured

    with mock.patch.dict(os.environ, {"FILE_STORAGE": "ftp"}), pytest.raises(ImproperlyConfigured):
        project_settings.file_storage()
    with (
        mock.patch.dict(os.environ, {"FILE_STORAGE": "s3", "S3_BUCKET": ""}),
        pytest.raises(ImproperlyConfigured),
    ):
        project_settings.file_storage()
    with mock.patch.dict(os.environ, {"FILE_STORAGE": "local"}):
        assert project_settings.file_storage()["BACKEND"].endswith("FileSystemStorage")


def test_an_attachment_goes_to_the_bucket_and_comes_back_through_the_download_view(
    world, project_a, s3, django_capture_on_commit_callbacks
):
    client, prefix = s3
    builder = client_for(world, "builder")
    response = builder.post(
        f"/projects/{project_a.pk}/attachments/", {"kind": "contract", "file": upload("合同.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(project=project_a)
    assert _objects(client, prefix) == {attachment.file.name: PDF}
    download = builder.get(f"/projects/{project_a.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        client_for(world, "street_b_officer")
        .get(f"/projects/{project_a.pk}/attachments/{attachment.pk}/")
        .status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        removed = builder.post(f"/projects/{project_a.pk}/attachments/{attachment.pk}/remove/")
    assert removed.status_code in (302, 303)
    assert _objects(client, prefix) == {}  # the object is deleted with the record


def test_a_generated_document_is_stored_once_in_the_bucket_and_served_from_it(world, project_a, s3):
    client, prefix = s3
    project_a.status = Status.ACCEPTED
    project_a.save()
    Notice.objects.create(project=project_a, number="DCGZ2026000042", issued_by=world.street_a_officer)
    officer = client_for(world, "street_a_officer")
    first = officer.get(f"/projects/{project_a.pk}/notice.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    version = DocumentVersion.objects.get()
    stored = _objects(client, prefix)
    assert stored == {
        version.pdf_file.name: first.content,
        version.docx_file.name: stored[version.docx_file.name],
    }
    assert stored[version.docx_file.name].startswith(b"PK\x03\x04")
    again = officer.get(f"/projects/{project_a.pk}/notice.pdf")
    assert (
        again.content == first.content and DocumentVersion.objects.count() == 1
    )  # read back, not re-rendered
    docx = officer.get(f"/projects/{project_a.pk}/notice.docx")
    assert docx.content == stored[version.docx_file.name]


def test_an_inspection_photo_is_reencoded_into_the_bucket(world, s3):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from PIL import Image

    from minorworks.inspections.models import Photo

    from .factories import ProjectFactory

    client, prefix = s3
    site = ProjectFactory(street=world.street_a, status=Status.IN_PROGRESS, hazardous_operations=["hot_work"])
    image = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(image, format="JPEG")
    officer = client_for(world, "street_a_officer")
    response = officer.post(
        f"/inspections/new/?project={site.pk}",
        {
            "project": site.pk,
            "kind": "patrol",
            "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "client_uid": str(uuid.uuid4()),
            "A01-answer": "pass",
            "E04-answer": "fail",
            "E04-level": "general",
            "E04-note": "未配灭火器",
            "E04-photos": [SimpleUploadedFile("fire.jpg", image.getvalue(), content_type="image/jpeg")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    photo = Photo.objects.get()
    stored = _objects(client, prefix)
    assert list(stored) == [photo.file.name] and stored[photo.file.name].startswith(b"\xff\xd8")
    download = officer.get(f"/inspections/photos/{photo.pk}/")
    assert b"".join(download.streaming_content) == stored[photo.file.name]
