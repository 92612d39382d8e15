"""Special-operation certificates, and which hazardous operation needs which: the one rule, in one place.

Legal basis (checked 2026-12 against the texts' structure; see ``BASIS``):

- 《特种作业人员安全技术培训考核管理规定》(原国家安全生产监督管理总局令第30号，经第63号、第80号令修正), annex
  《特种作业目录》: 1 电工作业; 2 焊接与热切割作业; 3 高处作业, which has exactly two operation items, 3.1 登高架设作业
  (erecting and dismantling scaffolds and spanning frames at height) and 3.2 高处安装、维护、拆除作业. Working at height
  as such (≥ 2 m) needs no certificate: protection, harness and edges are checked on site.
- 《建筑施工特种作业人员管理规定》(建质〔2008〕75号): 建筑电工, 建筑架子工, 建筑起重信号司索工, 建筑起重机械司机,
  建筑起重机械安装拆卸工, 高处作业吊篮安装拆卸工.
- Demolition and confined-space work have no special-operation certificate of their own: the reviewer checks the
  approval or plan and the workers' training on paper (《建设工程安全生产管理条例》第十一条、第二十六条、第三十七条;
  the major-hazard criteria 建质规〔2022〕2号 on confined spaces and demolition).

Operations are referred to by their codes (``projects.models.HazardousOperation``); a test checks that every
operation has exactly one requirement here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SPECIAL_OPERATIONS = "《特种作业人员安全技术培训考核管理规定》附件《特种作业目录》"
CONSTRUCTION_OPERATORS = "《建筑施工特种作业人员管理规定》（建质〔2008〕75号）"
SAFETY_REGULATION = "《建设工程安全生产管理条例》"


class CertificateKind(models.TextChoices):
    """The kinds of paper a worker may hold (the values are stored; labels follow the certificate's wording)."""

    ELECTRICIAN = "electrician", _("Electrician (electrical work or construction electrician)")
    WELDER = "welder", _("Welding and hot cutting")
    HEIGHT_RIGGING = "height_rigging", _("Erection at height (scaffolds and spanning frames)")
    HEIGHT = "height", _("Installation, maintenance and dismantling at height")
    SCAFFOLDER = "scaffolder", _("Construction scaffolder")
    CRANE_OPERATOR = "lifting", _("Crane operator")
    RIGGER = "rigger", _("Lifting signaller and rigger")
    CRANE_INSTALLER = "crane_installer", _("Crane installer and dismantler")
    GONDOLA_INSTALLER = "gondola_installer", _("Suspended platform installer and dismantler")
    TRAINING = "training", _("Safety training record (not a special-operation certificate)")


# Kinds that are special-operation certificates; a training record covers no operation.
SPECIAL_KINDS = frozenset(CertificateKind) - {CertificateKind.TRAINING}


@dataclass(frozen=True)
class Requirement:
    """What one declared hazardous operation needs.

    ``certificates``: groups of kinds; each group must be held, valid, by some worker on the project, and any
    kind in a group will do (e.g. a scaffold may be put up by a construction scaffolder or a holder of the
    erection-at-height certificate). ``on_paper``: what the reviewer must verify on paper instead, where no
    certificate exists. ``basis``: the rule's legal basis.
    """

    operation: str
    certificates: tuple[tuple[CertificateKind, ...], ...] = ()
    on_paper: str | Promise = ""
    basis: str = ""

    def missing(self, held: Iterable[str]) -> list[tuple[CertificateKind, ...]]:
        """The certificate groups that none of the ``held`` kinds satisfies."""
        have = set(held)
        return [group for group in self.certificates if not have.intersection(group)]


K = CertificateKind
REQUIREMENTS: dict[str, Requirement] = {
    r.operation: r
    for r in (
        Requirement(
            "hot_work",
            certificates=((K.WELDER,),),
            basis=f"{SPECIAL_OPERATIONS} 2 焊接与热切割作业",
        ),
        Requirement(
            "temp_power",
            certificates=((K.ELECTRICIAN,),),
            basis=f"{SPECIAL_OPERATIONS} 1 电工作业；{CONSTRUCTION_OPERATORS} 建筑电工",
        ),
        Requirement(
            "height",
            basis=f"{SPECIAL_OPERATIONS} 3 高处作业：仅登高架设、高处安装维护拆除两项须持证",
        ),
        Requirement(
            "height_installation",
            certificates=((K.HEIGHT,),),
            basis=f"{SPECIAL_OPERATIONS} 3.2 高处安装、维护、拆除作业",
        ),
        Requirement(
            "scaffold",
            certificates=((K.SCAFFOLDER, K.HEIGHT_RIGGING),),
            basis=f"{CONSTRUCTION_OPERATORS} 建筑架子工；{SPECIAL_OPERATIONS} 3.1 登高架设作业",
        ),
        Requirement(
            "lifting",
            certificates=((K.CRANE_OPERATOR,), (K.RIGGER,)),
            basis=f"{CONSTRUCTION_OPERATORS} 建筑起重机械司机、建筑起重信号司索工",
        ),
        Requirement(
            "confined_space",
            on_paper=_(
                "No special-operation certificate exists for confined-space work: check on paper the work approval, "
                "the ventilation and gas-testing plan, the attendant, and each worker's safety training record."
            ),
            basis=f"{SAFETY_REGULATION}第三十七条；建质规〔2022〕2号（有限空间作业）",
        ),
        Requirement(
            "demolition",
            on_paper=_(
                "No special-operation certificate exists for demolition: check on paper the demolition plan, the "
                "builder's filing of the demolition works, and each worker's safety training record."
            ),
            basis=f"{SAFETY_REGULATION}第十一条、第二十六条、第三十七条；建质规〔2022〕2号（拆除工程）",
        ),
        Requirement("excavation", basis="无对应特种作业操作证；基坑按专项方案检查"),
    )
}


def requirement_for(operation: str) -> Requirement | None:
    """The requirement of one operation code (None for a code this module does not know)."""
    return REQUIREMENTS.get(operation)


def group_label(group: Iterable[str]) -> str:
    """The labels of a group of kinds, joined by "or" in the current language."""
    labels = dict(CertificateKind.choices)
    return str(_(" or ")).join(str(labels[kind]) for kind in group)
