"""The Chinese catalogue is complete and consistent; English is the source language."""

import re
from pathlib import Path

import polib

import minorworks

PO = Path(minorworks.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_every_message_has_a_chinese_translation():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values()))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    assert len(po) > 200


def test_placeholders_survive_translation():
    po = polib.pofile(str(PO))
    broken = []
    for entry in po:
        translated = entry.msgstr or next(iter(entry.msgstr_plural.values()), "")
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(translated)):
            broken.append(entry.msgid)
    assert broken == []
