"""The console command and the production guard rails."""

import os
import subprocess
import sys

import pytest

from minorworks.cli import main
from minorworks.orgs.models import Region


def run_settings(env: dict) -> subprocess.CompletedProcess:
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='minorworks.settings'; django.setup(); print('ok')"
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MINORWORKS_ENV", "PERSONAL_DATA_KEYS"}
        and k != "PERSONAL_DATA_HASH_KEY"
    }
    return subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_without_secret_key():
    result = run_settings({"MINORWORKS_ENV": "production", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run_settings(
        {"MINORWORKS_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "1", "ALLOWED_HOSTS": "a"}
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


PRODUCTION = {"MINORWORKS_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}
KEYS = {
    "PERSONAL_DATA_KEYS": "hYnkE8fY8v0mDqX7m7sM5QyH5m9Kp0u2mY3vKxT1s2c=",
    "PERSONAL_DATA_HASH_KEY": "a-hash-key-from-the-vault",
}


def test_production_refuses_without_the_personal_data_keys():
    result = run_settings(PRODUCTION)
    assert result.returncode != 0 and "PERSONAL_DATA_KEY" in result.stderr
    result = run_settings({**PRODUCTION, "PERSONAL_DATA_KEYS": KEYS["PERSONAL_DATA_KEYS"]})
    assert result.returncode != 0 and "PERSONAL_DATA_HASH_KEY" in result.stderr


def test_production_starts_when_configured():
    result = run_settings({**PRODUCTION, **KEYS})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_demo_refuses_in_production(settings, capsys):
    settings.PRODUCTION = True
    assert main(["demo"]) == 2
    assert "production" in capsys.readouterr().err


@pytest.mark.django_db
def test_init_is_idempotent_and_demo_loads_logins(capsys):
    assert main(["init", "--skip-static"]) == 0
    assert main(["init", "--skip-static"]) == 0
    assert Region.objects.filter(level="street", parent__code="110101").count() == 17
    assert Region.objects.filter(level="community").count() >= 160
    assert main(["demo", "--projects", "60"]) == 0
    out = capsys.readouterr().out
    assert "demo-street2" in out and "demo-pass-2026" in out
    from minorworks.accounts.models import User
    from minorworks.projects.models import Project

    assert Project.objects.count() == 60
    builder = User.objects.get(username="demo-builder")
    assert Project.objects.filter(builder=builder.enterprise, street__code="110101010").exists()
    assert main(["demo"]) == 0  # second run: nothing to do
    assert Project.objects.count() == 60
