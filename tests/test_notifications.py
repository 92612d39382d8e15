"""Notifications raised by workflow transitions reach the inbox, e-mail and a real webhook receiver — only
after commit, never after a rollback — and failed deliveries are retried with back-off by the worker."""

from __future__ import annotations

import datetime as dt
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from minorworks.core import delivery
from minorworks.core.models import Delivery, DeliveryAttempt, Notification, WebhookEndpoint
from minorworks.core.notifications import notify
from minorworks.core.roles import Role
from minorworks.projects.models import Status
from minorworks.review import workflow

from .factories import UserFactory
from .webhook_receiver import start
from .workflow_support import make_project

SECRET = "test-signing-secret-0123456789abcdef"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def receiver():
    """A webhook receiver on 127.0.0.1 (answers 200 unless told otherwise)."""
    found, server = start(SECRET)
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def gateway(world, receiver):
    """The district's active webhook endpoint, pointing at the receiver."""
    return WebhookEndpoint.objects.create(
        district=world.district, name="短信网关", url=receiver.url, secret=SECRET
    )


def builder_inbox(world):
    return list(Notification.objects.filter(recipient=world.builder))


# --- the acceptance test --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_transition_notifies_inbox_email_and_webhook_only_after_commit(world, gateway, receiver):
    project = make_project(world, Status.SUBMITTED)
    with transaction.atomic():
        workflow.perform(
            "return", project, actor=world.street_a_officer, reason="缺少施工合同，请联系13812345678"
        )
        # Inside the transaction: the inbox row is written with the change, nothing has left the platform.
        assert mail.outbox == [] and receiver.requests == []
        assert Delivery.objects.count() == 0
    inbox = builder_inbox(world)
    assert [n.kind for n in inbox] == ["registration.returned"]
    note = inbox[0]
    assert note.subject == f"登记 {project.number} 已退回补正"
    assert "缺少施工合同" in note.body and "13812345678" not in note.body and "138****5678" in note.body
    assert note.url == f"/projects/{project.pk}/" and note.read_at is None
    # E-mail (locmem backend) to the builder's user, with the link.
    assert [m.to for m in mail.outbox] == [[world.builder.email]]
    assert mail.outbox[0].subject == note.subject and f"/projects/{project.pk}/" in mail.outbox[0].body
    # Webhook: one signed, fresh POST naming the recipient by username only.
    assert len(receiver.requests) == 1
    received = receiver.requests[0]
    assert received.signature_ok and received.fresh
    payload = received.json
    assert payload["kind"] == "registration.returned" and payload["recipient"]["username"] == "builder"
    assert payload["object"] == {"type": "projects.project", "id": str(project.pk)}
    assert "13812345678" not in received.body.decode()
    assert set(Delivery.objects.values_list("channel", "state")) == {
        ("email", "delivered"),
        ("webhook", "delivered"),
    }
    # The street officer who acted is not notified of their own action.
    assert not Notification.objects.filter(recipient=world.street_a_officer).exists()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_recorded_or_sent_when_the_transaction_rolls_back(world, gateway, receiver):
    project = make_project(world, Status.SUBMITTED)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.perform("refuse", project, actor=world.street_a_officer, reason="超过限额")
        raise RuntimeError("a later step of the same domain function failed")
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0
    assert mail.outbox == [] and receiver.requests == []


@pytest.mark.django_db(transaction=True)
def test_refusal_and_submission_are_wired(world, gateway, receiver, monkeypatch):
    # The registration's completeness is not what this test is about (tests/test_registration.py is).
    monkeypatch.setattr(workflow, "missing_for_submission", lambda project: [])
    draft = make_project(world, Status.DRAFT)
    workflow.perform("submit", draft, actor=world.builder)
    to_street = Notification.objects.get(kind="registration.submitted")
    assert to_street.recipient == world.street_a_officer  # not street B's officer, not the builder who acted
    assert draft.number in to_street.subject
    workflow.perform("refuse", draft, actor=world.street_a_officer, reason="超过限额，应办理施工许可")
    refused = Notification.objects.get(kind="registration.refused")
    assert refused.recipient == world.builder and "超过限额" in refused.body
    assert len(receiver.requests) == 2 and all(r.signature_ok for r in receiver.requests)


