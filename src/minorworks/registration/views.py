"""Registration pages: create and edit a draft, uploads and downloads, scope rules, the public scope check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core import validators as v
from minorworks.core.access import allow, allow_authenticated
from minorworks.core.downloads import file_download
from minorworks.core.forms import attach_errors
from minorworks.core.roles import Role
from minorworks.orgs.models import Region
from minorworks.projects.filters import community_choices
from minorworks.projects.models import EDITABLE_STATUSES, Attachment
from minorworks.projects.registrants import can_register
from minorworks.projects.scoping import get_project_for

from . import personal, uploads, workers
from . import registration as reg
from .forms import AttachmentForm, RegistrationForm, WorkerFormSet


def _form_page(request: HttpRequest, form, formset, project=None) -> HttpResponse:
    return render(
        request,
        "projects/registration_form.html",
        {
            "form": form,
            "formset": formset,
            "project": project,
            "attachment_form": AttachmentForm() if project is not None else None,
            "attachments": project.attachments.order_by("uploaded_at") if project is not None else [],
        },
    )


@allow(Role.BUILDER, Role.STREET_OFFICER)
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    """Register a new project as a draft (the builder itself, or a street officer on its behalf)."""
    user: Any = request.user
    if not can_register(user):
        raise PermissionDenied
    if request.method == "POST":
        form = RegistrationForm(request.POST, user=user)
        formset = WorkerFormSet(request.POST, prefix="workers")
        if form.is_valid() and formset.is_valid():
            try:
                project = reg.create_draft(actor=user, data={**form.cleaned_data, "workers": formset.rows()})
            except ValidationError as exc:
                attach_errors(form, exc, formset)
            else:
                messages.success(request, _("Draft %(number)s saved.") % {"number": project.number})
                return redirect("projects:detail", pk=project.pk)
    else:
        form = RegistrationForm(user=user)
        formset = WorkerFormSet(prefix="workers")
    return _form_page(request, form, formset)


@allow(Role.BUILDER, Role.STREET_OFFICER)
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or a registration returned for correction."""
    user: Any = request.user
    project = get_project_for(user, pk)
    if not reg.can_edit(user, project):
        raise PermissionDenied
    if request.method == "POST":
        form = RegistrationForm(request.POST, user=user, editing=True)
        formset = WorkerFormSet(request.POST, prefix="workers", form_kwargs={"editing": True})
        if form.is_valid() and formset.is_valid():
            try:
                reg.update_draft(project, actor=user, data={**form.cleaned_data, "workers": formset.rows()})
            except ValidationError as exc:
                attach_errors(form, exc, formset)
            else:
                messages.success(request, _("Registration %(number)s saved.") % {"number": project.number})
                return redirect("projects:detail", pk=project.pk)
    else:
        form = RegistrationForm(initial=reg.registration_values(project), user=user, editing=True)
        formset = WorkerFormSet(
            initial=reg.worker_rows(project), prefix="workers", form_kwargs={"editing": True}
        )
    return _form_page(request, form, formset, project)


def _back(request: HttpRequest, project) -> HttpResponse:
    if reg.can_edit(request.user, project) and request.POST.get("back") == "edit":
        return redirect("projects:edit", pk=project.pk)
    return redirect("projects:detail", pk=project.pk)


@allow(Role.BUILDER, Role.STREET_OFFICER)
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload one file to a project (POST); a refused file shows the form again with the reason."""
    user: Any = request.user
    project = get_project_for(user, pk)  # scope first: an outsider learns nothing, not even the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not reg.can_attach(user, project):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            uploads.add_attachment(
                project, actor=user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("File uploaded."))
            return _back(request, project)
    return render(request, "projects/attachment_form.html", {"project": project, "form": form}, status=400)


@allow_authenticated()
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Serve a project's file to those who may see the project, always as a download."""
    project = get_project_for(request.user, pk)
    attachment = Attachment.objects.filter(project=project, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return file_download(attachment.file, attachment.original_name, attachment.content_type)


@allow(Role.BUILDER, Role.STREET_OFFICER)
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """Remove a file (POST) from a draft, or one the street filed itself."""
    user: Any = request.user
    project = get_project_for(user, pk)
    attachment = (
        Attachment.objects.filter(project=project, pk=attachment_id).select_related("project").first()
    )
    if attachment is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        uploads.remove_attachment(attachment, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File removed."))
    return _back(request, project)


@allow_authenticated()
@require_GET
def community_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of one street's communities (htmx swaps them into the community select)."""
    code = request.GET.get("street", "")
    communities: QuerySet[Region] | list = (
        community_choices(Region.objects.filter(parent__code=code)) if code else []
    )
    return render(request, "projects/_community_options.html", {"communities": communities})


class RevealForm(forms.Form):
    """Which number to show: a person of the project and the field."""

    person = forms.IntegerField(min_value=1)
    field = forms.ChoiceField(choices=[(k, str(v)) for k, v in personal.FIELDS.items()])


@allow_authenticated()
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: show one full number of one person of the project (audited); never by GET, never cached."""
    project = get_project_for(request.user, pk)  # scope first: an outsider learns nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RevealForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    person_id, field = form.cleaned_data["person"], form.cleaned_data["field"]
    value = personal.reveal_number(project, actor=request.user, person_id=person_id, field=field)
    context = {"value": value, "field": field, "project": project}
    if request.headers.get("HX-Request"):
        response = render(request, "projects/_revealed.html", context)
    else:
        person = personal.people_of(project)[person_id]
        context |= {"person": person, "field_label": personal.FIELDS[field]}
        response = render(request, "projects/revealed_page.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


class WorkersChangeForm(forms.Form):
    """Why the list changes (required once the project is accepted)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


@allow(Role.BUILDER, Role.STREET_OFFICER)
@require_http_methods(["GET", "POST"])
def project_workers(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the workers and their certificates of an accepted project (builder, contractor, street)."""
    user: Any = request.user
    project = get_project_for(user, pk)
    if not workers.can_change_workers(user, project):
        raise PermissionDenied
    if request.method == "POST":
        formset = WorkerFormSet(request.POST, prefix="workers", form_kwargs={"editing": True})
        reason_form = WorkersChangeForm(request.POST)
        if formset.is_valid() and reason_form.is_valid():
            reason = reason_form.cleaned_data["reason"].strip()
            if project.status not in EDITABLE_STATUSES and not reason:
                reason_form.add_error("reason", _("Give the reason."))
            else:
                try:
                    workers.set_workers(project, actor=user, rows=formset.rows(), note=reason)
                except ValidationError as exc:
                    attach_errors(reason_form, exc, formset)
                else:
                    messages.success(request, _("Workers saved."))
                    return redirect("projects:detail", pk=project.pk)
    else:
        formset = WorkerFormSet(
            initial=workers.worker_rows(project), prefix="workers", form_kwargs={"editing": True}
        )
        reason_form = WorkersChangeForm()
    return render(
        request,
        "projects/workers_form.html",
        {"project": project, "formset": formset, "reason_form": reason_form},
    )
