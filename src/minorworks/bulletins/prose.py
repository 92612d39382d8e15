"""The bulletin's words, written from its figures in the style of a government bulletin, and its document.

Everything here is Chinese: the bulletin is an official document of the district (the UI around it is
bilingual). Titles of indicators come from their declarations, read in Chinese.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import translation

from minorworks.core.documents import blocks as b
from minorworks.core.documents.kinds import declare
from minorworks.core.figures import cn_date
from minorworks.core.indicators import registered

BULLETIN = declare("bulletin", "定期通报", "{district}限额工程通报〔{year}〕{n}号")
QUARTERS = "一二三四"
COLUMNS_PER_TABLE = 5


def period_label(start: dt.date, end: dt.date) -> str:
    """2026年11月, 2026年第四季度, or 2026年11月1日至2026年11月15日."""
    last = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last and start.year == end.year:
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        if end.month - start.month == 2 and start.month % 3 == 1:
            return f"{start.year}年第{QUARTERS[start.month // 3]}季度"
    return f"{cn_date(start)}至{cn_date(end)}"


def title_of(start: dt.date, end: dt.date) -> str:
    """关于2026年11月限额以下工程施工安全管理工作情况的通报."""
    return f"关于{period_label(start, end)}限额以下工程施工安全管理工作情况的通报"


def zh_titles(codes: list[str]) -> dict[str, str]:
    """The indicators' titles in Chinese."""
    known = registered()
    with translation.override("zh-hans"):
        return {code: str(known[code].title) for code in codes if code in known}


def shown(value: Any, kind: str) -> str:
    """A value as printed: 12, 87.5%, or 无数据."""
    if value is None:
        return "无数据"
    if kind == "ratio":
        return f"{Decimal(str(value)) * 100:.1f}%"
    return f"{value:,}" if isinstance(value, int) else f"{value:.2f}"


def _totals(rows: list[dict[str, Any]], columns: list[dict[str, Any]]) -> list[str]:
    parts = []
    for col in columns:
        code = col["code"]
        nums = [r["figures"][code] for r in rows if code in r["figures"]]
        num = sum(Decimal(str(n[0])) for n in nums)
        if col["kind"] == "ratio":
            den = sum(Decimal(str(n[1] or 0)) for n in nums)
            parts.append(
                f"{col['title']}为{shown(float(num / den), 'ratio')}" if den else f"{col['title']}无数据"
            )
        else:
            parts.append(f"{col['title']}数量为{int(num):,}")
    return parts


def draft_texts(
    *,
    district_name: str,
    scheme_name: str,
    scheme_from: dt.date,
    start: dt.date,
    end: dt.date,
    rows: list[dict[str, Any]],
    columns: list[dict[str, Any]],
    laggard_rows: list[dict[str, Any]],
) -> dict[str, str]:
    """The opening, the overall situation and the problems, written from the figures."""
    period = period_label(start, end)
    kinds = {c["code"]: c["kind"] for c in columns}
    titles = {c["code"]: c["title"] for c in columns}
    opening = (
        f"为进一步压实属地管理责任，推动限额以下工程施工安全管理各项工作落到实处，依据《{scheme_name}》"
        f"（自{cn_date(scheme_from)}起施行），对{district_name}{len(rows)}个街道{period}的工作情况进行了量化评分。"
        "现将有关情况通报如下。"
    )
    findings = [f"{period}，全区" + "，".join(_totals(rows, columns)) + "。"]
    lagging = {r["street_id"] for r in laggard_rows}
    top = [r for r in rows[:3] if r["street_id"] not in lagging]  # never praise a street named a laggard
    if top:
        findings.append(
            "综合得分排名靠前的街道是："
            + "、".join(f"{r['street_name']}（{r['score']:.2f}分）" for r in top)
            + "。上述街道登记摸排及时，检查覆盖到位，隐患整改闭环，值得肯定。"
        )
    if rows:
        moved = [r for r in rows if r["rank_change"]]
        if moved:
            best = max(moved, key=lambda r: r["rank_change"])
            if best["rank_change"] > 0:
                findings.append(
                    f"与上期相比，{best['street_name']}排名上升{best['rank_change']}位，进步明显。"
                )
    problems = []
    for r in laggard_rows:
        reasons = "、".join(
            f"{titles[c]}（{shown(r['indicators'].get(c), kinds[c])}）"
            for c in r["pulled_down"]
            if c in titles
        )
        text = f"{r['street_name']}综合得分{r['score']:.2f}分，排名第{r['rank']}位"
        text += f"，{reasons}等指标落后于全区平均水平。" if reasons else "。"
        problems.append(text)
    if problems:
        problems.append("请上述街道认真分析原因，制定整改措施，切实补齐工作短板。")
    else:
        problems.append("本期各街道得分接近，未发现明显落后的街道。")
    return {"opening": opening, "findings": "\n".join(findings), "problems": "\n".join(problems)}


