"""The Chinese fonts PDFs are drawn with: found in a fixed order, registered with ReportLab once per process.

Order for each weight: the configured file (``CJK_FONT_PATH`` / ``CJK_BOLD_FONT_PATH``); Noto Serif SC from
the project's own npm install (``@expo-google-fonts/noto-serif-sc`` under ``settings.NODE_MODULES``: a
Song-style face with a real bold, TrueType outlines that ReportLab embeds); WenQuanYi / AR PL UMing from
Debian; else ReportLab's CID font STSong-Light, which is not embedded (Chinese then shows only where the
viewer has Chinese fonts, but the text still extracts).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

Weight = Literal["regular", "bold"]

NOTO_PACKAGE = Path("@expo-google-fonts") / "noto-serif-sc"
NOTO_FILES = {
    "regular": Path("400Regular") / "NotoSerifSC_400Regular.ttf",
    "bold": Path("700Bold") / "NotoSerifSC_700Bold.ttf",
}
SETTINGS_NAMES = {"regular": "CJK_FONT_PATH", "bold": "CJK_BOLD_FONT_PATH"}
DEBIAN_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
CID_FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class CjkFont:
    """A font registered with ReportLab: its name, whether it is embedded, and where it came from."""

    name: str
    embedded: bool
    path: str = ""


def candidate_paths(weight: Weight = "regular") -> list[str]:
    """The font files to try for ``weight``, in order."""
    configured = getattr(settings, SETTINGS_NAMES[weight], "") or ""
    npm = Path(settings.NODE_MODULES) / NOTO_PACKAGE / NOTO_FILES[weight]
    return ([configured] if configured else []) + [str(npm), *DEBIAN_PATHS]


@functools.lru_cache(maxsize=8)
def _register_truetype(path: str) -> CjkFont | None:
    # Parsing a 15 MB font takes a noticeable time and ReportLab keeps it: once per path per process.
    name = Path(path).stem.replace(" ", "-")
    try:
        font = TTFont(name, path, subfontIndex=0) if path.lower().endswith(".ttc") else TTFont(name, path)
    except Exception as exc:  # a CFF-flavoured or broken file: try the next one
        logger.warning("cannot use CJK font %s: %s", path, exc)
        return None
    pdfmetrics.registerFont(font)
    return CjkFont(name=name, embedded=True, path=path)


@functools.lru_cache(maxsize=1)
def _register_cid() -> CjkFont:
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CjkFont(name=CID_FALLBACK, embedded=False)


def cjk_font(weight: Weight = "regular") -> CjkFont:
    """The font to draw Chinese with in ``weight``: the first usable file, else the CID font."""
    for path in candidate_paths(weight):
        if Path(path).is_file():
            font = _register_truetype(path)
            if font is not None:
                return font
    return _register_cid()
