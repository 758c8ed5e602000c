"""Every message the web layer can show has its zh-TW words: a msgid in the
code or the templates (as `pybabel extract` finds them, docs/webapp.md)
without a translation would reach a zh-TW reader in English."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2)}


def _extracted() -> dict:
    with open(ROOT / "webapp" / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def test_every_message_of_the_pages_is_translated():
    with open(ROOT / "webapp/translations/zh_Hant_TW/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    translated = {(m.id if isinstance(m.id, str) else m.id[0])
                  for m in catalog if m.id and m.string and not m.fuzzy}
    found = _extracted()
    assert len(found) > 1000   # the extraction itself worked
    missing = {msgid: where for msgid, where in found.items() if msgid not in translated}
    assert not missing, missing
