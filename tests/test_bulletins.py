"""Bulletins: ranking rules (ties, streets without data), generate → edit → issue, numbering and double
issue, who sees what, the documents in Chinese, the scheme edited without code."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from docx import Document
from pypdf import PdfReader

from minorworks.bulletins import domain, ranking
from minorworks.bulletins.models import Bulletin, BulletinStatus, Scheme
from minorworks.core.models import AuditEntry
from minorworks.core.workflow import NotAllowedNow

from . import bulletin_data as data
from .pdf_checks import assert_embeds_noto_serif, render_first_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(world):
    return data.build(world)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _scheme(world, items):
    return Scheme.objects.create(
        district=world.district, name="测试方案", effective_from=data.START, items=items
    )


def test_ties_share_a_rank_and_streets_without_data_are_ranked(world, dataset):
    items = ranking.items_of([{"code": "projects.registered_new", "weight": 1, "higher_is_better": True}])
    rows = ranking.compute(world.district.pk, data.START, data.END, items)
    streets = ranking.streets_of(world.district.pk)
    assert len(rows) == len(streets) > 3  # every street, also those with nothing
    by_code = {r["street"]: r for r in rows}
    assert by_code[world.street_a.code]["score"] == 100.0 and by_code[world.street_a.code]["rank"] == 1
    assert by_code[world.street_b.code]["score"] == 50.0 and by_code[world.street_b.code]["rank"] == 2
    rest = [r for r in rows if r["street"] not in (world.street_a.code, world.street_b.code)]
    assert {r["score"] for r in rest} == {0.0} and {r["rank"] for r in rest} == {3}  # one tie, rank 3
    # within the tie, the district's order
    order = [code for _pk, code, _n in streets if code in {r["street"] for r in rest}]
    assert [r["street"] for r in rest] == order
    # the laggards: every street sharing the bottom rank
    assert {r["street"] for r in ranking.laggards(rows)} == {r["street"] for r in rest}


def test_a_ratio_without_data_is_left_out_and_a_lower_is_better_indicator_turns(world, dataset):
    items = ranking.items_of(
        [
            {"code": "inspections.closed_on_time", "weight": 3, "higher_is_better": True},
            {"code": "inspections.overdue", "weight": 1, "higher_is_better": False},
        ]
    )
    rows = {r["street"]: r for r in ranking.compute(world.district.pk, data.START, data.END, items)}
    a, b = rows[world.street_a.code], rows[world.street_b.code]
    # A: on time 0.5 is the only ratio with data → 100; overdue 1 is the worst → 0: (3×100 + 1×0) / 4 = 75
    assert a["score"] == 75.0
    # B: no hazards → the ratio is left out; overdue 0 is the best → 100
    assert b["score"] == 100.0 and b["indicators"]["inspections.closed_on_time"] is None
    assert a["pulled_down"] == ["inspections.overdue"]


def test_best_normalisation_divides_by_the_best_street(world, dataset):
    items = ranking.items_of(
        [
            {
                "code": "projects.registered_total",
                "weight": 1,
                "higher_is_better": True,
                "normalisation": "best",
            }
        ]
    )
    rows = {r["street"]: r for r in ranking.compute(world.district.pk, data.START, data.END, items)}
    assert rows[world.street_a.code]["score"] == 100.0
    assert rows[world.street_b.code]["score"] == pytest.approx(33.33)


def test_generate_edit_issue_and_a_second_issue_changes_nothing(world, dataset):
    admin = world.district_admin
    bulletin = domain.generate(actor=admin, period_start=data.START, period_end=data.END)
    assert bulletin.status == BulletinStatus.DRAFT and bulletin.number == ""
    assert "2026年10月" in bulletin.title
    text = bulletin.opening + bulletin.findings + bulletin.problems
    assert "{" not in text and "%(" not in text and "None" not in text
    assert not re.search(r"[A-Za-z]{3,}", text), text  # written in Chinese, indicator titles included
    assert "和平里街道" in bulletin.findings  # the best street is named
    client = _client(admin)
    page = client.get(f"/bulletins/{bulletin.pk}/")
    assert page.status_code == 200 and "data-drill" in page.content.decode()
    response = client.post(
        f"/bulletins/{bulletin.pk}/edit/",
        {
            "title": bulletin.title,
            "opening": bulletin.opening,
            "findings": bulletin.findings + "\n各街道要再接再厉。",
            "problems": bulletin.problems,
            "requirements": "2026-12-20 各街道报送自查报告",
        },
    )
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.requirements == [{"text": "各街道报送自查报告", "deadline": "2026-12-20"}]
    bad = client.post(f"/bulletins/{bulletin.pk}/edit/", {"title": "x", "requirements": "soon 报送"})
    assert bad.status_code == 400 and "data-field-error" in bad.content.decode()
    assert client.post(f"/bulletins/{bulletin.pk}/issue/").status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.status == BulletinStatus.ISSUED and re.search(r"〔2026〕1号$", bulletin.number)
    number = bulletin.number
    with pytest.raises(NotAllowedNow):
        domain.issue(bulletin, actor=admin)
    assert client.post(f"/bulletins/{bulletin.pk}/issue/").status_code == 302  # says so, changes nothing
    bulletin.refresh_from_db()
    assert bulletin.number == number
    assert AuditEntry.objects.filter(action="bulletins.issued", object_id=str(bulletin.pk)).count() == 1
    with pytest.raises(NotAllowedNow):
        domain.edit(
            bulletin, actor=admin, title="x", opening="x", findings="x", problems="x", requirements=[]
        )
    # the next bulletin compares ranks with this one
    nxt = domain.generate(
        actor=admin,
        period_start=data.END.replace(month=11, day=1),
        period_end=data.END.replace(month=11, day=30),
    )
    assert all(r["rank_change"] is not None for r in nxt.ranking)


def test_streets_see_issued_bulletins_of_their_district_only(world, dataset):
    bulletin = domain.generate(actor=world.district_admin, period_start=data.START, period_end=data.END)
    street = _client(world.street_a_officer)
    assert street.get(f"/bulletins/{bulletin.pk}/").status_code == 404  # a draft is the district's
    assert street.post(f"/bulletins/{bulletin.pk}/issue/").status_code == 403
    domain.issue(bulletin, actor=world.district_admin)
    assert street.get(f"/bulletins/{bulletin.pk}/").status_code == 200
    assert _client(world.builder).get(f"/bulletins/{bulletin.pk}/").status_code == 403
    home = street.get("/").content.decode()
    assert bulletin.number in home  # published on the street's dashboard
    listing = street.get("/bulletins/").content.decode()
    assert 'data-testid="street-trend"' in listing


def test_the_documents_are_chinese_official_layout(world, dataset):
    bulletin = domain.issue(
        domain.generate(actor=world.district_admin, period_start=data.START, period_end=data.END),
        actor=world.district_admin,
    )
    client = _client(world.street_b_officer)
    docx = client.get(f"/bulletins/{bulletin.pk}/bulletin.docx")
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    text = "".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    for words in (
        "关于2026年10月限额以下工程施工安全管理工作情况的通报",
        "各街道办事处",
        "总体情况",
        "和平里街道",
        bulletin.number,
    ):
        assert words in text, words
    pdf = client.get(f"/bulletins/{bulletin.pk}/bulletin.pdf")
    assert pdf.status_code == 200
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "通报" in pdf_text and "和平里街道" in pdf_text.replace(" ", "")
    assert_embeds_noto_serif(pdf.content)
    render_first_page(pdf.content, "bulletin")


def test_the_scheme_is_edited_without_code(world, dataset):
    client = _client(world.district_admin)
    page = client.get("/bulletins/scheme/")
    assert page.status_code == 200
    post = {"name": "二〇二六年考核办法", "effective_from": "2026-09-01"}
    post.update(
        {
            "inspections.count__on": "on",
            "inspections.count__weight": "2",
            "inspections.count__direction": "higher",
        }
    )
    for code in ("inspections.count",):
        post[f"{code}__normalisation"] = "minmax"
    # every other indicator: off, but its selects still posted
    from minorworks.core.indicators import registered

    for code in registered():
        post.setdefault(f"{code}__direction", "higher")
        post.setdefault(f"{code}__normalisation", "minmax")
    assert client.post("/bulletins/scheme/", post).status_code == 302
    scheme = domain.scheme_for(world.district.pk, data.END)
    assert scheme.items == [
        {"code": "inspections.count", "weight": 2.0, "higher_is_better": True, "normalisation": "minmax"}
    ]
    bulletin = domain.generate(actor=world.district_admin, period_start=data.START, period_end=data.END)
    assert bulletin.scheme == scheme and [c["code"] for c in bulletin.columns] == ["inspections.count"]
    nothing = {k: v for k, v in post.items() if not k.endswith("__on")}
    assert client.post("/bulletins/scheme/", nothing).status_code == 400
    assert _client(world.street_a_officer).get("/bulletins/scheme/").status_code == 403
    assert Bulletin.objects.count() == 1
