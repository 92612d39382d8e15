"""The public project page behind the site board's QR code: public facts only, no personal data, only
once accepted, bounded queries, mobile-first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from minorworks.orgs.models import Person
from minorworks.projects.models import ProjectWorker, Status

from .conftest import client_for
from .factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(world, project_a):
    """Project A accepted, with a site manager (id number, phone) and a worker on site."""
    project_a.status = Status.ACCEPTED
    project_a.name = "和平里东街12号院绿地提升工程"
    project_a.contractor = EnterpriseFactory(name="北京安建园林绿化工程有限公司", kinds=["contractor"])
    project_a.site_manager = PersonFactory(name="王建国", phone="13812345678", id_number="110101198001011234")
    project_a.save()
    worker = Person.objects.create(name="赵铁柱", phone="13900001111", id_number="110101199202023456")
    ProjectWorker.objects.create(project=project_a, person=worker, trade="电工")
    return project_a


def url(project) -> str:
    return f"/p/{project.public_id}/"


def test_public_page_shows_the_project_without_personal_data(accepted):
    response = Client().get(url(accepted))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("zh-hans"):
        status_label = str(Status.ACCEPTED.label)
    for shown in (
        accepted.name,
        accepted.number,
        "北京测试建设有限公司",
        "北京安建园林绿化工程有限公司",
        "和平里街道",
        "138****5678",
        "王**",
        "12345",
        "12350",
        'href="tel:12345"',
        "北京市东城区和平里街道办事处",
        status_label,
    ):
        assert shown in html, shown
    for hidden in (
        "13812345678",
        "110101198001011234",
        "王建国",
        "赵铁柱",
        "13900001111",
        "110101199202023456",
    ):
        assert hidden not in html, hidden
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'name="viewport"' in html
    assert "<form" not in html.split('data-testid="public-report"')[1]  # no fake report form


def test_not_public_before_acceptance(accepted):
    for status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.REFUSED):
        accepted.status = status
        accepted.save()
        assert Client().get(url(accepted)).status_code == 404, status


def test_public_after_acceptance(accepted):
    accepted.actual_start = dt.date(2026, 12, 1)
    for status in (Status.IN_PROGRESS, Status.STOPPED, Status.COMPLETED, Status.ARCHIVED):
        accepted.status = status
        accepted.save()
        response = Client().get(url(accepted))
        assert response.status_code == 200, status
        assert "2026-12-01" in response.content.decode()


def test_unknown_identifier_and_database_id_are_404(accepted):
    assert Client().get("/p/00000000000000000000000000000000/").status_code == 404
    assert Client().get(f"/p/{accepted.pk}/").status_code == 404  # never the guessable database id


def test_wrong_method_is_405_and_changes_nothing(accepted):
    response = Client().post(url(accepted))
    assert response.status_code == 405
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_query_count_is_bounded(accepted, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(2):  # the project, and its closed reports' replies (reports app)
        assert client.get(url(accepted)).status_code == 200


def test_signed_in_users_of_any_scope_see_the_same_public_page(world, accepted):
    for persona in ("street_b_officer", "other_builder"):
        response = client_for(world, persona).get(url(accepted))
        assert response.status_code == 200
        assert "13812345678" not in response.content.decode()


def test_overdue_site_is_flagged(accepted):
    accepted.planned_start = dt.date.today() - dt.timedelta(days=90)
    accepted.planned_end = dt.date.today() - dt.timedelta(days=1)
    accepted.status = Status.IN_PROGRESS
    accepted.save()
    assert "已超过计划完工日期" in Client().get(url(accepted)).content.decode()


def test_english_interface(accepted):
    client = Client()
    client.cookies["minorworks_language"] = "en"
    html = client.get(url(accepted)).content.decode()
    assert "See a problem on this site?" in html
    assert "Work safety reporting hotline" in html
    assert accepted.name in html  # data stays as entered


def test_public_page_shows_the_declared_contact_in_full(accepted):
    accepted.public_contact_name = "李经理"
    accepted.public_contact_phone = "13911112222"
    accepted.save()
    html = Client().get(url(accepted)).content.decode()
    contact = html.split('data-testid="public-contact"')[1].split("</li>")[0]
    assert "李经理" in contact and 'href="tel:13911112222"' in contact
    assert "王**" not in html and "138****5678" not in html  # the site manager is not shown then


def test_an_individual_builder_appears_as_such_and_never_by_name(world, accepted):
    builder = accepted.builder
    builder.name, builder.is_individual = "张三丰", True
    builder.credit_code = ""
    builder.save()
    html = Client().get(url(accepted)).content.decode()
    assert "张三丰" not in html
    assert "个人" in html.split("建设单位")[1].split("</li>")[0]


def test_without_a_declared_contact_the_masked_site_manager_is_not_a_phone_link(accepted):
    html = Client().get(url(accepted)).content.decode()
    assert "138****5678" in html and 'href="tel:138' not in html
