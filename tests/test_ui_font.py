"""Chinese shows on a machine without a Chinese font: every page links Noto Sans SC (from npm, served by the
platform) as the last family of its font stack, and every subset its CSS names is served."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client


def test_every_subset_the_font_css_names_is_served():
    for weight in ("400", "700"):
        css_path = finders.find(f"vendor/noto-sans-sc/{weight}.css")
        assert css_path, "npm ci brings @fontsource/noto-sans-sc"
        css = Path(css_path).read_text(encoding="utf-8")
        names = set(re.findall(r"url\(\./(files/[^)]+)\)", css))
        assert len(names) > 100
        missing = [n for n in names if not finders.find(f"vendor/noto-sans-sc/{n}")]
        assert missing == []


def test_pages_link_the_font_after_the_system_faces(db):
    page = Client().get("/accounts/login/").content.decode()
    assert "vendor/noto-sans-sc/400.css" in page and "vendor/noto-sans-sc/700.css" in page
    css = Path(finders.find("minorworks/app.css")).read_text(encoding="utf-8")
    stack = re.search(r"--bs-font-sans-serif:([^;]+);", css).group(1)
    assert stack.index('"PingFang SC"') < stack.index('"Noto Sans SC"')
