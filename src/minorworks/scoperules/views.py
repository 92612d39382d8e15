"""The scope rules page (district administrators) and the public scope check (no login)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow, public
from minorworks.core.forms import attach_errors
from minorworks.core.roles import Role

from .forms import ScopeCheckForm, ScopeRuleForm
from .models import ProjectType, ScopeRule
from .scope import add_scope_rule, check_scope_query


@allow(Role.DISTRICT_ADMIN)
@require_http_methods(["GET", "POST"])
def scope_rules(request: HttpRequest) -> HttpResponse:
    """The dated scope rules of the administrator's district and city, and a form to add one."""
    user: Any = request.user
    form = ScopeRuleForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            rule = add_scope_rule(actor=user, data=form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Scope rule “%(name)s” added.") % {"name": rule.name})
            return redirect("scoperules:rules")
    region_ids = [i for i in (user.district_id, user.district.parent_id if user.district else None) if i]
    rules = (
        ScopeRule.objects.filter(jurisdiction_id__in=region_ids)
        .select_related("jurisdiction")
        .order_by("-effective_from")
    )
    labels = {t.code: t.label for t in ProjectType.objects.all()}
    rows = [  # the page names the types, never shows their codes
        {
            "rule": rule,
            "investment_only": [labels.get(code, code) for code in rule.investment_only_types],
            "excluded": [labels.get(code, code) for code in rule.excluded_types],
        }
        for rule in rules
    ]
    return render(request, "scoperules/scope_rules.html", {"form": form, "rows": rows})


@public
@require_GET
def scope_check_page(request: HttpRequest) -> HttpResponse:
    """The public scope check: is my works below quota? (no login)."""
    verdict = None
    if request.GET:
        form = ScopeCheckForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            try:
                verdict = check_scope_query(
                    data["project_type"].code if data["project_type"] else "",
                    data["investment"],
                    data["floor_area"],
                    data["on"].isoformat() if data["on"] else None,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
    else:
        form = ScopeCheckForm()
    return render(
        request,
        "scoperules/scope_check.html",
        {"form": form, "verdict": verdict},
    )
