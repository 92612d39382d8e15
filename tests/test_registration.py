"""Registration through the pages: drafts by a builder and by a street officer, editing, the panel, the list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minorworks.core.models import AuditEntry
from minorworks.orgs.models import Certificate, Enterprise, Person, Qualification
from minorworks.projects.models import Attachment, Project, ProjectWorker, Status
from minorworks.registration.registration import missing_for_submission, set_workers
from minorworks.scoperules.models import ProjectType

from .conftest import client_for
from .factories import CertificateFactory, PersonFactory, ProjectFactory
from .registration_data import PDF, full_post

pytestmark = pytest.mark.django_db


def _created(name="和平里东街15号院商铺装修工程") -> Project:
    return Project.objects.select_related("builder", "contractor", "site_manager").get(name=name)


# --- creating a draft -------------------------------------------------------------------------------------
def test_builder_registers_a_complete_draft(world):
    client = client_for(world, "builder")
    response = client.post("/projects/new/", full_post(world))
    project = _created()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.status == Status.DRAFT
    assert project.number.startswith(f"DC{dt.date.today().year}")
    assert project.builder == world.builder.enterprise  # the builder's own enterprise, whatever was posted
    assert project.registered_by == world.builder
    assert project.street == world.street_a and project.district == world.district
    assert project.community == world.community_a
    assert project.investment == Decimal("800000") and project.floor_area == Decimal("260")
    assert project.latitude == Decimal("39.958321")
    assert project.hazardous_operations == ["temp_power"]
    assert project.contractor.name == "北京安达装饰工程有限公司" and "contractor" in project.contractor.kinds
    # The papers are the project's own snapshot; the company's file is not changed by a registration.
    assert set(project.papers.values_list("kind", flat=True)) == {"qualification", "safety_licence"}
    assert not Qualification.objects.filter(enterprise=project.contractor).exists()
    assert project.designer.name == "北京设计院" and project.supervisor is None
    assert project.site_manager.name == "王建国" and project.site_manager.phone == "13911112222"
    worker = ProjectWorker.objects.select_related("person").get(project=project)
    assert worker.person.id_number == "110101198001011234" and worker.trade == "电工"
    assert list(worker.person.certificates.values_list("kind", "number")) == [("electrician", "T20240001")]
    actions = list(
        AuditEntry.objects.filter(object_id=str(project.pk), object_type="projects.project").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["project.create", "project.workers"]
    workers_entry = AuditEntry.objects.get(action="project.workers", object_id=str(project.pk))
    assert "110101198001011234" not in str(workers_entry.after)  # identity numbers are masked in the log
    # Complete except for the contract upload.
    assert [f for f, _ in missing_for_submission(project)] == ["attachments"]


def test_a_draft_may_be_incomplete(world):
    client = client_for(world, "builder")
    post = {
        "name": "未完成的登记",
        "project_type": "greening",
        "street": world.street_a.code,
        "workers-TOTAL_FORMS": "0",
        "workers-INITIAL_FORMS": "0",
    }
    assert client.post("/projects/new/", post).status_code == 302
    project = _created("未完成的登记")
    assert project.contractor is None and project.site_manager is None and project.address == ""
    missing = {f for f, _ in missing_for_submission(project)}
    assert {
        "address",
        "community",
        "latitude",
        "investment",
        "planned_start",
        "planned_end",
        "content",
        "contractor_name",
        "site_manager_name",
        "attachments",
    } <= missing
    assert "floor_area" not in missing  # greening is judged on investment only


def test_floor_area_is_needed_for_building_types(world):
    project = ProjectFactory(
        project_type=ProjectType.objects.get(code="building"), floor_area=None, street=world.street_a
    )
    assert "floor_area" in {f for f, _ in missing_for_submission(project)}


def test_street_officer_registers_for_a_builder(world):
    client = client_for(world, "street_a_officer")
    response = client.post("/projects/new/", full_post(world))
    assert response.status_code == 302
    project = _created()
    assert (
        project.builder.name == "北京和平里商贸有限公司"
        and project.builder.credit_code == "91110101MA01234567"
    )
    assert project.registered_by == world.street_a_officer
    # The same credit code later finds the same unit rather than creating a second one.
    client.post("/projects/new/", full_post(world, name="第二个工程", builder_name="北京和平里商贸公司"))
    assert _created("第二个工程").builder_id == project.builder_id
    assert Enterprise.objects.filter(credit_code="91110101MA01234567").count() == 1


def test_street_officer_must_name_the_builder(world):
    client = client_for(world, "street_a_officer")
    response = client.post("/projects/new/", full_post(world, builder_name=""))
    assert response.status_code == 200
    assert 'data-field-error="builder_name"' in response.content.decode()
    assert not Project.objects.exists()


def test_street_officer_cannot_register_in_another_street(world):
    client = client_for(world, "street_a_officer")
    post = full_post(world, street=world.street_b.code, community=world.community_b.code)
    response = client.post("/projects/new/", post)
    assert response.status_code == 200
    assert 'data-field-error="street"' in response.content.decode()
    assert not Project.objects.exists()


def test_bad_input_is_shown_by_field_and_nothing_is_lost(world):
    client = client_for(world, "builder")
    post = full_post(
        world,
        investment="八十万",
        planned_end="2020-01-01",
        community=world.community_b.code,
        site_manager_phone="call me",
        **{"workers-1-name": "", "workers-1-certificate_kind": "welder"},
    )
    response = client.post("/projects/new/", post)
    html = response.content.decode()
    assert response.status_code == 200
    for field in (
        "investment",
        "planned_end",
        "community",
        "site_manager_phone",
        "name",
        "certificate_number",
    ):
        assert f'data-field-error="{field}"' in html or f'data-field-error="{field}"' in html.replace(
            "workers-1-", ""
        ), field
    # Everything typed is still there.
    for value in (
        "八十万",
        "和平里东街15号院商铺装修工程",
        "北京安达装饰工程有限公司",
        "call me",
        "110101198001011234",
    ):
        assert value in html
    assert not Project.objects.exists() and not Person.objects.exists()


def test_worker_rows_are_validated(world):
    client = client_for(world, "builder")
    post = full_post(
        world,
        **{
            "workers-1-name": "张焊工",
            "workers-1-id_number": "1101****1234",
            "workers-1-certificate_kind": "welder",
        },
    )
    html = client.post("/projects/new/", post).content.decode()
    assert 'data-field-error="id_number"' in html  # a masked number is refused
    assert (
        'data-field-error="certificate_number"' in html and 'data-field-error="certificate_expires"' in html
    )
    assert not Project.objects.exists()


@pytest.mark.parametrize("persona", ["grid_worker", "dept_officer", "district_admin"])
def test_other_roles_cannot_register(world, persona):
    client = client_for(world, persona)
    assert client.get("/projects/new/").status_code == 403
    assert client.post("/projects/new/", full_post(world)).status_code == 403
    assert not Project.objects.exists()


def test_anonymous_is_sent_to_login(world):
    from django.test import Client

    response = Client().get("/projects/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_refuses_other_methods(world):
    assert client_for(world, "builder").put("/projects/new/").status_code == 405


def test_community_options_follow_the_street(world):
    client = client_for(world, "builder")
    html = client.get("/projects/community-options/", {"street": world.street_b.code}).content.decode()
    assert world.community_b.code in html and world.community_a.code not in html
    assert client.get("/projects/community-options/").content.decode().count("<option") == 1
    assert client.post("/projects/community-options/").status_code == 405


# --- editing ----------------------------------------------------------------------------------------------
@pytest.fixture
def draft(world):
    client_for(world, "builder").post("/projects/new/", full_post(world))
    return _created()


def test_builder_edits_its_draft_and_the_change_is_recorded(world, draft):
    client = client_for(world, "builder")
    page = client.get(f"/projects/{draft.pk}/edit/").content.decode()
    # The form is filled in, personal numbers masked: sent back unchanged they keep the stored numbers.
    assert "北京安达装饰工程有限公司" in page and "1101**********1234" in page
    assert "110101198001011234" not in page and "13911112222" not in page
    post = full_post(world, investment="900000", planned_end=None)
    post["planned_end"] = ""
    response = client.post(f"/projects/{draft.pk}/edit/", post)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.investment == Decimal("900000") and draft.planned_end is None
    entry = AuditEntry.objects.get(action="project.update", object_id=str(draft.pk))
    assert entry.before["investment"] == "800000.00" and entry.after["investment"] == "900000.00"
    assert entry.after["planned_end"] is None and entry.actor == world.builder


def test_a_new_licence_expiry_is_recorded(world, draft):
    client_for(world, "builder").post(
        f"/projects/{draft.pk}/edit/", full_post(world, safety_licence_expires="2031-05-05")
    )
    entry = AuditEntry.objects.get(action="project.update", object_id=str(draft.pk))
    assert any("2031-05-05" in paper for paper in entry.after["contractor_papers"])
    assert not any("2031-05-05" in paper for paper in entry.before["contractor_papers"])


def test_saving_unchanged_data_records_nothing(world, draft):
    client = client_for(world, "builder")  # signs in: that is audited, and is not what is counted here
    before = AuditEntry.objects.count()
    client.post(f"/projects/{draft.pk}/edit/", full_post(world))
    assert AuditEntry.objects.count() == before


def test_street_officer_edits_a_returned_registration(world, draft):
    Project.objects.filter(pk=draft.pk).update(status=Status.RETURNED)
    client = client_for(world, "street_a_officer")
    response = client.post(f"/projects/{draft.pk}/edit/", full_post(world, name="改名后的工程"))
    assert response.status_code == 302
    assert Project.objects.get(pk=draft.pk).name == "改名后的工程"


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ACCEPTED, Status.REFUSED, Status.IN_PROGRESS])
def test_no_editing_outside_draft_and_returned(world, draft, status):
    Project.objects.filter(pk=draft.pk).update(status=status)
    client = client_for(world, "builder")
    assert client.get(f"/projects/{draft.pk}/edit/").status_code == 403
    assert client.post(f"/projects/{draft.pk}/edit/", full_post(world, name="偷改")).status_code == 403
    assert Project.objects.get(pk=draft.pk).name != "偷改"


def test_outsiders_get_404_on_edit(world, draft):
    for persona in ("street_b_officer",):
        client = client_for(world, persona)
        assert client.get(f"/projects/{draft.pk}/edit/").status_code == 404
        assert client.post(f"/projects/{draft.pk}/edit/", full_post(world, name="偷改")).status_code == 404
    other = client_for(world, "other_builder")
    assert other.post(f"/projects/{draft.pk}/edit/", full_post(world, name="偷改")).status_code == 404
    assert Project.objects.get(pk=draft.pk).name != "偷改"


def test_contractor_user_who_is_not_the_builder_cannot_edit(world):
    project = ProjectFactory(street=world.street_a, contractor=world.builder.enterprise)
    assert client_for(world, "builder").get(f"/projects/{project.pk}/edit/").status_code == 403


def test_edit_refuses_other_methods(world, draft):
    assert client_for(world, "builder").delete(f"/projects/{draft.pk}/edit/").status_code == 405


def test_removing_and_adding_workers(world, draft):
    client = client_for(world, "builder")
    post = full_post(
        world,
        **{
            "workers-0-DELETE": "on",
            "workers-1-name": "赵焊工",
            "workers-1-id_number": "110101199002023456",
            "workers-1-certificate_kind": "welder",
            "workers-1-certificate_number": "T9",
            "workers-1-certificate_expires": "2030-01-01",
        },
    )
    assert client.post(f"/projects/{draft.pk}/edit/", post).status_code == 302
    names = list(ProjectWorker.objects.filter(project=draft).values_list("person__name", flat=True))
    assert names == ["赵焊工"]


def test_a_person_shared_with_another_project_is_not_changed(world, draft):
    """Copy on write: another project keeps the papers its worker was registered with."""
    person = PersonFactory(name="共用工人", id_number="110101199003034567")
    CertificateFactory(person=person, kind="electrician", number="E1")
    other = ProjectFactory(street=world.street_a)
    ProjectWorker.objects.create(project=other, person=person)
    ProjectWorker.objects.create(project=draft, person=person)
    rows = [
        {
            "name": "共用工人",
            "id_number": "110101199003034567",
            "phone": "",
            "trade": "",
            "certificate_kind": "welder",
            "certificate_number": "W1",
            "certificate_expires": dt.date(2030, 1, 1),
        }
    ]
    set_workers(draft, actor=world.builder, rows=rows)
    assert list(person.certificates.values_list("number", flat=True)) == ["E1"]
    mine = ProjectWorker.objects.get(project=draft).person
    assert mine.pk != person.pk and list(mine.certificates.values_list("number", flat=True)) == ["W1"]
    assert Certificate.objects.filter(person=person).count() == 1


# --- the registration panel on the detail page ------------------------------------------------------------
def test_panel_masks_personal_data_for_the_builder(world, draft):
    html = client_for(world, "builder").get(f"/projects/{draft.pk}/").content.decode()
    assert 'data-testid="registration-panel"' in html
    assert "139****2222" in html and "13911112222" not in html
    assert "1101**********1234" in html and "110101198001011234" not in html
    assert 'data-testid="checks"' in html  # the builder sees the reviewer's checks before submitting
    assert 'data-testid="edit-registration"' in html
    assert 'data-testid="missing-for-submission"' in html


def test_panel_masks_numbers_offers_the_street_a_reveal_and_shows_checks_to_staff(world, draft):
    html = client_for(world, "street_a_officer").get(f"/projects/{draft.pk}/").content.decode()
    assert "13911112222" not in html and "139****2222" in html and "110101198001011234" not in html
    assert 'data-testid="reveal"' in html
    assert 'data-testid="checks"' in html
    admin_html = client_for(world, "district_admin").get(f"/projects/{draft.pk}/").content.decode()
    assert 'data-check="scope"' in admin_html and 'data-testid="edit-registration"' not in admin_html


def test_panel_queries_are_bounded(world, draft):
    client = client_for(world, "street_a_officer")
    client.get(f"/projects/{draft.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/projects/{draft.pk}/")
    for i in range(8):
        person = PersonFactory()
        CertificateFactory(person=person, kind="welder")
        CertificateFactory(person=person, kind="height")
        ProjectWorker.objects.create(project=draft, person=person)
        Attachment.objects.create(
            project=draft,
            kind="photo",
            file=f"x{i}.pdf",
            original_name=f"{i}.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/projects/{draft.pk}/").status_code == 200
    assert len(many) == len(few)


# --- the list ---------------------------------------------------------------------------------------------
def test_list_filters_sorts_and_paginates(world):
    greening = ProjectType.objects.get(code="greening")
    for i in range(30):
        ProjectFactory(
            street=world.street_a,
            name=f"工程{i:02d}",
            investment=Decimal(1000 * (i + 1)),
            status=Status.SUBMITTED if i % 2 else Status.DRAFT,
            project_type=greening if i < 5 else ProjectType.objects.get(code="fitout"),
        )
    ProjectFactory(street=world.street_b, name="别的街道工程")
    client = client_for(world, "street_a_officer")
    page = client.get("/projects/").content.decode()
    assert "别的街道工程" not in page and "1–25" not in page
    assert page.count('data-status="') == 25
    second = client.get("/projects/", {"page": 2}).content.decode()
    assert second.count('data-status="') == 5
    filtered = client.get("/projects/", {"status": "submitted", "project_type": "greening"}).content.decode()
    assert filtered.count('data-status="submitted"') == 2 and 'data-status="draft"' not in filtered
    ordered = client.get("/projects/", {"ordering": "-investment"}).content.decode()
    assert ordered.index("工程29") < ordered.index("工程28")
    keyword = client.get("/projects/", {"q": "工程07"}).content.decode()
    assert keyword.count('data-status="') == 1
    # The filters survive paging.
    paged = client.get("/projects/", {"ordering": "name", "page": 1}).content.decode()
    assert "?ordering=name&page=2" in paged


def test_list_bad_filter_values_are_reported_not_500(world):
    response = client_for(world, "street_a_officer").get(
        "/projects/", {"street": "abc", "start_from": "soon"}
    )
    assert response.status_code == 200
    assert 'data-field-error="start_from"' in response.content.decode()


def test_list_query_count_is_constant(world):
    client = client_for(world, "district_admin")
    ProjectFactory(street=world.street_a)
    client.get("/projects/")
    with CaptureQueriesContext(connection) as few:
        client.get("/projects/", {"status": "draft"})
    ProjectFactory.create_batch(15, street=world.street_a)
    with CaptureQueriesContext(connection) as many:
        client.get("/projects/", {"status": "draft"})
    assert len(many) == len(few)


def test_list_refuses_post(world):
    assert client_for(world, "builder").post("/projects/").status_code == 405


def test_list_rows_escape_what_people_typed_and_show_each_column(world):
    builder = Enterprise.objects.create(name="<i>甲</i>&乙建设", credit_code="91110101MA00000000")
    project = ProjectFactory(
        name='<script>alert("x")</script>工程',
        builder=builder,
        street=world.street_a,
        community=world.community_a,
        investment=Decimal("1234567.5"),
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 5, 31),
    )
    page = client_for(world, "district_admin").get("/projects/").content.decode()
    row = page[page.index(f'<a href="/projects/{project.pk}/">') :]
    row = row[: row.index("</tr>")]
    assert "<script>" not in row and "<i>甲" not in row
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;工程" in row
        and "&lt;i&gt;甲&lt;/i&gt;&amp;乙建设" in row
    )
    assert world.community_a.name in row and "1,234,567.5" in row
    assert "2026-03-01" in row and "2026-05-31" in row and f'data-status="{project.status}"' in row


def test_list_shows_the_register_button_to_registrants_only(world):
    assert 'data-testid="new-project"' in client_for(world, "builder").get("/projects/").content.decode()
    assert (
        'data-testid="new-project"' not in client_for(world, "grid_worker").get("/projects/").content.decode()
    )


def test_the_form_takes_the_contact_declared_for_publication(world):
    client = client_for(world, "builder")
    page = client.get("/projects/new/").content.decode()
    assert 'name="public_contact_name"' in page and 'name="public_contact_phone"' in page
    post = full_post(world, public_contact_name=" 李经理 ", public_contact_phone="13911112222")
    assert client.post("/projects/new/", post).status_code == 302
    project = _created()
    assert (project.public_contact_name, project.public_contact_phone) == ("李经理", "13911112222")
    edit = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'value="13911112222"' in edit  # the builder's own declaration, shown back for editing
    for bad, field in (
        ({"public_contact_phone": "abc"}, "public_contact_phone"),
        ({"public_contact_name": "", "public_contact_phone": "13900000000"}, "public_contact_name"),
    ):
        refused = client.post(f"/projects/{project.pk}/edit/", full_post(world, **bad))
        assert refused.status_code == 200
        assert field in refused.context["form"].errors
    project.refresh_from_db()
    assert project.public_contact_phone == "13911112222"
