"""Excel import of projects: template, round trip, all-or-nothing with a per-row report, bad files, scope."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minorworks.core.crypto import blind_index
from minorworks.core.models import AuditEntry
from minorworks.ledgers import importing
from minorworks.ledgers.importing import import_projects
from minorworks.ledgers.importspec import EXAMPLE_MARK, HELP_SHEET_NAME, IMPORT_COLUMNS, SHEET_NAME
from minorworks.ledgers.models import ImportJob
from minorworks.notices.models import Notice
from minorworks.orgs.models import Enterprise, Person
from minorworks.projects.models import Project, Status

from .conftest import client_for
from .factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
START = dt.date(2026, 12, 1)


def row(world, n: int = 1, **changes) -> dict[str, object]:
    """A valid row for street A (和平里街道)."""
    values = {
        "name": f"和平里东街{n}号院外墙修缮工程",
        "project_type": "非住宅装饰装修",
        "street": "和平里街道",
        "community": world.community_a.name,
        "address": f"北京市东城区和平里东街{n}号",
        "investment": 300000,
        "floor_area": 80,
        "planned_start": START,
        "planned_end": START + dt.timedelta(days=30),
        "content": "外墙清洗及涂料翻新",
        "hazardous_operations": "动火、高处作业",
        "builder_name": "北京和平物业管理有限公司",
        "builder_credit_code": "91110101MA01ABCD1X",
        "contractor_name": "北京安居建筑工程有限公司",
        "contractor_credit_code": "",
        "site_manager": "李四",
        "site_manager_phone": "13700001234",
        "is_internal": "否",
        "internal_unit": "",
    }
    values.update(changes)
    return values


def xlsx(rows: list[dict[str, object]], header: list[str] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(header or [c.header for c in IMPORT_COLUMNS])
    for values in rows:
        ws.append([values.get(c.key) for c in IMPORT_COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "工程.xlsx"):
    """POST the file: the import job runs at once (the tests' immediate task backend); → its redirect."""
    return client.post("/ledgers/import/", {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def job_of(response) -> ImportJob:
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    assert response["Location"].startswith("/ledgers/import/")
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def counts() -> tuple[int, int, int, int, int]:
    """Projects, enterprises, people, notices and audit rows other than the job's own start."""
    return (
        Project.objects.count(),
        Enterprise.objects.count(),
        Person.objects.count(),
        Notice.objects.count(),
        # Starting an import and signing in are audited too; neither is what is counted here.
        AuditEntry.objects.exclude(action="import.start").exclude(action__startswith="auth.").count(),
    )


def errors_of(response) -> list[tuple[int, str, str]]:
    job = job_of(response)
    assert job.status == ImportJob.Status.REFUSED
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def problems_of(response) -> list[str]:
    job = job_of(response)
    assert job.status == ImportJob.Status.REFUSED
    return job.problems


def imported(response) -> ImportJob:
    job = job_of(response)
    assert job.status == ImportJob.Status.DONE, (job.problems, job.errors)
    return job


# --- the template ---------------------------------------------------------------------------------------
def test_template_downloads_with_header_example_and_help(world):
    response = client_for(world, "street_a_officer").get("/ledgers/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [SHEET_NAME, HELP_SHEET_NAME]
    ws = wb[SHEET_NAME]
    assert [c.value for c in ws[1]] == [c.header for c in IMPORT_COLUMNS]
    assert ws["A1"].value == "*工程名称"
    assert ws["A2"].value.startswith(EXAMPLE_MARK)
    help_text = {str(c.value) for r in wb[HELP_SHEET_NAME].iter_rows() for c in r if c.value is not None}
    assert {
        "和平里街道",
        world.community_a.name,
        "非住宅装饰装修",
        "fitout",
        "动火作业",
        "hot_work",
    } <= help_text
    assert "体育馆路街道" not in help_text  # not this officer's street
    assert "住宅室内装饰装修" not in help_text  # excluded by the scope rule
    assert any("5000" in text for text in help_text)


def test_district_template_offers_every_street(world):
    wb = openpyxl.load_workbook(
        io.BytesIO(client_for(world, "district_admin").get("/ledgers/import/template.xlsx").content)
    )
    help_text = {c.value for r in wb[HELP_SHEET_NAME].iter_rows() for c in r}
    assert {"和平里街道", "体育馆路街道", "东华门街道", "永定门外街道"} <= help_text


def test_template_round_trip_imports_the_filled_rows(world):
    officer = world.street_a_officer
    client = client_for(world, "street_a_officer")
    known_builder = EnterpriseFactory(name="旧名称物业", credit_code="91110101MA01ABCD1X", kinds=["builder"])
    known_contractor = EnterpriseFactory(
        name="北京安居建筑工程有限公司", credit_code="", kinds=["contractor"]
    )
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/ledgers/import/template.xlsx").content))
    ws = wb[SHEET_NAME]
    ws.append([row(world, 1).get(c.key) for c in IMPORT_COLUMNS])
    ws.append(
        [
            row(
                world,
                2,
                project_type="fitout",
                planned_start="2026/12/3",
                hazardous_operations="",
                is_internal="是",
                internal_unit="中国化工集团",
                contractor_name="北京新建工程有限公司",
                contractor_credit_code="91110101ma01efgh2y",
            ).get(c.key)
            for c in IMPORT_COLUMNS
        ]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    before = AuditEntry.objects.filter(action="import").count()

    response = upload(client, buffer.getvalue())

    job = imported(response)
    projects = list(Project.objects.filter(registered_by=officer).order_by("address"))
    assert [p.name for p in projects] == ["和平里东街1号院外墙修缮工程", "和平里东街2号院外墙修缮工程"]
    assert not Project.objects.filter(name__startswith=EXAMPLE_MARK).exists()  # the example row is skipped
    first, second = projects
    year = timezone.localdate().year
    for project in projects:
        assert project.status == Status.ACCEPTED
        assert project.number.startswith(f"DC{year}")
        assert project.responsible_officer == officer
        assert project.street == world.street_a and project.district == world.district
        assert project.community == world.community_a
        assert timezone.localtime(project.decided_at).date() == timezone.localdate()  # no date in the file
        assert project.notice.number and project.notice.issued_by == officer  # issued as by `accept`
    assert sorted(job.created_numbers) == sorted(p.number for p in projects)
    assert first.builder == known_builder  # matched by credit code, not by name
    assert first.contractor != known_contractor  # a name is not an identity: a new company (audited)
    assert AuditEntry.objects.filter(action="enterprise.create", object_id=str(first.contractor_id)).exists()
    known_builder.refresh_from_db()
    assert known_builder.name == "旧名称物业"  # the shared record is never changed by an import
    assert first.hazardous_operations == ["height", "hot_work"]
    assert first.site_manager.name == "李四" and first.site_manager.phone == "13700001234"
    assert first.investment == 300000 and first.planned_end == START + dt.timedelta(days=30)
    assert second.planned_start == dt.date(2026, 12, 3)
    assert second.is_internal and second.internal_unit == "中国化工集团"
    assert (
        second.contractor.name == "北京新建工程有限公司"
        and second.contractor.credit_code == "91110101MA01EFGH2Y"
    )
    audits = AuditEntry.objects.filter(action="import")
    assert audits.count() == before + 2
    assert set(audits.values_list("object_id", flat=True)) == {str(p.pk) for p in projects}
    assert all(a.actor == officer for a in audits)
    for audit in audits:  # the transition's row: draft → accepted, with the notice it issued
        assert (audit.before["status"], audit.after["status"]) == ("draft", "accepted")
        assert audit.after["notice"] == Notice.objects.get(project_id=audit.object_id).number
        assert audit.note.startswith("由 Excel 导入（第 ")
    assert (
        AuditEntry.objects.filter(action="project.create", object_id__in=[p.pk for p in projects]).count()
        == 2
    )
    page = client.get(response["Location"])
    assert "已导入 2 个工程。" in page.content.decode()
    assert not job.file  # the stored upload is deleted once the job has finished


def test_two_bad_rows_among_good_ones_import_nothing_and_are_reported(world):
    client = client_for(world, "street_a_officer")
    rows = [
        row(world, 1),
        row(world, 2, planned_end=START - dt.timedelta(days=1)),  # Excel row 3
        row(world, 3),
        row(world, 4, community="前门东大街", contractor_credit_code="123"),  # Excel row 5
        row(world, 5),
    ]
    before = counts()
    response = upload(client, xlsx(rows))
    assert counts() == before  # nothing imported: no project, enterprise, person or audit row
    errors = errors_of(response)
    assert (3, "计划完工日期", "计划完工日期早于计划开工日期。") in errors
    assert any(e[:2] == (5, "所属社区") and "不属于和平里街道" in e[2] for e in errors)
    assert any(e[:2] == (5, "施工单位统一社会信用代码") and "18位" in e[2] for e in errors)
    assert {e[0] for e in errors} == {3, 5}
    html = client.get(response["Location"]).content.decode()
    assert 'data-row="3"' in html and 'data-row="5"' in html and "计划完工日期 (I)" in html
    assert "未导入任何工程：5 行中有 2 行有误" in html


def test_report_is_in_english_for_an_english_user(world):
    client = client_for(world, "street_a_officer")
    client.cookies["minorworks_language"] = "en"
    response = upload(client, xlsx([row(world, 1, planned_start="someday")]))
    assert (2, "Planned start", "Enter a date as YYYY-MM-DD.") in errors_of(response)


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"name": ""}, "工程名称", "必填"),
        ({"name": "长" * 201}, "工程名称", "最多 200 个字"),
        ({"project_type": "飞船"}, "工程类型", "无法识别的工程类型"),
        ({"project_type": "residential_interior"}, "工程类型", "不属于限额以下工程"),
        (
            {"project_type": "building", "investment": 2000000, "floor_area": 500},
            "投资额（元）",
            "不属于限额以下工程",
        ),
        ({"investment": "很多"}, "投资额（元）", "请填写数字"),
        ({"investment": -5}, "投资额（元）", "不能为负"),
        ({"investment": "100.123"}, "投资额（元）", "两位小数"),
        ({"street": "火星街道"}, "所属街道", "无法识别的街道"),
        ({"street": "体育馆路街道"}, "所属街道", "不在您的管辖范围内"),
        ({"planned_start": "2026-13-45"}, "计划开工日期", "YYYY-MM-DD"),
        ({"builder_credit_code": "91110101MA01ABCD1"}, "建设单位统一社会信用代码", "18位"),
        ({"builder_credit_code": "91110101MA01ABCDIO"}, "建设单位统一社会信用代码", "18位"),
        ({"hazardous_operations": "动火、跳伞"}, "危险作业", "跳伞"),
        ({"is_internal": "是"}, "所在单位", "单位内部施工时必填"),
        ({"is_internal": "也许"}, "是否单位内部施工", "是"),
        ({"site_manager": "", "site_manager_phone": "13700001234"}, "现场负责人", "姓名"),
        ({"site_manager_phone": "电话"}, "现场负责人电话", "电话号码"),
    ],
)
def test_each_rule_names_row_column_and_problem(world, changes, column, fragment):
    before = counts()
    errors = errors_of(
        upload(client_for(world, "street_a_officer"), xlsx([row(world, 1), row(world, 2, **changes)]))
    )
    assert counts() == before
    assert any(e[0] == 3 and e[1] == column and fragment in e[2] for e in errors), errors
    assert all(e[0] == 3 for e in errors)


@pytest.mark.parametrize(
    "changes",
    [
        {"project_type": "fitout"},
        {"street": "和平里", "community": "民旺"},
        {"street": "110101010"},
        {"investment": "1,000,000", "project_type": "greening"},  # exactly the limit: below quota
        {"investment": "250000元", "planned_start": "2026年12月1日"},
        {"builder_credit_code": "91110101ma01abcd1x"},
        {"hazardous_operations": "hot_work, 临时用电；有限空间"},
    ],
)
def test_accepted_spellings(world, changes):
    response = upload(client_for(world, "street_a_officer"), xlsx([row(world, 1, **changes)]))
    imported(response)
    assert Project.objects.filter(name=row(world, 1)["name"]).count() == 1


def test_district_admin_may_import_into_any_street_of_the_district(world):
    changes = {"street": "体育馆路街道", "community": world.community_b.name}
    imported(upload(client_for(world, "district_admin"), xlsx([row(world, 1, **changes)])))
    project = Project.objects.get(street=world.street_b)
    assert project.responsible_officer == world.street_b_officer  # the street's own officer
    assert project.registered_by == world.district_admin


def test_duplicates_in_the_file_and_against_the_registry(world):
    client = client_for(world, "street_a_officer")
    errors = errors_of(upload(client, xlsx([row(world, 1), row(world, 1)])))
    assert (3, "工程名称", "与第 2 行是同一工程。") in errors
    imported(upload(client, xlsx([row(world, 1)])))
    number = Project.objects.get().number
    again = errors_of(upload(client, xlsx([row(world, 1)])))
    assert (2, "工程名称", f"该工程已登记，登记编号为 {number}。") in again
    assert Project.objects.count() == 1


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\x01garbage" * 100, "不是 Excel 工作簿"),
        ("名称,地址\n甲,乙\n".encode(), "不是 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "旧版 .xls"),
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}), "不是 Excel 工作簿"),
        (_zip({"xl/workbook.xml": b"not xml", "[Content_Types].xml": b"<<<"}), "无法按 Excel 工作簿"),
        (b"PK\x03\x04" + b"\xff" * 300, "不是 Excel 工作簿"),
    ],
)
def test_garbage_files_get_a_clear_message_never_a_500(world, content, fragment):
    before = counts()
    client = client_for(world, "street_a_officer")
    response = upload(client, content)
    problems = problems_of(response)
    assert len(problems) == 1 and fragment in problems[0]
    assert fragment in client.get(response["Location"]).content.decode()
    assert counts() == before


