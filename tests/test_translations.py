"""Everything a user reads exists in Vietnamese, and the compiled catalogue is current."""

from pathlib import Path

import polib
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated():
    po = polib.pofile(str(CATALOGUE))
    assert len(po) > 200
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE))
    with translation.override("vi"):
        for entry in po:
            if entry.msgid_plural:
                assert translation.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
            elif entry.msgctxt:
                assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
            else:
                assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_no_message_hides_inside_an_f_string():
    """makemessages does not read inside f-strings: a message there drops out of the catalogue at
    the next update and shows in English."""
    import ast

    root = CATALOGUE.parents[3]
    hidden = []
    for app in ("cases", "reports", "audit", "thads"):
        for path in (root / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr):
                    for call in ast.walk(node):
                        if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("_", "gettext", "pgettext"):
                            hidden.append(f"{path.relative_to(root)}:{call.lineno}")
    assert hidden == []
