"""Training pages: the list, announcing one, one training (QR code, attendance, staff registration,
printable attendance list) and the public sign-in page the QR code opens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from minorworks.core.access import allow, allow_authenticated, public
from minorworks.core.forms import attach_errors
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.masking import mask_phone
from minorworks.core.roles import Role

from .documents import attendance_response
from .forms import TrainingForm, quiz_form
from .models import Source, Training
from .services import can_manage, hold_training, sign_in
from .signin import SignInForm, qr_svg, rate_limited, window_open

HOSTS = (Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.DEPARTMENT_OFFICER, Role.BUILDER)


def trainings_for(user: Any):
    """The trainings ``user`` may see, with their attendance counts."""
    return scoped(Training, user).annotate(
        attendees=Count("attendances"),
        effective_count=Count("attendances", filter=Q(attendances__effective=True)),
    )


@allow_authenticated()
@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    """Trainings in the user's jurisdiction, newest first."""
    page = Paginator(trainings_for(request.user).order_by("-starts_at", "-id"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/list.html",
        {"page": page, "can_hold": getattr(request.user, "role", "") in {str(r) for r in HOSTS}, "query": ""},
    )


@allow(*HOSTS)
@require_http_methods(["GET", "POST"])
def training_new(request: HttpRequest) -> HttpResponse:
    """Announce a training."""
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = hold_training(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("training:detail", training_id=training.pk)
    return render(request, "training/new.html", {"form": form}, status=400 if form.errors else 200)


def signin_url(request: HttpRequest, training: Training) -> str:
    """The absolute public sign-in URL the QR code encodes."""
    return request.build_absolute_uri(reverse("signin:training", kwargs={"code": training.signin_code}))


def _page(request: HttpRequest, training: Training, form: Any = None, status: int = 200) -> HttpResponse:
    url = signin_url(request, training)
    rows = [
        {"name": a.name, "unit": a.unit, "phone": mask_phone(a.phone), "source": a.get_source_display(),
         "effective": a.effective, "score": a.score}
        for a in training.attendances.all()
    ]  # fmt: skip
    return render(
        request,
        "training/detail.html",
        {
            "training": training,
            "rows": rows,
            "signin_url": url,
            "qr": qr_svg(url),
            "open": window_open(training.starts_at, training.ends_at),
            "can_manage": can_manage(request.user, training),
            "form": form or SignInForm(),
        },  # fmt: skip
        status=status,
    )


def _training(user: Any, pk: int) -> Training:
    return get_scoped(Training.objects.prefetch_related("attendances"), user, pk)


@allow_authenticated()
@require_GET
def training_detail(request: HttpRequest, training_id: int) -> HttpResponse:
    """One training: its QR code, its attendance list, the staff registration form."""
    return _page(request, _training(request.user, training_id))


@allow(*HOSTS)
def training_register(request: HttpRequest, training_id: int) -> HttpResponse:
    """Staff register an attendee."""
    training = _training(request.user, training_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SignInForm(request.POST)
    if form.is_valid():
        sign_in(training, name=form.cleaned_data["name"], unit=form.cleaned_data["unit"], phone=form.cleaned_data["phone"],
                actor=request.user, source=Source.STAFF)  # fmt: skip
        messages.success(request, _("Attendee registered."))
        return redirect("training:detail", training_id=training_id)
    return _page(request, training, form, status=400)


@allow_authenticated()
@require_GET
def attendance_pdf(request: HttpRequest, training_id: int) -> HttpResponse:
    """The attendance list as PDF (to print)."""
    return attendance_response(request.user, training_id, "pdf")


@allow_authenticated()
@require_GET
def attendance_docx(request: HttpRequest, training_id: int) -> HttpResponse:
    """The attendance list as .docx."""
    return attendance_response(request.user, training_id, "docx")


# --- the public sign-in page (reviewed public URL: see tests/test_access_every_url.py) ---------------------


@public
@require_http_methods(["GET", "POST"])
def training_signin(request: HttpRequest, code: str) -> HttpResponse:
    """Sign in at a training on one's own phone (name, unit, phone; the quiz when there is one)."""
    training = Training.objects.filter(signin_code=code).first()
    if training is None:
        raise Http404
    context: dict[str, Any] = {"session_title": training.topic, "session": training, "kind": "training"}
    if not window_open(training.starts_at, training.ends_at):
        return render(request, "training/signin.html", {**context, "closed": True}, status=410)
    form = quiz_form(training, request.POST or None)
    if request.method == "POST":
        if rate_limited(request, code):
            return render(
                request, "training/signin.html", {**context, "form": form, "limited": True}, status=429
            )
        if form.is_robot():
            return render(request, "training/signin.html", {**context, "done": True})  # told nothing
        if form.is_valid():
            answers = {k: v for k, v in form.cleaned_data.items() if k.startswith("q")}
            attendance, _new = sign_in(
                training, name=form.cleaned_data["name"], unit=form.cleaned_data["unit"],
                phone=form.cleaned_data["phone"], answers=answers,
            )  # fmt: skip
            return render(
                request, "training/signin.html", {**context, "done": True, "attendance": attendance}
            )
    return render(
        request, "training/signin.html", {**context, "form": form}, status=400 if form.errors else 200
    )
