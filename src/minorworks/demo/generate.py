"""A deterministic, realistic demo data set: demo logins, enterprises, people, projects in every status.

Dated back from the day it is loaded (``today``): equal seed and day give equal data, and nothing that has
happened is dated in the future (see ``timeline``).

Scales from the seed's 790 projects to 100,000 for benchmarks (bulk inserts; well under two minutes).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

from minorworks.accounts.models import User
from minorworks.core.roles import Role
from minorworks.core.sequences import ensure_at_least
from minorworks.leads.models import Lead
from minorworks.notices.models import Notice
from minorworks.orgs.certificates import CertificateKind
from minorworks.orgs.models import (
    Certificate,
    Department,
    Enterprise,
    EnterpriseKind,
    Person,
    Qualification,
    Region,
)
from minorworks.projects.models import (
    POST_ACCEPTANCE_STATUSES,
    HazardousOperation,
    Project,
    ProjectPaper,
    ProjectWorker,
    Status,
)
from minorworks.scoperules.models import ProjectType

from .city import create_city
from .inspections import load_inspections
from .meetings import load_meetings
from .names import (
    BUILDER_UNITS,
    BUILDING_WORDS,
    CONTRACTOR_SUFFIX,
    FIRM_WORDS,
    GIVEN,
    LANES,
    LANES_BY_STREET,
    SURNAMES,
    UNIT_CATEGORIES,
    WORKS,
)
from .reports import load_reports, report_count
from .timeline import latest_moment, timeline

DEMO_PASSWORD = "demo-pass-2026"
DEFAULT_PROJECTS = 790  # the seed's count of registered projects
BATCH = 2000

# Share of projects in each status (sums to 1).
STATUS_MIX = [
    (Status.DRAFT, 0.03),
    (Status.SUBMITTED, 0.05),
    (Status.RETURNED, 0.02),
    (Status.REFUSED, 0.02),
    (Status.ACCEPTED, 0.06),
    (Status.IN_PROGRESS, 0.40),
    (Status.STOPPED, 0.05),
    (Status.COMPLETED, 0.30),
    (Status.ARCHIVED, 0.07),
]
TYPE_MIX = [
    ("fitout", 30),
    ("building", 22),
    ("urban_renewal", 12),
    ("greening", 7),
    ("power", 6),
    ("utility", 5),
    ("water", 5),
    ("telecom", 4),
    ("heritage", 4),
    ("pipeline_relocation", 3),
    ("road", 2),
]

DEMO_LOGINS = [
    ("demo-district", Role.DISTRICT_ADMIN, "区住建委 管理员"),
    ("demo-street", Role.STREET_OFFICER, "和平里街道 平安办"),
    ("demo-street2", Role.STREET_OFFICER, "体育馆路街道 平安办"),
    ("demo-dept", Role.DEPARTMENT_OFFICER, "区应急局 科员"),
    ("demo-soe", Role.DEPARTMENT_OFFICER, "区国资委 科员"),
    ("demo-health", Role.DEPARTMENT_OFFICER, "区卫健委 科员"),
    ("demo-grid", Role.GRID_WORKER, "和平里社区 网格员"),
    ("demo-builder", Role.BUILDER, "京华建筑 项目部"),
]


class Generator:
    """Builds the demo data set with one seeded random source, so equal arguments give equal data."""

    def __init__(self, seed: int = 2023, today: dt.date | None = None, city: bool = False):
        self.city = city
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.papers: dict[int, list[tuple[str, str, dt.date]]] = {}  # contractor → its papers on file

    # --- helpers ------------------------------------------------------------------
    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def phone(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def id_number(self) -> str:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 12000))
        seq = "".join(self.rng.choice("0123456789") for _ in range(3))
        return f"110101{birth:%Y%m%d}{seq}{self.rng.choice('0123456789X')}"

    def credit_code(self) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        return "911101" + "".join(self.rng.choice(alphabet) for _ in range(12))

    # --- parts ----------------------------------------------------------------------
    def enterprises(self) -> tuple[list[Enterprise], list[Enterprise], Enterprise]:
        district = Region.objects.get(code="110101")
        builders = [
            Enterprise(
                name=name,
                credit_code=self.credit_code(),
                kinds=[EnterpriseKind.BUILDER] + ([EnterpriseKind.STATE_OPERATOR] if "集团" in name else []),
                legal_representative=self.person_name(),
                contact_name=self.person_name(),
                contact_phone=self.phone(),
                address=f"北京市东城区{self.rng.choice(LANES)}{self.rng.randint(1, 200)}号",
                district=district,
                category=UNIT_CATEGORIES.get(name, ""),
            )
            for name in BUILDER_UNITS
        ]
        contractors = []
        for word in FIRM_WORDS:
            for suffix in self.rng.sample(CONTRACTOR_SUFFIX, 2):
                contractors.append(
                    Enterprise(
                        name=f"北京{word}{suffix}",
                        credit_code=self.credit_code(),
                        kinds=[EnterpriseKind.CONTRACTOR],
                        legal_representative=self.person_name(),
                        contact_name=self.person_name(),
                        contact_phone=self.phone(),
                        address=f"北京市东城区{self.rng.choice(LANES)}{self.rng.randint(1, 200)}号",
                        district=district,
                    )
                )
        demo_builder = Enterprise(
            name="北京京华建筑工程有限公司",
            credit_code=self.credit_code(),
            kinds=[EnterpriseKind.BUILDER, EnterpriseKind.CONTRACTOR],
            legal_representative=self.person_name(),
            contact_name=self.person_name(),
            contact_phone=self.phone(),
            address="北京市东城区和平里东街15号",
            district=district,
        )
        Enterprise.objects.bulk_create([*builders, *contractors, demo_builder])
        quals = []
        for ent in [*contractors, demo_builder]:
            quals.append(
                Qualification(
                    enterprise=ent,
                    kind=Qualification.Kind.QUALIFICATION,
                    number=f"D{self.rng.randint(100000000, 999999999)}",
                    grade="施工总承包三级",
                    issuer="北京市住房和城乡建设委员会",
                    expires_on=self.today + dt.timedelta(days=self.rng.randint(-60, 1500)),
                )
            )
            quals.append(
                Qualification(
                    enterprise=ent,
                    kind=Qualification.Kind.SAFETY_LICENCE,
                    number=f"(京)JZ安许证字[{self.rng.randint(2019, 2025)}]{self.rng.randint(100000, 999999)}",
                    issuer="北京市住房和城乡建设委员会",
                    expires_on=self.today + dt.timedelta(days=self.rng.randint(-30, 1200)),
                )
            )
        Qualification.objects.bulk_create(quals)
        # Each project declares its contractor's papers as they are on file (its own snapshot).
        for qual in quals:
            self.papers.setdefault(qual.enterprise.pk, []).append((qual.kind, qual.number, qual.expires_on))
        return builders, contractors, demo_builder

    def people(self, contractors: list[Enterprise]) -> dict[int, list[Person]]:
        by_enterprise: dict[int, list[Person]] = {}
        people = []
        for ent in contractors:
            for _ in range(12):
                people.append(
                    Person(
                        name=self.person_name(),
                        id_number=self.id_number(),
                        phone=self.phone(),
                        enterprise=ent,
                    )
                )
        Person.objects.bulk_create(people, batch_size=BATCH)
        certs = []
        kinds = list(CertificateKind)
        for person in people:
            by_enterprise.setdefault(person.enterprise_id or 0, []).append(person)
            for kind in self.rng.sample(kinds, self.rng.choice([0, 1, 1, 2])):
                certs.append(
                    Certificate(
                        person=person,
                        kind=kind,
                        number=f"T{self.rng.randint(10**15, 10**16 - 1)}",
                        expires_on=self.today + dt.timedelta(days=self.rng.randint(-90, 2000)),
                    )
                )
        Certificate.objects.bulk_create(certs, batch_size=BATCH)
        return by_enterprise

    def users(self, demo_builder: Enterprise) -> dict[str, User]:
        district = Region.objects.get(code="110101")
        hepingli = Region.objects.get(code="110101010")
        tiyuguanlu = Region.objects.get(code="110101015")
        community = Region.objects.get(code="110101010027", parent=hepingli)  # 和平里社区
        scope: dict[str, dict[str, Any]] = {
            "demo-district": {"district": district, "department": Department.objects.get(code="dc-zjw")},
            "demo-street": {"district": district, "street": hepingli},
            "demo-street2": {"district": district, "street": tiyuguanlu},
            "demo-dept": {"district": district, "department": Department.objects.get(code="dc-yjj")},
            "demo-soe": {"district": district, "department": Department.objects.get(code="dc-gzw")},
            "demo-health": {"district": district, "department": Department.objects.get(code="dc-wjw")},
            "demo-grid": {"district": district, "street": hepingli, "community": community},
            "demo-builder": {"enterprise": demo_builder},
        }
        password = make_password(DEMO_PASSWORD)
        users: dict[str, User] = {}
        for username, role, label in DEMO_LOGINS:
            users[username] = User.objects.create(
                username=username,
                password=password,
                role=role,
                display_name=label,
                phone=self.phone(),
                email=f"{username}@example.invalid",
                **scope[username],
            )
        # One street officer for every other street, so each ledger has a named responsible officer.
        for street in (
            Region.objects.filter(level=Region.Level.STREET)
            .exclude(pk__in=[hepingli.pk, tiyuguanlu.pk])
            .select_related("parent")
        ):
            users[f"street-{street.code}"] = User.objects.create(
                username=f"street-{street.code}",
                password=password,
                role=Role.STREET_OFFICER,
                display_name=f"{street.name} 平安办",
                district=street.parent,
                street=street,
                email="",
            )
        return users

    def projects(self, count: int, builders, contractors, demo_builder, people, users) -> int:
        types = {t.code: t for t in ProjectType.objects.all()}
        type_codes = [c for c, _ in TYPE_MIX]
        type_weights = [w for _, w in TYPE_MIX]
        streets = list(
            Region.objects.filter(level=Region.Level.STREET).select_related("parent").order_by("sort")
        )
        communities: dict[int, list[Region]] = {}
        for c in Region.objects.current().filter(level=Region.Level.COMMUNITY):
            communities.setdefault(c.parent_id or 0, []).append(c)
        officers = {u.street_id: u for u in users.values() if u.role == Role.STREET_OFFICER}
        hepingli = next(s for s in streets if s.code == "110101010")
        statuses = [s for s, _ in STATUS_MIX]
        status_weights = [w for _, w in STATUS_MIX]
        ops = list(HazardousOperation)
        year = self.today.year
        created = 0
        for start in range(0, count, BATCH):
            batch: list[Project] = []
            for i in range(start, min(start + BATCH, count)):
                # Every 12th project belongs to the demo builder in 和平里, so its portal has work to show
                # (in the whole city, its first thousand: 和平里 stays a street among 340).
                is_demo_builder = i % 12 == 0 and (not self.city or i < 12_000)
                street = hepingli if is_demo_builder else streets[self.rng.randrange(len(streets))]
                type_code = self.rng.choices(type_codes, type_weights)[0]
                status = self.rng.choices(statuses, status_weights)[0]
                when = timeline(self.rng, status, self.today)
                contractor = (
                    demo_builder if is_demo_builder else contractors[self.rng.randrange(len(contractors))]
                )
                crew = people.get(contractor.pk) or []
                manager = crew[0] if crew else None
                lane = self.rng.choice(LANES_BY_STREET.get(street.code, LANES))
                target = self.rng.choice(BUILDING_WORDS)
                investment = Decimal(
                    self.rng.choice([30, 50, 80, 120, 180, 260, 350, 480, 650, 800, 950, 1000]) * 1000
                )
                project = Project(
                    number=f"DC{year}{i + 1:06d}",
                    name=f"{lane}{target}{self.rng.choice(WORKS.get(type_code, WORKS['building']))}工程",
                    project_type=types[type_code],
                    status=status,
                    district=street.parent,
                    street=street,
                    community=self.rng.choice(communities[street.pk]),
                    address=f"北京市{street.parent.name}{lane}{self.rng.randint(1, 300)}号",
                    latitude=Decimal("39.90") + Decimal(self.rng.randint(0, 600)) / 10000,
                    longitude=Decimal("116.39") + Decimal(self.rng.randint(0, 500)) / 10000,
                    investment=investment,
                    floor_area=Decimal(self.rng.randint(20, 600)),
                    planned_start=when.planned_start,
                    planned_end=when.planned_end,
                    actual_start=when.actual_start,
                    actual_end=when.actual_end,
                    content=f"对{target}进行{self.rng.choice(WORKS.get(type_code, WORKS['building']))}，"
                    f"主要包括拆除、基层处理、施工安装及清理等内容。",
                    hazardous_operations=sorted(self.rng.sample(ops, self.rng.randint(0, 3))),
                    builder=demo_builder if is_demo_builder else builders[self.rng.randrange(len(builders))],
                    contractor=contractor,
                    site_manager=manager,
                    is_internal=self.rng.random() < 0.15,
                    responsible_officer=officers.get(street.pk),
                    registered_by=users["demo-builder"] if is_demo_builder else officers.get(street.pk),
                    created_at=when.created_at,
                    submitted_at=when.submitted_at,
                    decided_at=when.decided_at,
                    review_note="施工合同未上传，请补充后重新提交。"
                    if status == Status.RETURNED
                    else (
                        "经核查，工程投资额超过限额标准，应办理施工许可。" if status == Status.REFUSED else ""
                    ),
                    stop_reason="检查发现临时用电不符合三级配电两级保护要求，责令停工整改。"
                    if status == Status.STOPPED
                    else "",
                    stop_ordered_by=officers[street.pk].display_name
                    if status == Status.STOPPED and street.pk in officers
                    else "",
                )
                if project.is_internal:
                    project.internal_unit = project.builder.name
                    project.host_unit = project.builder
                batch.append(project)
            Project.objects.bulk_create(batch, batch_size=BATCH)
            self._attach(batch, people)
            created += len(batch)
        return created

    def leads(self, users: dict[str, User], count: int = 40) -> int:
        """Unregistered-site leads seen on patrol, most resolved, some still open."""
        streets = list(
            Region.objects.filter(level=Region.Level.STREET).select_related("parent").order_by("sort")
        )
        communities: dict[int, list[Region]] = {}
        for c in Region.objects.current().filter(level=Region.Level.COMMUNITY):
            communities.setdefault(c.parent_id or 0, []).append(c)
        officers = {u.street_id: u for u in users.values() if u.role == Role.STREET_OFFICER}
        notes = [
            "巡查发现门店正在装修，现场未见公示牌。",
            "居民反映院内有施工，夜间噪音扰民。",
            "发现屋面有人员作业，未设置防护栏杆。",
            "街巷内堆放建筑垃圾，疑似未登记施工。",
        ]
        states = [Lead.State.OPEN, Lead.State.REGISTERED, Lead.State.STOPPED, Lead.State.OUT_OF_SCOPE]
        rows = []
        for i in range(count):
            street = streets[i % len(streets)] if i % 3 else streets[9]  # 和平里 gets more
            state = self.rng.choices(states, [4, 3, 2, 1])[0]
            found = latest_moment(self.today) - dt.timedelta(
                days=self.rng.randint(0, 120), hours=self.rng.randint(0, 8)
            )
            officer = officers.get(street.pk)
            rows.append(
                Lead(
                    district=street.parent,
                    street=street,
                    community=self.rng.choice(communities[street.pk]),
                    address=f"北京市{street.parent.name}{self.rng.choice(LANES_BY_STREET.get(street.code, LANES))}{self.rng.randint(1, 300)}号",
                    note=self.rng.choice(notes),
                    state=state,
                    found_by=users["demo-grid"] if street.code == "110101010" else officer,
                    found_at=found,
                    resolution_note=""
                    if state == Lead.State.OPEN
                    else {
                        Lead.State.REGISTERED: "已督促建设单位补办登记。",
                        Lead.State.STOPPED: "已责令停工，待登记后复工。",
                        Lead.State.OUT_OF_SCOPE: "经核实为住宅室内装修，不属于限额以下工程。",
                    }[state],
                    resolved_by=None if state == Lead.State.OPEN else officer,
                    resolved_at=None
                    if state == Lead.State.OPEN
                    else min(found + dt.timedelta(days=2), latest_moment(self.today)),
                )
            )
        Lead.objects.bulk_create(rows)
        return len(rows)

    def _attach(self, batch: list[Project], people: dict[int, list[Person]]) -> None:
        """Workers and notices for one batch of projects.

        These are most of the demo's rows, so they go in as plain tuples through one executemany each:
        building model instances for them took most of the time of a 100,000-project load.
        """
        ops = connection.ops
        workers = []
        notices = []
        papers = []
        trades = ["电工", "焊工", "架子工", "木工", "瓦工", "油工", "普工"]
        for project in batch:
            crew = people.get(project.contractor_id or 0) or []
            for person in crew[1 : 1 + self.rng.randint(2, 5)]:
                workers.append((project.pk, person.pk, self.rng.choice(trades)))
            for kind, number, expires in self.papers.get(project.contractor_id or 0, []):
                papers.append((project.pk, kind, number, ops.adapt_datefield_value(expires)))
            if project.status in POST_ACCEPTANCE_STATUSES:
                issued = project.decided_at or latest_moment(self.today)  # accepting issues the notice
                latest = latest_moment(self.today)
                acked_at = (
                    min(issued + dt.timedelta(hours=2), latest),
                    min(issued + dt.timedelta(hours=3), latest),
                )
                acked = project.status != Status.ACCEPTED or self.rng.random() < 0.5
                notices.append(
                    (
                        project.pk,
                        f"DCGZ{project.number[2:]}",
                        ops.adapt_datetimefield_value(issued),
                        project.responsible_officer_id,
                        ops.adapt_datetimefield_value(acked_at[0]) if acked else None,
                        ops.adapt_datetimefield_value(acked_at[1]) if acked else None,
                    )
                )
        _insert_rows(ProjectWorker, ["project", "person", "trade"], workers)
        _insert_rows(ProjectPaper, ["project", "kind", "number", "expires_on"], papers)
        _insert_rows(
            Notice,
            ["project", "number", "issued_at", "issued_by", "builder_ack_at", "contractor_ack_at"],
            notices,
        )


def _insert_rows(model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
    """INSERT already-adapted ``rows`` into ``model``'s table (demo bulk loads only)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(cast(models.Field, model._meta.get_field(name)).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from _meta
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def demo_already_loaded() -> bool:
    """True when the demo logins exist (the demo is loaded once per database)."""
    return User.objects.filter(username="demo-district").exists()


