"""The notice and the board through the documents engine's store: every generated PDF embeds Noto Serif SC
(regular and bold) and renders to a non-blank page; a re-download is the same file; an acknowledgement
after issue stores a new version under the same number; both formats are rendered once per version."""

from __future__ import annotations

import hashlib

import pytest

from minorworks.core.documents import store
from minorworks.core.models import DocumentVersion, IssuedDocument
from minorworks.notices.models import Notice
from minorworks.projects.models import Status

from .conftest import client_for
from .factories import EnterpriseFactory, PersonFactory
from .pdf_checks import assert_embeds_noto_serif, render_first_page
from .test_documents import pdf_text, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(world, project_a):
    project_a.status = Status.ACCEPTED
    project_a.name = "和平里东街12号院绿地提升工程"
    project_a.contractor = EnterpriseFactory(name="北京安建园林绿化工程有限公司", kinds=["contractor"])
    project_a.site_manager = PersonFactory(name="王建国", phone="13812345678")
    project_a.hazardous_operations = ["lifting", "confined_space", "height"]
    project_a.public_contact_name = "李经理"
    project_a.public_contact_phone = "13911112222"
    project_a.save()
    return project_a


@pytest.fixture
def notice(world, accepted):
    return Notice.objects.create(project=accepted, number="DCGZ2026000042", issued_by=world.street_a_officer)


def get(world, persona, path):
    response = client_for(world, persona).get(path)
    assert response.status_code == 200, path
    return response.content


def test_every_generated_pdf_embeds_noto_serif_and_renders(world, accepted, notice):
    pdfs = {
        "notice": get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf"),
        "board": get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf"),
    }
    client_for(world, "builder").post(f"/projects/{accepted.pk}/acknowledge-notice/")
    pdfs["notice-acknowledged"] = get(world, "builder", f"/projects/{accepted.pk}/notice.pdf")
    for name, content in pdfs.items():
        assert_embeds_noto_serif(content)
        render_first_page(content, name)


def test_a_re_download_is_the_same_file(world, accepted, notice, monkeypatch):
    first = get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf")
    calls = []
    monkeypatch.setitem(store.RENDERERS, "pdf", lambda content: calls.append(content) or b"")
    again = get(world, "district_admin", f"/projects/{accepted.pk}/notice.pdf")
    assert again == first and calls == []  # served from storage, not rendered
    version = DocumentVersion.objects.get()
    assert version.pdf_sha256 == hashlib.sha256(first).hexdigest()
    document = IssuedDocument.objects.get()
    assert (document.kind, document.number, document.issued_by) == (
        "notice",
        notice.number,
        world.street_a_officer,
    )
    docx = get(world, "builder", f"/projects/{accepted.pk}/notice.docx")
    assert version.docx_sha256 == hashlib.sha256(docx).hexdigest()
    assert DocumentVersion.objects.count() == 1  # the first request stored both formats


def test_an_acknowledgement_after_issue_stores_a_new_version_under_the_same_number(world, accepted, notice):
    before = get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf")
    assert "在线确认" not in pdf_text(before)
    response = client_for(world, "builder").post(f"/projects/{accepted.pk}/acknowledge-notice/")
    assert response.status_code == 302
    after = get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf")
    assert squash("在线确认") in pdf_text(after) and "DCGZ2026000042" in pdf_text(after)
    versions = list(DocumentVersion.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert {v.document.number for v in versions} == {"DCGZ2026000042"}
    assert versions[0].pdf_sha256 == hashlib.sha256(before).hexdigest()  # the first version is kept
    assert versions[1].pdf_sha256 == hashlib.sha256(after).hexdigest()
    assert IssuedDocument.objects.count() == 1


def test_the_board_is_stored_per_project_and_renewed_when_its_facts_change(world, accepted, notice):
    first = get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf")
    assert get(world, "builder", f"/projects/{accepted.pk}/board.pdf") == first
    accepted.status = Status.IN_PROGRESS  # not on the board: same version
    accepted.save()
    assert get(world, "grid_worker", f"/projects/{accepted.pk}/board.pdf") == first
    accepted.planned_end = accepted.planned_end.replace(year=accepted.planned_end.year + 1)  # on the board
    accepted.save()
    renewed = get(world, "street_a_officer", f"/projects/{accepted.pk}/board.pdf")
    assert renewed != first
    document = IssuedDocument.objects.get(kind="site_board")
    assert (document.object_type, document.object_id, document.number) == (
        "projects.project",
        str(accepted.pk),
        "",
    )
    assert document.versions.count() == 2


def test_the_notice_masks_the_site_manager_phone_for_every_reader(world, accepted, notice):
    for persona in ("district_admin", "street_a_officer", "dept_officer", "grid_worker", "builder"):
        text = pdf_text(get(world, persona, f"/projects/{accepted.pk}/notice.pdf"))
        assert "138****5678" in text and "13812345678" not in text, persona


def test_the_notice_states_the_certificate_rules_of_the_regulations(world, accepted, notice):
    text = pdf_text(get(world, "street_a_officer", f"/projects/{accepted.pk}/notice.pdf"))
    for needle in (
        "《限额以下工程施工安全管理办法（试行）》",
        "《中华人民共和国噪声污染防治法》第四十三条",
        "夜间（22时至次日6时）",
        "1小时内向区应急管理局（区应急局）和行业主管部门报告",
        "区住房和城市建设委员会（区住建委）",
        "登高架设，高处安装、维护、拆除",
        "建筑起重信号司索工",
        "吊篮安装拆卸工",
        "起重机械司机和起重信号司索工均须持证上岗",  # lifting: both
        "办理有限空间作业审批",  # confined space: approval and training, no certificate
        "专项安全培训",
        "四、文明施工",
        "五、疫情防控",
        "六、劳务用工管理",
    ):
        assert squash(needle) in text, needle
    for wrong in (
        "北京市限额以下工程施工安全管理办法",
        "区住房城乡建设委报告",
        "高处作业操作证，正确佩戴",
        "五、卫生防疫",
        "劳动用工管理",
    ):
        assert squash(wrong) not in text, wrong