# --- retries with back-off, on the database queue and its worker --------------------------------------------


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs SIGINT/SIGTERM handlers in this process: put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def let_time_pass() -> None:
    """The deferred retry becomes due (the queue compares run_after with the clock)."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - dt.timedelta(seconds=1))


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_is_retried_with_exponential_back_off(
    world, gateway, receiver, settings, keep_signal_handlers
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    receiver.replies = [500, 503]  # fails twice, then 200
    project = make_project(world, Status.SUBMITTED)
    workflow.perform("return", project, actor=world.street_a_officer, reason="缺少施工合同")
    assert receiver.requests == [] and mail.outbox == []  # queued, not sent by the request
    assert DBTaskResult.objects.filter(task_path__endswith="dispatch_notifications").count() == 1

    run_worker()  # dispatch, then the first tries: e-mail delivered, webhook 500
    hook = Delivery.objects.get(channel="webhook")
    assert len(receiver.requests) == 1 and len(mail.outbox) == 1
    assert (hook.state, hook.attempts) == ("pending", 1)
    first = DeliveryAttempt.objects.get(delivery=hook)
    assert hook.next_attempt_at - first.at == dt.timedelta(seconds=60)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == hook.next_attempt_at
    run_worker()  # not due yet: nothing happens
    assert len(receiver.requests) == 1

    let_time_pass()
    run_worker()  # second try: 503, the wait doubles
    hook.refresh_from_db()
    second = DeliveryAttempt.objects.filter(delivery=hook).last()
    assert (hook.state, hook.attempts) == ("pending", 2)
    assert hook.next_attempt_at - second.at == dt.timedelta(seconds=120)

    let_time_pass()
    run_worker()  # third try: 200
    hook.refresh_from_db()
    assert (hook.state, hook.attempts) == ("delivered", 3) and hook.delivered_at is not None
    log = list(DeliveryAttempt.objects.filter(delivery=hook).values_list("ok", "status_code", "error"))
    assert log == [(False, 500, "HTTP 500"), (False, 503, "HTTP 503"), (True, 200, "")]
    assert all(r.signature_ok for r in receiver.requests)
    assert len({r.headers["X-Minorworks-Delivery"] for r in receiver.requests}) == 1  # one id on every retry
    assert len(mail.outbox) == 1  # the e-mail was not sent again
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db
def test_gives_up_after_the_last_attempt(
    world, gateway, receiver, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    receiver.replies = [500, 500, 500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.builder], kind="test.kind", subject="试验", obj=None, district=world.district)
    hook = Delivery.objects.get(channel="webhook")
    # The immediate backend cannot defer: its retries follow at once (the database queue waits, above).
    assert (hook.state, hook.attempts) == ("failed", 3) and hook.next_attempt_at is None
    assert len(receiver.requests) == 3


def test_back_off_doubles_and_is_capped(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert delivery.backoff(30) == dt.timedelta(days=1)


# --- what a delivery does and does not do ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_redirect_is_a_failure_and_an_inactive_endpoint_is_given_up(
    world, settings, django_capture_on_commit_callbacks
):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits = []

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.NOTIFY_MAX_ATTEMPTS = 1
        endpoint = WebhookEndpoint.objects.create(
            district=world.district,
            name="跳转",
            url=f"http://127.0.0.1:{server.server_address[1]}/hook",
            secret=SECRET,
        )
        with django_capture_on_commit_callbacks(execute=True):
            notify([world.builder], kind="test.kind", subject="试验", district=world.district)
        attempt = DeliveryAttempt.objects.get(delivery__endpoint=endpoint)
        assert hits == ["/hook"] and (attempt.ok, attempt.status_code) == (False, 302)
    finally:
        server.shutdown()
        server.server_close()

    off = Delivery.objects.create(
        notification=Notification.objects.first(), channel="webhook", endpoint=endpoint
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    delivery.attempt_delivery.enqueue(off.pk)
    off.refresh_from_db()
    assert (off.state, off.attempts) == ("failed", 1)
    assert DeliveryAttempt.objects.get(delivery=off).error == "endpoint inactive"


@pytest.mark.django_db
def test_a_delivery_is_tried_once_even_when_queued_twice(
    world, gateway, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.builder], kind="test.kind", subject="试验", district=world.district)
    hook = Delivery.objects.get(channel="webhook")
    assert delivery.attempt_delivery.enqueue(hook.pk).return_value == "skipped"
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert delivery.dispatch_notifications.enqueue(ids).return_value == 0  # already dispatched
    assert len(receiver.requests) == 1 and Delivery.objects.count() == 2


@pytest.mark.django_db
def test_email_link_is_absolute_with_public_base_url(world, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_BASE_URL = "https://safety.example.gov.cn/"
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.builder], kind="test.kind", subject="试验", body="正文", url="/projects/1/")
    assert "https://safety.example.gov.cn/projects/1/" in mail.outbox[0].body


# --- notify() itself ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_skips_the_actor_inactive_users_and_duplicates(world, django_capture_on_commit_callbacks):
    gone = UserFactory(
        username="gone", role=Role.BUILDER, enterprise=world.builder.enterprise, is_active=False
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify(
            [world.builder, world.builder, gone, world.street_a_officer],
            kind="test.kind",
            subject="试验",
            actor=world.street_a_officer,
        )
    assert [n.recipient for n in rows] == [world.builder]
    assert len(callbacks) == 1  # one queued dispatch for the whole batch
    assert notify([world.street_a_officer], kind="test.kind", subject="x", actor=world.street_a_officer) == []


@pytest.mark.django_db
def test_notify_stores_the_platform_language_fills_params_and_masks_numbers(world):
    with translation.override("en"):  # the acting user reads English; the message is stored in Chinese
        [row] = notify(
            [world.builder],
            kind="registration.refused",
            subject=gettext_lazy("Registration %(number)s refused"),
            body="身份证 11010519491231002X，电话 010-65123456",
            params={"number": "DC2026000123"},
        )
    assert row.subject == "登记 DC2026000123 不予登记"
    assert row.body == "身份证 1101**********002X，电话 010*****3456"


@pytest.mark.django_db
def test_notify_refuses_bad_kinds_and_foreign_links(world):
    with pytest.raises(ValueError):
        notify([world.builder], kind="Not A Kind", subject="x")
    for url in ("https://evil.example/", "//evil.example/x", "projects/1/"):
        with pytest.raises(ValueError):
            notify([world.builder], kind="test.kind", subject="x", url=url)


@pytest.mark.django_db
def test_webhook_copies_go_to_the_records_district_endpoints(
    world, gateway, receiver, django_capture_on_commit_callbacks
):
    from minorworks.orgs.models import Region

    other = Region.objects.create(
        code="110102", name="西城区", level="district", parent=world.district.parent
    )
    WebhookEndpoint.objects.create(
        district=other, name="西城网关", url=receiver.url + "?other", secret=SECRET
    )
    project = make_project(world, Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.builder], kind="test.kind", subject="试验", obj=project)  # the builder has no district
    assert Notification.objects.get().district_id == project.district_id
    assert [r.path for r in receiver.requests] == ["/hook"]  # not the other district's endpoint
