"""The inbox, the channel choice and the districts' webhook endpoints: pages and API."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry, Delivery, Notification, NotificationPreference, WebhookEndpoint
from minorworks.core.notifications import notify

from .conftest import client_for
from .webhook_receiver import start

pytestmark = pytest.mark.django_db
SECRET = "another-test-secret-0123456789abcdef"


def note(user, subject="试验通知", **fields):
    return Notification.objects.create(recipient=user, kind="test.kind", subject=subject, **fields)


# --- inbox -------------------------------------------------------------------------------------------------------


def test_inbox_lists_own_notifications_with_the_unread_count_in_the_navbar(world):
    note(world.builder, "第一条", url="/projects/")
    note(world.builder, "第二条", read_at=timezone.now())
    note(world.street_a_officer, "别人的通知")
    response = client_for(world, "builder").get("/notifications/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "第一条" in html and "第二条" in html and "别人的通知" not in html
    assert 'data-testid="unread-count">1<' in html
    unread = client_for(world, "builder").get("/notifications/?unread=1").content.decode()
    assert "第一条" in unread and "第二条" not in unread


def test_navbar_shows_no_badge_without_unread_and_caps_it(world):
    html = client_for(world, "builder").get("/").content.decode()
    assert 'data-testid="inbox-link"' in html and "unread-count" not in html
    Notification.objects.bulk_create(
        [Notification(recipient=world.builder, kind="test.kind", subject=str(i)) for i in range(120)]
    )
    assert 'data-testid="unread-count">99+<' in client_for(world, "builder").get("/").content.decode()


def test_anonymous_is_sent_to_login(world):
    response = Client().get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mark_one_read_then_open_its_record(world):
    mine = note(world.builder, url="/projects/")
    client = client_for(world, "builder")
    response = client.post(f"/notifications/{mine.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    mine.refresh_from_db()
    first = mine.read_at
    assert first is not None
    response = client.post(f"/notifications/{mine.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/projects/"
    mine.refresh_from_db()
    assert mine.read_at == first  # read once; opening again changes nothing


def test_another_users_notification_is_404_and_stays_unread(world):
    theirs = note(world.street_a_officer)
    response = client_for(world, "builder").post(f"/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_wrong_methods(world):
    mine = note(world.builder)
    client = client_for(world, "builder")
    assert client.get(f"/notifications/{mine.pk}/read/").status_code == 405
    assert client.get("/notifications/read-all/").status_code == 405
    assert client.delete("/notifications/channels/").status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_all_read_touches_only_ones_own(world):
    for _ in range(3):
        note(world.builder)
    theirs = note(world.street_a_officer)
    response = client_for(world, "builder").post("/notifications/read-all/", follow=True)
    assert "已将 3 条通知标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.builder, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- channels ------------------------------------------------------------------------------------------------


def test_channels_page_saves_the_choice_with_an_audit_row(world):
    client = client_for(world, "builder")
    page = client.get("/notifications/channels/").content.decode()
    assert 'name="email"' in page and "checked" in page
    response = client.post("/notifications/channels/", {"webhook": "on"})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=world.builder)
    assert (pref.email, pref.webhook) == (False, True)
    entry = AuditEntry.objects.get(action="set_notification_channels")
    assert entry.before == {"email": True, "webhook": True} and entry.after == {
        "email": False,
        "webhook": True,
    }
    client.post("/notifications/channels/", {"webhook": "on"})  # no change: no second row
    assert AuditEntry.objects.filter(action="set_notification_channels").count() == 1


@pytest.fixture
def receiver():
    found, server = start(SECRET)
    yield found
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("email", "webhook", "channels"),
    [
        (True, True, {"email", "webhook"}),
        (False, True, {"webhook"}),
        (True, False, {"email"}),
        (False, False, set()),
    ],
)
def test_channels_are_honoured_and_the_inbox_is_always_on(
    world, receiver, email, webhook, channels, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(district=world.district, name="网关", url=receiver.url, secret=SECRET)
    NotificationPreference.objects.create(user=world.builder, email=email, webhook=webhook)
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.builder], kind="test.kind", subject="试验", district=world.district)
    assert Notification.objects.filter(recipient=world.builder).count() == 1
    assert set(Delivery.objects.values_list("channel", flat=True)) == channels
    assert len(mail.outbox) == (1 if email else 0)
    assert len(receiver.requests) == (1 if webhook else 0)


def test_no_email_without_an_address(world, django_capture_on_commit_callbacks):
    world.builder.email = ""
    world.builder.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.builder], kind="test.kind", subject="试验")
    assert mail.outbox == [] and not Delivery.objects.exists()


# --- webhook endpoints -------------------------------------------------------------------------------------------


def test_district_admin_adds_an_endpoint_and_sees_the_secret_once(world):
    client = client_for(world, "district_admin")
    response = client.post(
        "/notifications/webhooks/",
        {"name": "政务微信网关", "url": "https://gateway.example/hook?key=topsecret", "active": "on"},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.district == world.district and endpoint.active and len(endpoint.secret) >= 32
    assert endpoint.secret in response.content.decode()
    page = client.get(f"/notifications/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in page  # shown once only
    # The URL's query (a WeCom robot's key) is only in the edit field, not in the heading or the list.
    assert page.count("topsecret") == 1 and 'value="https://gateway.example/hook?key=topsecret"' in page
    assert "topsecret" not in client.get("/notifications/webhooks/").content.decode()
    with connection.cursor() as cursor:  # encrypted at rest, like personal numbers
        cursor.execute("SELECT secret FROM core_webhookendpoint WHERE id = %s", [endpoint.pk])
        assert cursor.fetchone()[0].startswith("gAAAAA")
    entry = AuditEntry.objects.get(action="create_webhook")
    assert entry.after["url"] == "https://gateway.example/hook?…" and entry.after["secret_changed"] is True
    assert endpoint.secret not in json.dumps(entry.after) and "topsecret" not in json.dumps(entry.after)


def test_changing_an_endpoint_keeps_or_regenerates_its_secret(world):
    endpoint = WebhookEndpoint.objects.create(
        district=world.district, name="短信", url="https://sms.example/hook", secret=SECRET
    )
    client = client_for(world, "district_admin")
    url = f"/notifications/webhooks/{endpoint.pk}/"
    response = client.post(url, {"name": "短信网关", "url": "https://sms.example/v2"})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.active, endpoint.secret) == ("短信网关", False, SECRET)
    response = client.post(url, {"name": "短信网关", "url": "https://sms.example/v2", "regenerate": "on"})
    endpoint.refresh_from_db()
    assert endpoint.secret != SECRET and endpoint.secret in response.content.decode()
    assert AuditEntry.objects.filter(action="change_webhook").count() == 2


def test_bad_endpoint_input_gets_field_messages(world):
    client = client_for(world, "district_admin")
    response = client.post(
        "/notifications/webhooks/", {"name": "", "url": "ftp://files.example/x", "secret": "short"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    for field in ("name", "url", "secret"):
        assert f'data-field-error="{field}"' in html
    assert not WebhookEndpoint.objects.exists()


def test_endpoints_are_for_the_district_admin_of_their_district(world):
    from minorworks.orgs.models import Region

    other = Region.objects.create(
        code="110102", name="西城区", level="district", parent=world.district.parent
    )
    foreign = WebhookEndpoint.objects.create(
        district=other, name="西城", url="https://x.example/", secret=SECRET
    )
    assert (
        client_for(world, "district_admin").get(f"/notifications/webhooks/{foreign.pk}/").status_code == 404
    )
    assert client_for(world, "street_a_officer").get("/notifications/webhooks/").status_code == 403
    response = client_for(world, "street_a_officer").post(
        "/notifications/webhooks/", {"name": "x", "url": "https://x.example/"}
    )
    assert response.status_code == 403 and WebhookEndpoint.objects.count() == 1


# --- API -----------------------------------------------------------------------------------------------------------


def api(world, persona):
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(getattr(world, persona))}")


def test_api_inbox_read_and_channels(world):
    first = note(world.builder, "第一条")
    note(world.builder, "第二条")
    theirs = note(world.street_a_officer)
    client = api(world, "builder")
    listing = client.get("/api/v1/notifications").json()
    assert (listing["count"], listing["unread"]) == (2, 2)
    assert [row["subject"] for row in listing["results"]] == ["第二条", "第一条"]
    assert client.post(f"/api/v1/notifications/{first.pk}/read").json() == {"changed": 1}
    assert client.post(f"/api/v1/notifications/{first.pk}/read").json() == {"changed": 0}
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all").json() == {"changed": 1}
    assert client.get("/api/v1/notifications/channels").json() == {"email": True, "webhook": True}
    response = client.put(
        "/api/v1/notifications/channels", {"email": False, "webhook": True}, content_type="application/json"
    )
    assert response.json() == {"email": False, "webhook": True}
    assert NotificationPreference.objects.get(user=world.builder).email is False
    bad = client.put("/api/v1/notifications/channels", {"email": "often"}, content_type="application/json")
    assert bad.status_code == 400
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert Client().get("/api/v1/notifications").status_code == 401