def test_empty_upload_is_a_form_error(world):
    response = upload(client_for(world, "street_a_officer"), b"")
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_no_file_is_a_form_error(world):
    response = client_for(world, "street_a_officer").post("/ledgers/import/", {})
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_file_size_limit(world, settings):
    settings.MAX_UPLOAD_BYTES = 2000
    response = upload(client_for(world, "street_a_officer"), xlsx([row(world, 1)] * 3))
    assert response.status_code == 200 and "文件过大" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()  # refused before anything was stored


def test_wrong_header_is_refused_with_the_missing_columns(world):
    header = [c.header for c in IMPORT_COLUMNS]
    header[1] = "类别"
    response = upload(client_for(world, "street_a_officer"), xlsx([row(world, 1)], header=header))
    assert "缺少列：工程类型" in problems_of(response)[0]


def test_header_only_file_is_refused(world):
    response = upload(client_for(world, "street_a_officer"), xlsx([]))
    assert "没有工程数据行" in problems_of(response)[0]


def test_more_than_5000_rows_is_refused(world):
    rows = [row(world, n) for n in range(5001)]
    before = counts()
    response = upload(client_for(world, "street_a_officer"), xlsx(rows))
    assert "最多 5000 个工程" in problems_of(response)[0]
    assert counts() == before