def draft_requirements(laggard_rows: list[dict[str, Any]], today: dt.date) -> list[dict[str, str]]:
    """The requirements with their deadlines: the laggards report their rectification, every street checks."""
    due = today + dt.timedelta(days=15)
    names = "、".join(r["street_name"] for r in laggard_rows)
    out = []
    if names:
        out.append(
            {
                "text": f"{names}要对照本通报指出的问题逐项整改，书面报送整改情况",
                "deadline": due.isoformat(),
            }
        )
    out.append(
        {
            "text": "各街道要对辖区在施限额以下工程开展一次全面排查，未登记工程一律督促登记，"
            "重大隐患一律挂账督办、限期清零",
            "deadline": (today + dt.timedelta(days=30)).isoformat(),
        }
    )
    return out


def content(bulletin: Any, number: str, district_name: str) -> b.Content:
    """The bulletin as a 公文 block tree: title, number, addressee, text, ranking tables, requirements."""
    columns = bulletin.columns
    rows = bulletin.ranking
    office = f"北京市{district_name}住房和城乡建设委员会"
    ranking = tuple(
        (
            str(r["rank"]),
            r["street_name"],
            f"{r['score']:.2f}",
            "—" if r["rank_change"] is None else (f"{r['rank_change']:+d}" if r["rank_change"] else "0"),
        )
        for r in rows
    )
    blocks: list[b.Block] = [
        b.Title(bulletin.title),
        b.NumberLine(number),
        b.Addressee("各街道办事处："),
        *(b.Paragraph(p) for p in b.paragraphs_of(bulletin.opening)),
        b.Heading("总体情况"),
        *(b.Paragraph(p) for p in b.paragraphs_of(bulletin.findings)),
        b.Table(("排名", "街道", "综合得分", "较上期"), ranking, (0.12, 0.48, 0.2, 0.2)),
    ]
    for i in range(0, len(columns), COLUMNS_PER_TABLE):
        chunk = columns[i : i + COLUMNS_PER_TABLE]
        blocks.append(
            b.Table(
                ("街道", *(c["title"] for c in chunk)),
                tuple(
                    (r["street_name"], *(shown(r["indicators"].get(c["code"]), c["kind"]) for c in chunk))
                    for r in rows
                ),
            )
        )
    blocks += [
        b.Heading("存在的问题"),
        *(b.Paragraph(p) for p in b.paragraphs_of(bulletin.problems)),
        b.Heading("工作要求"),
        b.NumberedList(
            tuple(
                f"{req['text']}（{cn_date(dt.date.fromisoformat(req['deadline']))}前完成）"
                for req in bulletin.requirements
            )
        ),
        b.Issuer(office, cn_date(bulletin.issued_at or dt.date.today())),
    ]
    return b.Content(title=f"{bulletin.title} {number}", blocks=tuple(blocks), author=office)
