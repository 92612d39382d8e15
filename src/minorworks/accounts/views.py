"""Sign-in, sign-out and language switch."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from minorworks.core.access import allow_authenticated, public

from .forms import LoginForm


@public
def login_view(request: HttpRequest) -> HttpResponseBase:
    """The sign-in page; django-axes counts failures and locks out repeated ones."""
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )(request)


@allow_authenticated()
@require_POST
def logout_view(request: HttpRequest) -> HttpResponseBase:
    """Sign out (POST only, CSRF-protected)."""
    return auth_views.LogoutView.as_view()(request)


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """Switch the interface language (stored in a cookie)."""
    return django_set_language(request)
