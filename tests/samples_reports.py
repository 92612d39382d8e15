"""Walker samples for the reports URLs: a report in street A with a photo, an Open311 key of the district."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from minorworks.reports.intake import receive_report
from minorworks.reports.keys import issue_key


def jpeg(name: str = "p.jpg") -> SimpleUploadedFile:
    """A small JPEG upload."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def samples(world, request) -> dict:
    """report_id / photo_id → a report of street A (its officer and the desk); key_id → the district's key."""
    report = receive_report(
        actor=None,
        data={
            "category": "dust",
            "street": world.street_a,
            "address": "样例地点",
            "description": "样例举报",
            "reporter_name": "举报人样例REPORTER",
            "reporter_phone": "13912345678",
        },
        photos=[jpeg()],
    ).report
    key, _raw = issue_key(actor=world.district_admin, name="样例客户端", district=world.district)
    staff_a = {"district_admin", "street_a_officer"}
    everyone = {
        "anonymous",
        "district_admin",
        "street_a_officer",
        "street_b_officer",
        "dept_officer",
        "grid_worker",
        "builder",
    }
    return {
        "report_id": (report.pk, staff_a),
        "photo_id": (report.photos.get().pk, staff_a),
        "key_id": (key.pk, {"district_admin"}),
        "secret": (report.secret, everyone),
        "fmt": ("json", everyone),
        "service_code": ("dust", everyone),
        "service_request_id": (report.number, everyone),
        "token": (report.token, everyone),
    }