def test_failure_half_way_through_writing_leaves_nothing(world, monkeypatch):
    calls = {"n": 0}
    real_record = importing.record

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real_record(**kwargs)

    monkeypatch.setattr(importing, "record", flaky)
    before = counts()
    with pytest.raises(RuntimeError):
        import_projects(io.BytesIO(xlsx([row(world, 1), row(world, 2)])), actor=world.street_a_officer)
    assert counts() == before


def test_domain_function_takes_a_plain_file(world):
    result = import_projects(io.BytesIO(xlsx([row(world, 1)])), actor=world.street_a_officer)
    assert result.ok and len(result.created) == 1 and result.rows == 1


@pytest.mark.parametrize("persona", ["builder", "grid_worker", "dept_officer"])
def test_only_street_officers_and_the_district_may_import(world, persona):
    client = client_for(world, persona)
    assert client.get("/ledgers/import/").status_code == 403
    assert client.get("/ledgers/import/template.xlsx").status_code == 403
    before = counts()
    assert upload(client, xlsx([row(world, 1)])).status_code == 403
    assert counts() == before and not ImportJob.objects.exists()


def test_import_page_and_wrong_methods(world):
    client = client_for(world, "street_a_officer")
    page = client.get("/ledgers/import/")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    assert client.put("/ledgers/import/").status_code == 405
    assert client.post("/ledgers/import/template.xlsx").status_code == 405
    response = client_for(world, "anonymous").post("/ledgers/import/", {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_new_parties_are_created_once_per_file(world):
    rows = [
        row(
            world,
            1,
            builder_name="新业主甲",
            builder_credit_code="91110101MA0NEW001X",
            contractor_name="新施工乙",
        ),
        row(world, 2, builder_name="新业主甲", builder_credit_code="", contractor_name="新施工乙"),
        row(world, 3, builder_name="新施工乙", builder_credit_code="", contractor_name="新施工乙"),
    ]
    before = Enterprise.objects.count()
    imported(upload(client_for(world, "street_a_officer"), xlsx(rows)))
    assert Enterprise.objects.count() == before + 2
    projects = list(Project.objects.order_by("address"))
    assert len({p.builder_id for p in projects[:2]}) == 1  # the same new builder, with or without its code
    assert projects[2].builder_id == projects[0].contractor_id  # a contractor may also build
    assert Enterprise.objects.get(name="新业主甲").credit_code == "91110101MA0NEW001X"
    assert (
        Person.objects.filter(name="李四", phone_hash=blind_index("13700001234")).count() == 1
    )  # one site manager, reused


def test_multiline_content_keeps_its_lines(world):
    content = "第一项：外墙清洗\n第二项：涂料   翻新"
    imported(upload(client_for(world, "street_a_officer"), xlsx([row(world, 1, content=content)])))
    assert Project.objects.get().content == "第一项：外墙清洗\n第二项：涂料 翻新"
