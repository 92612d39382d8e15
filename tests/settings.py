"""Test settings: the product's settings plus the test-only toy app (declarations only, see tests/toyapp)."""

from minorworks.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.toyapp"]  # noqa: F405
ROOT_URLCONF = "tests.urls"
