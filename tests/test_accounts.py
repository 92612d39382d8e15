"""Sign-in, lock-out, password strength, sign-out, language switch."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    return world.street_a_officer


def test_login_page_renders_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_with_right_password_reaches_dashboard(officer):
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": "a-long-test-password-2026"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == officer
    assert response.redirect_chain[-1][0] == reverse("dashboard:home")


def test_wrong_password_shows_message_and_keeps_username(officer):
    response = Client().post(reverse("accounts:login"), {"username": officer.username, "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert officer.username in body  # what the user typed is not lost
    assert "alert-danger" in body


def test_lockout_after_repeated_failures(officer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": officer.username, "password": "wrong"})
    locked = client.post(
        reverse("accounts:login"), {"username": officer.username, "password": "a-long-test-password-2026"}
    )
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_weak_passwords_are_rejected():
    user = UserFactory.build(username="someone")
    for weak in ["12345678", "password123", "short", "someone2026"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("correct-horse-battery-staple", user)


def test_logout_requires_post(officer):
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switch_to_english_and_back(officer):
    client = Client()
    client.force_login(officer)
    assert "仪表板" in client.get(reverse("dashboard:home")).content.decode()
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in client.get(reverse("dashboard:home")).content.decode()
    client.post(reverse("accounts:set_language"), {"language": "zh-hans", "next": "/"})
    assert "仪表板" in client.get(reverse("dashboard:home")).content.decode()


def test_csrf_is_enforced_on_login(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": officer.username, "password": "x"})
    assert response.status_code == 403


def test_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_role_requires_its_scope(world):
    user = UserFactory.build(username="x", role="street_officer", district=world.district)
    with pytest.raises(ValidationError) as excinfo:
        user.clean()
    assert "street" in excinfo.value.message_dict
