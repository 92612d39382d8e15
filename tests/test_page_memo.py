"""core.page_memo: a page's read-only record answers each question once; any other instance asks every time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minorworks.core.jurisdiction import in_scope, seen_by
from minorworks.core.page_memo import for_one_page, remembered
from minorworks.inspections.services import can_inspect
from minorworks.projects.models import Status
from minorworks.registration.parties import papers_of
from minorworks.stoporders.lifecycle import _in_force_for, order_in_force
from minorworks.stoporders.models import OrderStatus, StopOrder
from minorworks.stoporders.panels import stop_initial

from .workflow_support import make_project


class _Record:
    pass


def test_a_marked_record_computes_each_answer_once_and_an_unmarked_one_every_time():
    calls: list[str] = []

    def ask(key: str):
        calls.append(key)
        return len(calls)

    plain = _Record()
    assert [remembered(plain, "a", lambda: ask("a")) for _ in range(3)] == [1, 2, 3]
    page = for_one_page(_Record())
    assert [remembered(page, "a", lambda: ask("a")) for _ in range(3)] == [4, 4, 4]
    assert remembered(page, "b", lambda: ask("b")) == 5
    assert calls == ["a", "a", "a", "a", "b"]


@pytest.mark.django_db
def test_the_project_page_reads_its_papers_once_and_a_write_path_sees_what_changed(
    world, django_assert_num_queries
):
    project = make_project(world, Status.IN_PROGRESS)
    page = for_one_page(type(project).objects.get(pk=project.pk))
    with django_assert_num_queries(1):
        assert papers_of(page) == papers_of(page)
    # A stop order issued meanwhile is seen by every instance the write paths load (none is marked).
    fresh = type(project).objects.get(pk=project.pk)
    assert _in_force_for(fresh) is None
    StopOrder.objects.create(
        project=fresh,
        status=OrderStatus.ISSUED,
        reason="隐患",
        number="停-1",
        district=fresh.district,
        street=fresh.street,
        community=fresh.community,
    )
    assert _in_force_for(fresh) is not None


@pytest.mark.django_db
def test_a_record_a_page_read_in_scope_is_not_asked_again_and_any_other_is(world, django_assert_num_queries):
    project = make_project(world, Status.IN_PROGRESS)
    officer, outsider = world.street_a_officer, world.street_b_officer
    page = seen_by(type(project).objects.get(pk=project.pk), officer)
    with django_assert_num_queries(0):
        assert in_scope(officer, page) and can_inspect(officer, page)
    # Another user of the same page record, or an unmarked instance, is asked of the database.
    with django_assert_num_queries(1):
        assert not in_scope(outsider, page)
    plain = type(project).objects.get(pk=project.pk)
    with django_assert_num_queries(2):
        assert in_scope(officer, plain) and in_scope(officer, plain)
    assert not can_inspect(outsider, plain)


@pytest.mark.django_db
def test_the_page_reads_open_orders_once_for_its_guards_and_the_stop_form(world, django_assert_num_queries):
    project = make_project(world, Status.IN_PROGRESS)
    common = {"district": project.district, "street": project.street, "community": project.community}
    older = StopOrder.objects.create(
        project=project, status=OrderStatus.ISSUED, reason="旧", number="停-1", **common
    )
    StopOrder.objects.filter(pk=older.pk).update(issued_at=timezone.now() - dt.timedelta(days=3))
    latest = StopOrder.objects.create(
        project=project,
        status=OrderStatus.ISSUED,
        reason="新",
        number="停-2",
        issued_at=timezone.now(),
        **common,
    )
    StopOrder.objects.create(
        project=project, status=OrderStatus.LIFTED, reason="已解除", number="停-3", **common
    )
    proposal = StopOrder.objects.create(
        project=project, status=OrderStatus.PROPOSED, reason="建议", number="停-4", **common
    )
    page = for_one_page(type(project).objects.get(pk=project.pk))
    with django_assert_num_queries(1):
        assert _in_force_for(page) == latest
        assert stop_initial(page, world.street_a_officer) == {"proposal": proposal.pk, "reason": "建议"}
    assert order_in_force(project.pk) == latest  # the write paths' own question agrees
    StopOrder.objects.filter(pk=proposal.pk).update(status=OrderStatus.WITHDRAWN)
    assert stop_initial(type(project).objects.get(pk=project.pk), world.street_a_officer) == {}
