"""API tokens: revoked on a new password and on deactivation, revocable by the client; sign-in success resets
the failure count; lock-out is JSON 429; addresses behind trusted proxies; last use written sparingly."""

import datetime as dt
import json

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minorworks.accounts.models import ApiToken
from minorworks.accounts.tokens import LAST_USED_RESOLUTION, issue_token
from minorworks.core.middleware import client_ip
from minorworks.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2026"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        "/api/v1/auth/token",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
        **extra,
    )


def me(token, client=None):
    return (client or Client()).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_new_password_revokes_every_token_of_that_user_only(world):
    officer, other = world.street_a_officer, world.street_b_officer
    tokens = [issue_token(officer), issue_token(officer)]
    kept = issue_token(other)
    officer.set_password("another-long-password-2027")
    officer.save()
    assert all(me(t).status_code == 401 for t in tokens)
    assert me(kept).status_code == 200
    entry = AuditEntry.objects.get(action="auth.tokens_revoked")
    assert entry.object_id == str(officer.pk) and entry.note == "password changed"


def test_deactivation_revokes_tokens_and_other_saves_do_not(world):
    officer = world.street_a_officer
    token = issue_token(officer)
    officer.display_name = "新名字"
    officer.save()
    officer.last_login = timezone.now()
    officer.save(update_fields=["last_login"])
    assert me(token).status_code == 200
    officer.is_active = False
    officer.save()
    assert not ApiToken.objects.filter(user=officer).exists()
    officer.is_active = True
    officer.save()
    assert me(token).status_code == 401  # reactivating does not bring an old token back


def test_delete_token_revokes_the_token_used_and_no_other(world):
    first, second = issue_token(world.street_a_officer), issue_token(world.street_a_officer)
    client = Client()
    response = client.delete("/api/v1/auth/token", HTTP_AUTHORIZATION=f"Bearer {first}")
    assert response.status_code == 204
    assert me(first).status_code == 401
    assert me(second).status_code == 200
    assert client.delete("/api/v1/auth/token").status_code == 401
    assert AuditEntry.objects.filter(action="auth.token_revoked", channel="api").count() == 1


def test_api_sign_in_success_resets_the_failure_count(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "street-a", "wrong").status_code == 401
    assert sign_in(client, "street-a").status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "street-a", "wrong").status_code == 401
    assert sign_in(client, "street-a").status_code == 200  # without the reset this would be locked


def test_api_lock_out_answers_json_429(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "street-a", "wrong")
    response = sign_in(client, "street-a")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "15" in response.json()["detail"] and response["Retry-After"] == "900"


def test_ui_lock_out_is_still_the_page(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "street-a", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "street-a", "password": PASSWORD})
    assert locked.status_code == 429 and locked["Content-Type"].startswith("text/html")


# --- client address behind proxies --------------------------------------------------------------------------
def meta_request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.1", "203.0.113.7", "10.0.0.1"),  # no proxies configured: the header is ignored
        (["10.0.0.1"], "198.51.100.2", "203.0.113.7", "198.51.100.2"),  # direct client forging the header
        (["10.0.0.1"], "10.0.0.1", "203.0.113.7", "203.0.113.7"),
        (
            ["10.0.0.1"],
            "10.0.0.1",
            "1.1.1.1, 203.0.113.7",
            "203.0.113.7",
        ),  # the client's own prefix is ignored
        (["10.0.0.0/8"], "10.0.0.1", "203.0.113.7, 10.2.3.4", "203.0.113.7"),  # two trusted hops
        (["10.0.0.1"], "10.0.0.1", "not-an-ip", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", None, "10.0.0.1"),
        (["2001:db8::/32"], "2001:db8::1", "2001:db9::5", "2001:db9::5"),
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(
    settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(meta_request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("remote", "forwarded", "recorded"),
    [("10.0.0.1", "203.0.113.7", "203.0.113.7"), ("198.51.100.2", "203.0.113.7", "198.51.100.2")],
)
def test_lock_out_and_audit_see_the_same_address(world, settings, remote, forwarded, recorded):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    sign_in(Client(), "street-a", "wrong", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert AccessAttempt.objects.get().ip_address == recorded
    assert AuditEntry.objects.get(action="auth.sign_in_failed").ip == recorded


# --- last use ---------------------------------------------------------------------------------------------------
def token_updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"].lower()]


def test_last_use_is_written_at_most_once_per_few_minutes(world):
    token = issue_token(world.street_a_officer)
    with CaptureQueriesContext(connection) as first:
        assert me(token).status_code == 200
    assert len(token_updates(first.captured_queries)) == 1
    with CaptureQueriesContext(connection) as again:
        assert me(token).status_code == 200
    assert token_updates(again.captured_queries) == []
    stale = timezone.now() - LAST_USED_RESOLUTION - dt.timedelta(seconds=1)
    ApiToken.objects.update(last_used_at=stale)
    with CaptureQueriesContext(connection) as later:
        me(token)
    assert len(token_updates(later.captured_queries)) == 1
    assert ApiToken.objects.get().last_used_at > stale