def load_demo(
    projects: int = DEFAULT_PROJECTS, seed: int = 2023, today: dt.date | None = None, city: bool = False
) -> dict[str, int]:
    """Load the demo data set, dated back from ``today`` (default: today), into an initialised database;
    with ``city``, over the whole city's sixteen districts (``demo.city``) instead of Dongcheng alone.

    Refuses in production mode.
    """
    if settings.PRODUCTION:
        raise ImproperlyConfigured("minorworks demo refuses to run in production mode.")
    gen = Generator(seed, today, city)
    with transaction.atomic():
        if city:
            create_city()
        builders, contractors, demo_builder = gen.enterprises()
        people = gen.people([*contractors, demo_builder])
        users = gen.users(demo_builder)
        created = gen.projects(projects, builders, contractors, demo_builder, people, users)
        gen.leads(users)
        officers = {u.street_id: u for u in users.values() if u.role == Role.STREET_OFFICER and u.street_id}
        checks = load_inspections(gen.rng, gen.today, officers, created)
        checks.update(load_meetings(gen.rng, gen.today, users))
        checks["reports"] = load_reports(gen.rng, gen.today, officers, report_count(created))
        year = gen.today.year
        # New registrations continue after the demo's numbers.
        ensure_at_least(f"project-DC-{year}", created)
        ensure_at_least(f"notice-DC-{year}", created)
    with connection.cursor() as cursor:
        # Planner statistics after the bulk load: without them PostgreSQL guessed 9 rows for a district of 10,000.
        # VACUUM also sets PostgreSQL's visibility map, which index-only scans (the dashboard's counts) need;
        # it cannot run inside a transaction (a test's), where ANALYZE alone does.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return {"projects": created, "users": len(users), "enterprises": Enterprise.objects.count(), **checks}
