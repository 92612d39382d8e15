"""Open311 GeoReport v2: the standard's sample payloads in JSON and XML, bad input in the standard's error
shape (never a 500), no personal data in public answers, and a third-party client (georeport) reading us."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest

from minorworks.reports.keys import issue_key, revoke_key
from minorworks.reports.models import Channel, Report, Status

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"

# The GeoReport v2 "POST Service Request" sample (wiki.open311.org/GeoReport_v2), with our service code.
SAMPLE_POST = {
    "jurisdiction_id": "city.gov",
    "service_code": "hazard",
    "lat": "39.960000",
    "long": "116.410000",
    "address_string": "1234 5th street",
    "email": "smith@example.com",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "john",
    "last_name": "smith",
    "phone": "13911112222",
    "description": "A large sinkhole is destroying the street",
    "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
}


@pytest.fixture
def key(world):
    _key, raw = issue_key(actor=world.district_admin, name="FixMyStreet", district=world.district)
    return raw


def errors_of(response, fmt: str) -> list[dict]:
    assert response.status_code in (400, 403, 404), response.status_code
    if fmt == "json":
        body = json.loads(response.content)
        assert isinstance(body, list) and set(body[0]) == {"code", "description"}
        assert body[0]["code"] == response.status_code
        return body
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [{"code": int(e.findtext("code")), "description": e.findtext("description")} for e in root]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_services_and_definition(client, fmt):
    for path in ("discovery", "services", "services/hazard"):
        response = client.get(f"{BASE}/{path}.{fmt}")
        assert response.status_code == 200
        if fmt == "json":
            json.loads(response.content)
        else:
            ET.fromstring(response.content)  # well-formed
    services = client.get(f"{BASE}/services.json").json()
    assert {s["service_code"] for s in services} == {"unregistered", "hazard", "dust", "noise", "other"}
    assert set(services[0]) >= {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services" and root[0].tag == "service" and root[0].findtext("metadata") == "false"
    errors_of(client.get(f"{BASE}/services/nonsense.{fmt}"), fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_the_standard_sample_then_read_it_back_without_personal_data(world, client, key, fmt):
    response = client.post(f"{BASE}/requests.{fmt}", {**SAMPLE_POST, "api_key": key})
    assert response.status_code == 201
    if fmt == "json":
        answer = response.json()[0]
    else:
        node = ET.fromstring(response.content).find("request")
        answer = {child.tag: child.text for child in node}
    report = Report.objects.get(number=answer["service_request_id"])
    assert report.channel == Channel.OPEN311 and report.district == world.district
    assert report.reporter_name == "john smith" and report.reporter_phone == "13911112222"
    assert report.status == Status.DESK  # no boundaries configured, no street named: the desk dispatches
    token = client.get(f"{BASE}/tokens/{answer['token']}.{fmt}")
    assert token.status_code == 200 and report.number in token.content.decode()
    for path in (
        f"requests/{report.number}.{fmt}",
        f"requests.{fmt}",
        f"requests.{fmt}?service_code=hazard&status=open",
    ):
        text = client.get(f"{BASE}/{path}").content.decode()
        assert report.number in text
        assert "smith" not in text and "13911112222" not in text and "139****2222" not in text
    one = client.get(f"{BASE}/requests/{report.number}.json").json()[0]
    assert one["status"] == "open" and one["requested_datetime"].endswith("+08:00")
    assert {
        "service_request_id",
        "status",
        "service_code",
        "service_name",
        "requested_datetime",
        "updated_datetime",
        "address",
        "lat",
        "long",
        "media_url",
        "agency_responsible",
    } <= set(one)


BAD_POSTS = [
    ("missing service_code", {"service_code": ""}, 400),
    ("unknown code", {"service_code": "pothole"}, 404),
    ("bad api_key", {"api_key": "wrong"}, 403),
    ("no location", {"lat": "", "long": "", "address_string": ""}, 400),
    ("bad latitude", {"lat": "north", "address_string": ""}, 400),
    ("oversized description", {"description": "坑" * 5000}, 400),
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(("case", "change", "status"), BAD_POSTS, ids=[b[0] for b in BAD_POSTS])
def test_bad_posts_get_the_standard_error_shape(world, client, key, fmt, case, change, status):
    response = client.post(f"{BASE}/requests.{fmt}", {**SAMPLE_POST, "api_key": key, **change})
    assert response.status_code == status
    assert errors_of(response, fmt)[0]["description"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_queries_get_the_standard_error_shape(world, client, fmt):
    for query, status in [
        ("start_date=yesterday", 400),
        ("end_date=2026-13-45T00:00:00Z", 400),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z", 400),  # more than 90 days
        ("start_date=2026-05-01T00:00:00Z&end_date=2026-04-01T00:00:00Z", 400),
        ("status=pending", 400),
        ("service_code=pothole", 404),
    ]:
        assert client.get(f"{BASE}/requests.{fmt}?{query}").status_code == status, query
        errors_of(client.get(f"{BASE}/requests.{fmt}?{query}"), fmt)
    errors_of(client.get(f"{BASE}/requests/DCJB2099999999.{fmt}"), fmt)
    errors_of(client.get(f"{BASE}/tokens/nothing.{fmt}"), fmt)


def test_a_revoked_key_is_refused(world, client):
    issued, raw = issue_key(actor=world.district_admin, name="old", district=world.district)
    revoke_key(actor=world.district_admin, key=issued)
    response = client.post(f"{BASE}/requests.json", {**SAMPLE_POST, "api_key": raw})
    assert response.status_code == 403


def test_dates_filter_and_closed_status(world, client, key):
    client.post(f"{BASE}/requests.json", {**SAMPLE_POST, "api_key": key})
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED, reply="已处理，电话13911112222已回访")
    closed = client.get(f"{BASE}/requests.json?status=closed").json()
    assert [r["service_request_id"] for r in closed] == [report.number]
    assert "13911112222" not in json.dumps(closed, ensure_ascii=False)
    assert client.get(f"{BASE}/requests.json?status=open").json() == []
    assert (
        client.get(
            f"{BASE}/requests.json?start_date=2000-01-01T00:00:00%2B08:00&end_date=2000-02-01T00:00:00Z"
        ).json()
        == []
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_third_party_open311_client_reads_our_endpoint(live_server, world, key, fmt):
    """georeport (PyPI) is a GeoReport v2 client; here it talks to the live test server over HTTP."""
    from django.test import Client
    from georeport import GeoReport

    Client().post(f"{BASE}/requests.json", {**SAMPLE_POST, "api_key": key})
    number = Report.objects.get().number
    client = GeoReport(live_server.url + BASE, output_format=fmt)
    services = client.get_service_list()
    assert "hazard" in {s["service_code"] for s in services}
    definition = client.get_service_definition("hazard")
    assert definition["service_code"] == "hazard"
    found = client.get_service_requests(service_code="hazard", status="open")
    found = found if isinstance(found, list) else [found]
    assert number in {r["service_request_id"] for r in found}
    assert client.get_service_request(number)["status"] == "open"
