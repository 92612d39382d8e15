"""Test settings: the product's settings plus the test-only toy app (declarations only, see tests/toyapp)."""

from minorworks.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.toyapp"]  # noqa: F405
ROOT_URLCONF = "tests.urls"

# Fixed keys: the tests never read or write keys under var/.
PERSONAL_DATA_KEYS = [
    "hYnkE8fY8v0mDqX7m7sM5QyH5m9Kp0u2mY3vKxT1s2c=",
    "Vb3n2cQm0nX0nQe0Hq1l0G6sR2c0aYq6K6m1Vb1vC2w=",
]
PERSONAL_DATA_HASH_KEY = "test-hash-key-not-secret"
# Queued tasks run at once, inside the test (an import finishes before its page is shown).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The dashboard computes its charts on every request in tests (no cache shared between tests).
DASHBOARD_CACHE_SECONDS = 0
