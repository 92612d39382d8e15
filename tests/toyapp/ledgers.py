"""The toy's ledger: declared data only (rows, filters, columns, phone card); page, file and API follow."""

import django_filters

from minorworks.core.jurisdiction import scoped
from minorworks.core.ledgers import Card, Ledger, register
from minorworks.core.ledgers import columns as c
from minorworks.core.roles import Role

from .models import Permit


class PermitFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Permit.Status.choices)
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains")

    class Meta:
        model = Permit
        fields = ["status"]


TOY_LEDGER = register(
    Ledger(
        slug="toy-permits",
        title="Permits",
        title_zh="许可台账",
        description="Toy permits.",
        roles=frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
        queryset_for=lambda user: scoped(Permit, user).order_by("title"),
        filterset=PermitFilter,
        columns=(
            c.seq(),
            c.text("title", "名称", "Title", width=30),
            c.text("status", "状态", "Status"),
            c.text("street", "街道", "Street", "street__name"),
            c.text("owner", "单位", "Owner", "owner__name"),
        ),
        card=Card(title="title", subtitle=("status",), fields=("street", "owner", "status")),
        managing_party=lambda user: "许可科",
    )
)
