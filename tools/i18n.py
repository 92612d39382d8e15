"""Developer tool: refresh the zh_Hans catalogue from the source and fill it from translation fragments.

    .venv/bin/python tools/i18n.py

1. runs `makemessages` for zh_Hans and en (needs GNU gettext's xgettext, a developer tool only);
2. fills empty zh_Hans msgstr from locale/zh_Hans/fragments/*.json ({"English msgid": "中文"});
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


def main() -> int:
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
    translations: dict[str, str] = {}
    for fragment in sorted(FRAGMENTS.glob("*.json")):
        translations.update(json.loads(fragment.read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()) and entry.msgid in translations:
                entry.msgstr_plural = {0: translations[entry.msgid]}
        elif (not entry.msgstr or "fuzzy" in entry.flags) and entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        if "fuzzy" in entry.flags and entry.msgid in translations:
            entry.flags.remove("fuzzy")
        if not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
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
