"""The inbox (list, mark one or all read), each user's channels, and a district's webhook endpoints."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import notifications
from .access import allow, allow_authenticated
from .models import DeliveryAttempt
from .notification_forms import ChannelsForm, EndpointForm
from .roles import Role

PAGE_SIZE = 20


@allow_authenticated()
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first (``?unread=1``: unread only)."""
    rows = notifications.inbox(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else ""},
    )


@allow_authenticated()
def read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """POST: mark one notification read, then open its record (``open``) or go back to the inbox."""
    notification = notifications.get_notification_for(request.user, notification_id)  # 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notifications.mark_read(notification, actor=request.user)
    target = notification.url
    if "open" in request.POST and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")


@allow_authenticated()
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    """POST: mark every notification of the user read."""
    count = notifications.mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
        % {"count": count},
    )
    return redirect("notifications:inbox")


@allow_authenticated()
@require_http_methods(["GET", "POST"])
def channels(request: HttpRequest) -> HttpResponse:
    """The user's choice of channels besides the inbox (which is always on)."""
    user: Any = request.user
    if request.method == "POST":
        form = ChannelsForm(request.POST)
        if form.is_valid():
            notifications.set_channels(actor=user, **form.cleaned_data)
            messages.success(request, _("Your notification channels are saved."))
            return redirect("notifications:channels")
    else:
        current = notifications.channels_of(user)
        form = ChannelsForm(initial={"email": current.email, "webhook": current.webhook})
    has_gateway = notifications.endpoints_of(user).filter(active=True).exists()
    return render(request, "core/notifications/channels.html", {"form": form, "has_gateway": has_gateway})


# --- webhook endpoints (district administrators) ------------------------------------------------------------


def _endpoint_page(request, form, endpoint=None, *, secret: str = "", status: int = 200) -> HttpResponse:
    template = "core/notifications/webhook_detail.html" if endpoint else "core/notifications/webhooks.html"
    context: dict[str, Any] = {"form": form, "endpoint": endpoint, "new_secret": secret}
    if endpoint is None:
        context["endpoints"] = notifications.endpoints_of(request.user)
    else:
        context["attempts"] = DeliveryAttempt.objects.filter(delivery__endpoint=endpoint).order_by("-id")[:20]
        context["display_url"] = notifications.display_url(endpoint.url)
    response = render(request, template, context, status=status)
    if secret:
        patch_cache_control(response, no_store=True)
    return response


def _save(request, form, endpoint=None) -> HttpResponse:
    data = form.cleaned_data
    saved = notifications.save_endpoint(
        actor=request.user,
        endpoint=endpoint,
        name=data["name"],
        url=data["url"],
        active=data["active"],
        secret=notifications.new_secret() if data.get("regenerate") else data.get("secret", ""),
    )
    if endpoint is None or data.get("regenerate"):
        # Shown once, in this response only: never stored in a message cookie or shown again.
        messages.success(request, _("Saved. Copy the signing secret now: it is not shown again."))
        return _endpoint_page(request, EndpointForm(initial=_initial(saved)), saved, secret=saved.secret)
    messages.success(request, _("Saved."))
    return redirect("notifications:webhook", endpoint_id=saved.pk)


def _initial(endpoint) -> dict[str, Any]:
    return {"name": endpoint.name, "url": endpoint.url, "active": endpoint.active}


@allow(Role.DISTRICT_ADMIN)
@require_http_methods(["GET", "POST"])
def webhooks(request: HttpRequest) -> HttpResponse:
    """The district's webhook endpoints and a form to add one."""
    if request.method == "POST":
        form = EndpointForm(request.POST)
        if form.is_valid():
            return _save(request, form)
        return _endpoint_page(request, form, status=400)
    return _endpoint_page(request, EndpointForm())


@allow(Role.DISTRICT_ADMIN)
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """One endpoint: change it, and see its latest deliveries and attempts."""
    endpoint = notifications.get_endpoint_for(request.user, endpoint_id)
    if request.method == "POST":
        form = EndpointForm(request.POST)
        if form.is_valid():
            return _save(request, form, endpoint)
        return _endpoint_page(request, form, endpoint, status=400)
    return _endpoint_page(request, EndpointForm(initial=_initial(endpoint)), endpoint)
