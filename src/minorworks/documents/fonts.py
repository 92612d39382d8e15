"""Finding and registering a CJK font for ReportLab, once per process.

Order: ``settings.CJK_FONT_PATH``; known Debian paths (WenQuanYi Micro Hei, AR PL UMing/UKai); else
ReportLab's built-in CID font STSong-Light, which is not embedded (Chinese then shows only where the
viewer has Chinese fonts, but text still extracts).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from reportlab.lib import textsplit as rl_textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as rl_paragraph

logger = logging.getLogger(__name__)

KNOWN_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
CID_FALLBACK = "STSong-Light"

# Full-width punctuation that must not start a line (Chinese 避头点). ReportLab's list covers mostly
# Japanese marks, so "，" or "》" could begin a line; with them listed they hang in the right margin.
# Both line breakers (single-style paragraphs in textsplit, mixed ones in paragraph) read the list.
CHINESE_CANNOT_START = "，。、；：？！）》〉」』】〕”’…·％"
for _module in (rl_textsplit, rl_paragraph):
    if not set(CHINESE_CANNOT_START) <= set(_module.ALL_CANNOT_START):
        _module.ALL_CANNOT_START += CHINESE_CANNOT_START


@dataclass(frozen=True)
class CjkFont:
    """A font registered with ReportLab: its name, whether it is embedded, and where it came from."""

    name: str
    embedded: bool
    path: str = ""


def candidate_paths() -> list[str]:
    """The font files to try, in order (the configured one first)."""
    configured = getattr(settings, "CJK_FONT_PATH", "") or ""
    return ([configured] if configured else []) + list(KNOWN_FONT_PATHS)


@functools.lru_cache(maxsize=8)
def _register_truetype(path: str) -> CjkFont | None:
    # Parsing a 5 MB collection takes ~0.3 s: cached per path for the life of the process.
    name = f"CJK-{Path(path).stem}"
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


def cjk_font() -> CjkFont:
    """The CJK font to draw Chinese with: an embedded TrueType font when one is found."""
    for path in candidate_paths():
        if Path(path).is_file():
            font = _register_truetype(path)
            if font is not None:
                return font
    return _register_cid()
