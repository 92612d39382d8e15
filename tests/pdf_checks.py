"""Checks on generated PDFs shared by the document tests: embedded fonts (pypdf, and pdffonts when it is
installed) and a rendering of the first page to PNG (pypdfium2) under test-artifacts/."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageStat
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def font_descriptors(content: bytes) -> list[dict]:
    """Every font on any page: base name and whether a TrueType program (FontFile2) is embedded."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found.append({"name": str(font["/BaseFont"]), "embedded": "/FontFile2" in descriptor})
    return found


def assert_embeds_noto_serif(content: bytes) -> None:
    """Every font is an embedded Noto Serif SC, and both the regular and the bold weight are used."""
    fonts = font_descriptors(content)
    assert fonts, "no fonts"
    assert all(f["embedded"] and "NotoSerifSC" in f["name"] for f in fonts), fonts
    assert any("NotoSerifSC-Regular" in f["name"] for f in fonts), fonts
    assert any("NotoSerifSC-Bold" in f["name"] for f in fonts), fonts
    if shutil.which("pdffonts"):  # poppler, where installed: a second, independent reader
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(content)
            handle.flush()
            listing = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True)
        rows = listing.stdout.splitlines()[2:]
        assert rows, listing.stdout
        for row in rows:
            name, *rest = row.split()
            assert "NotoSerifSC" in name, row
            assert rest[-5] == "yes", row  # the "emb" column (name, type…, encoding, emb, sub, uni, id, gen)


def render_first_page(content: bytes, name: str, scale: float = 1.5) -> Path:
    """The first page as test-artifacts/<name>.png; fails when the page is blank."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = pdfium.PdfDocument(content)[0]
    image = page.render(scale=scale).to_pil().convert("L")
    path = ARTIFACTS / f"{name}.png"
    image.save(path)
    stat = ImageStat.Stat(image)
    dark = sum(image.histogram()[:128]) / (image.width * image.height)
    assert stat.stddev[0] > 10 and dark > 0.005, f"{path} looks blank"
    return path
