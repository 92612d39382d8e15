"""Real Chromium (Debian's, never a downloaded build) driven by Playwright's sync API against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's ORM calls are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The network is closed: without these Chromium keeps opening connections that are refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install -y chromium); never `playwright install`"
    if os.environ.get("CI"):
        pytest.fail(message)  # CI must run the browser tests, not skip them
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    """One headless Chromium for the whole session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(chromium) -> Iterator:
    """A factory of pages, each in its own context (cookies), closed after the test.

    The default locale is zh-CN, like the district's users' browsers; pass ``viewport`` for phones.
    """
    contexts = []

    def make(*, viewport: dict | None = None, locale: str = "zh-CN", **options):
        context = chromium.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, locale=locale, **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
