"""The page shell's navigation: each role's entries, their URLs under the script prefix the server is
mounted at, the current page marked (the URLs are computed once per role and prefix)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import resolve, set_script_prefix

from minorworks.core.context import NAV, shell
from minorworks.core.roles import Role

pytestmark = pytest.mark.django_db


def _nav(user, path: str) -> list[dict]:
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    return shell(request)["nav_items"]


def test_each_role_sees_its_entries_with_the_current_one_marked(world):
    admin = _nav(world.district_admin, "/projects/")
    officer = _nav(world.street_a_officer, "/projects/")
    assert (
        [i["url"] for i in admin if i["active"]]
        == ["/projects/"]
        == [i["url"] for i in officer if i["active"]]
    )
    only_admin = {item.url_name for item in NAV if item.roles == frozenset({Role.DISTRICT_ADMIN})}
    assert only_admin and {i["url"] for i in admin} > {i["url"] for i in officer}
    assert not [i for i in _nav(world.street_a_officer, "/") if i["active"] and i["url"] != "/"]


def test_the_urls_follow_the_script_prefix_of_the_request(world):
    before = [i["url"] for i in _nav(world.street_a_officer, "/")]
    try:
        set_script_prefix("/minorworks/")
        mounted = [i["url"] for i in _nav(world.street_a_officer, "/")]
    finally:
        set_script_prefix("/")
    assert mounted == ["/minorworks" + url for url in before]
    assert [i["url"] for i in _nav(world.street_a_officer, "/")] == before
