"""factory_boy factories for the models tests need."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from minorworks.accounts.models import User
from minorworks.orgs.models import Certificate, Enterprise, Person, Qualification, Region
from minorworks.projects.models import Project
from minorworks.scoperules.models import ProjectType


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"北京第{n}建筑工程有限公司")
    credit_code = factory.Sequence(lambda n: f"91110101MA{n:08d}")
    kinds = factory.LazyFunction(lambda: ["contractor"])
    contact_phone = "13812345678"
    district = factory.LazyFunction(lambda: Region.objects.get(code="110101"))


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = Qualification.Kind.SAFETY_LICENCE
    number = factory.Sequence(lambda n: f"(京)JZ安许证字[2024]{n:06d}")
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"工人{n}")
    id_number = factory.Sequence(lambda n: f"110101199001{n:06d}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    person = factory.SubFactory(PersonFactory)
    kind = "electrician"
    number = factory.Sequence(lambda n: f"T1101{n:010d}")
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password-2026")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    number = factory.Sequence(lambda n: f"TEST{n:08d}")
    name = factory.Sequence(lambda n: f"和平里东街{n}号院绿地提升工程")
    project_type = factory.LazyFunction(lambda: ProjectType.objects.get(code="fitout"))
    street = factory.LazyFunction(lambda: Region.objects.get(code="110101010"))
    district = factory.LazyAttribute(lambda o: o.street.parent)
    address = factory.Sequence(lambda n: f"北京市东城区和平里东街{n}号")
    investment = Decimal("500000")
    floor_area = Decimal("120")
    planned_start = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + dt.timedelta(days=60))
    content = "绿地提升及园路改造"
    builder = factory.SubFactory(EnterpriseFactory, kinds=["builder"])
    contractor = factory.SubFactory(EnterpriseFactory)
