"""Message contexts: an English word with two meanings gets two catalogue entries, never one shared Chinese.

Seen in a browser: the lead state "Registered" read 登记时间 (the sort key's word) and the ledger's "Open" button
read 待处置 (the lead state's word), because each English msgid had one Chinese translation for both uses.
Which meaning a bare msgid has cannot be read from the source, so the guard is built from what can be checked:

- the labels of lifecycle states (every ``status``/``state`` field with choices) always carry a context, so a
  state word never shares its entry with a column, button or sort key spelled the same in English;
- one msgid in several contexts has a different Chinese word in each (an identical one means the contexts
  were not needed, or one of them received the other's translation);
- the fragment files, where the Chinese is written, never give one message two translations, and the
  catalogue says what the fragments say.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext, pgettext
from tools.i18n import fragment_key, load_fragments, shared_msgids, translation_for

import minorworks

PO = Path(minorworks.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
STATE_FIELDS = {"status", "state"}


def _chinese(entry: polib.POEntry) -> str:
    return entry.msgstr or next(iter(entry.msgstr_plural.values()), "")


def _state_labels() -> list[tuple[str, object]]:
    """(where, label) for every choice of every lifecycle-state field of the product's models."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("minorworks."):
            continue
        for field in model._meta.get_fields():
            if field.name in STATE_FIELDS and getattr(field, "choices", None):
                for value, label in field.flatchoices:
                    found.append((f"{model._meta.label}.{field.name}={value}", label))
    return found


def _context_of(label: object) -> tuple[str | None, str]:
    """(context, msgid) of a lazy translation: pgettext_lazy keeps (context, msgid), gettext_lazy (msgid,)."""
    args = getattr(label, "_args", ())
    if len(args) == 2:
        return args[0], args[1]
    return None, args[0] if args else str(label)


def test_fragments_never_translate_one_message_twice():
    _translations, conflicts = load_fragments()
    assert conflicts == []


def test_the_catalogue_says_what_the_fragments_say():
    translations, _conflicts = load_fragments()
    drifted = [
        (entry.msgctxt, entry.msgid, _chinese(entry), translations[fragment_key(entry.msgid, entry.msgctxt)])
        for entry in polib.pofile(str(PO))
        if fragment_key(entry.msgid, entry.msgctxt) in translations
        and _chinese(entry) != translations[fragment_key(entry.msgid, entry.msgctxt)]
    ]
    assert drifted == []


def test_every_state_label_carries_a_context():
    labels = _state_labels()
    assert len(labels) >= 12  # the project statuses and the lead states at least
    without = [where for where, label in labels if _context_of(label)[0] is None]
    assert without == [], "use pgettext_lazy('<thing> state', …) for these state labels"
    catalogue = {(e.msgctxt, e.msgid): _chinese(e) for e in polib.pofile(str(PO))}
    untranslated = [where for where, label in labels if not catalogue.get(_context_of(label))]
    assert untranslated == []


def test_one_msgid_in_two_contexts_has_two_chinese_words():
    by_msgid: dict[str, dict[str | None, str]] = defaultdict(dict)
    for entry in polib.pofile(str(PO)):
        by_msgid[entry.msgid][entry.msgctxt] = _chinese(entry)
    shared = {
        msgid: variants
        for msgid, variants in by_msgid.items()
        if len(variants) > 1 and len(set(variants.values())) < len(variants)
    }
    assert shared == {}, "identical Chinese in two contexts: drop the needless context or fix the translation"


@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        ("lead state", "Open", "待处置"),
        ("lead state", "Registered", "已登记"),
        ("hazard", "Open", "待整改"),  # was 打开: the bare "Open" fragment had filled it
        (None, "Open", "打开"),  # the ledger index's button
        ("person", "Name", "姓名"),
        (None, "Name", "名称"),
        ("project status", "Submitted", "已提交"),
        (None, "Submitted", "提交时间"),  # the detail page's date row
    ],
)
def test_the_words_seen_wrong_in_the_browser(context, msgid, chinese):
    with translation.override("zh-hans"):
        assert (pgettext(context, msgid) if context else gettext(msgid)) == chinese


def test_lead_states_read_as_states_in_chinese():
    from minorworks.leads.models import Lead

    with translation.override("zh-hans"):
        assert dict(Lead.State.choices)["registered"] == "已登记"
        assert dict(Lead.State.choices)["open"] == "待处置"


def test_a_bare_fragment_key_never_serves_a_word_with_several_meanings():
    po = polib.POFile()
    for context, msgid in [(None, "Open"), ("hazard", "Open"), ("checklist answer", "Complies")]:
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=""))
    translations = {"Open": "打开", "Complies": "符合"}
    shared = shared_msgids(po)
    found = {(e.msgctxt, e.msgid): translation_for(e, translations, shared) for e in po}
    assert found == {
        (None, "Open"): "打开",
        ("hazard", "Open"): None,
        ("checklist answer", "Complies"): "符合",
    }
