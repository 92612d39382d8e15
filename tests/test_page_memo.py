"""core.page_memo: a page's read-only record answers each question once; any other instance asks every time."""

from __future__ import annotations

import pytest

from minorworks.core.page_memo import for_one_page, remembered
from minorworks.projects.models import Status
from minorworks.registration.parties import papers_of
from minorworks.stoporders.lifecycle import _in_force_for
from minorworks.stoporders.models import OrderStatus, StopOrder

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
