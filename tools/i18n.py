"""Developer tool: refresh the zh_Hans catalogue from the source and fill it from translation fragments.

    .venv/bin/python tools/i18n.py

1. runs `makemessages` for zh_Hans and en (needs GNU gettext's xgettext, a developer tool only);
2. sets every zh_Hans msgstr from locale/zh_Hans/fragments/*.json ({"English msgid": "中文"}; a message with a
   context is keyed "context\u0004msgid", gettext's own separator; a bare msgid also serves its one context
   while the msgid has no other meaning in the catalogue). The fragments are the source: a changed
   fragment changes the catalogue, and two fragments that give one message different Chinese stop the run;
3. compiles the .mo files (polib; the same step `make install` runs).
Prints the msgids still untranslated.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "minorworks"
PO = PKG / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
FRAGMENTS = PKG / "locale" / "zh_Hans" / "fragments"
CONTEXT_SEPARATOR = "\x04"  # gettext joins msgctxt and msgid with EOT in .mo files; fragments do the same


def fragment_key(msgid: str, context: str | None = None) -> str:
    """The key of a message in a fragment file: the msgid, prefixed by "context\\x04" when it has one."""
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


def load_fragments(directory: Path = FRAGMENTS) -> tuple[dict[str, str], list[str]]:
    """All fragment translations by key, and a line for each key that two fragments translate differently."""
    translations: dict[str, str] = {}
    origin: dict[str, str] = {}
    conflicts = []
    for fragment in sorted(directory.glob("*.json")):
        for key, chinese in json.loads(fragment.read_text(encoding="utf-8")).items():
            if key in translations and translations[key] != chinese:
                shown = key.replace(CONTEXT_SEPARATOR, " | ")
                conflicts.append(
                    f"{shown!r}: {origin[key]} says {translations[key]!r}, {fragment.name} says {chinese!r}"
                )
            translations.setdefault(key, chinese)
            origin.setdefault(key, fragment.name)
    return translations, conflicts


def shared_msgids(po: polib.POFile) -> set[str]:
    """The msgids that have more than one entry (several contexts, or a context and none)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for entry in po:
        (shared if entry.msgid in seen else seen).add(entry.msgid)
    return shared


def translation_for(entry: polib.POEntry, translations: dict[str, str], shared: set[str]) -> str | None:
    """The fragment translation of a catalogue entry: by its context key; a bare msgid key also serves an entry
    with a context while that msgid has no other entry. Where it has (one word, several meanings), each
    meaning needs its own key: falling back there gave a hazard's "Open" the ledger button's 打开."""
    chinese = translations.get(fragment_key(entry.msgid, entry.msgctxt))
    if chinese is None and entry.msgctxt and entry.msgid not in shared:
        chinese = translations.get(entry.msgid)
    return chinese


def main() -> int:
    translations, conflicts = load_fragments()
    if conflicts:
        print("fragments disagree (one message, two translations); settle each in one fragment:")
        print("\n".join(conflicts))
        return 1
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minorworks.settings"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "-l",
            "en",
            "--no-obsolete",
            "--no-location",
            "-i",
            "migrations/*",
        ],
        cwd=PKG,
        env=env,
        check=True,
    )
    po = polib.pofile(str(PO))
    missing = []
    shared = shared_msgids(po)
    for entry in po:
        chinese = translation_for(entry, translations, shared)
        if chinese is None and entry.msgid in shared:
            entry.msgstr, entry.msgstr_plural = "", {}  # never keep a guess for a word with several meanings
        if chinese is not None:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: chinese}
            else:
                entry.msgstr = chinese
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        if "fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)  # a fuzzy guess from msgmerge is not a translation
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    subprocess.run([sys.executable, "-m", "minorworks.core.compile_messages"], cwd=ROOT, env=env, check=True)
    for msgid in missing:
        print("untranslated:", json.dumps(msgid, ensure_ascii=False))
    print(f"{len(po)} entries, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
