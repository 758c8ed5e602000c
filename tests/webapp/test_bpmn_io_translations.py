"""Every English string bpmn-js, diagram-js and dmn-js (as installed in
node_modules) pass to their `translate` service has a zh-TW entry in
webapp/static/js/i18n/bpmn-io.zh-TW.json: an upgrade that adds a palette
entry, a menu entry or a decision-table control fails here, naming it."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "node_modules"
TABLE = json.loads((ROOT / "webapp/static/js/i18n/bpmn-io.zh-TW.json").read_text(encoding="utf-8"))

# The sources the table covers: every literal translate('...') in them.
SOURCES = ("bpmn-js/lib", "diagram-js/lib", "dmn-js-drd/lib", "dmn-js-decision-table/lib",
           "dmn-js-literal-expression/lib", "dmn-js-boxed-expression/lib")
LITERAL = re.compile(r"""translate\(\s*(['"])((?:\\.|(?!\1).)*)\1""")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Strings handed to translate() through a variable: the file and the literals feeding it.
INDIRECT = {
    "bpmn-js/lib/features/replace/ReplaceOptions.js": r"label: '([^']+)'",
    "bpmn-js/lib/features/modeling-feedback/ModelingFeedback.js": r"COLLAB_ERR_MSG = '([^']+)'",
    "dmn-js-drd/lib/features/replace/ReplaceOptions.js": r"label: '([^']+)'",
    "dmn-js-drd/lib/features/drill-down/DrillDown.js": r"title: '([^']+)'",
    "dmn-js-shared/lib/util/IdsUtil.js": r"return '([^']+)'",
    "dmn-js-shared/lib/features/data-types/DataTypes.js": r"'(\w+)'(?=[^\n]*\];)",
    "dmn-js-decision-table/lib/features/hit-policy/HitPolicies.js": r"(?:label|explanation): '([^']+)'",
    "dmn-js-decision-table/lib/features/simple-duration-edit/components/DurationInput.js":
        r"Duration: '([^']+)'",
    "dmn-js-decision-table/lib/features/simple-string-edit/components/SimpleStringEditContextMenuComponent.js":
        r"_LABEL = '([^']+)'",
    "dmn-js-decision-table/lib/features/simple-date-edit/Utils.js": r"return '([^']+)'",
    "dmn-js-decision-table/lib/features/simple-time-edit/Utils.js": r"return '([^']+)'",
    "dmn-js-decision-table/lib/features/simple-date-time-edit/Utils.js": r"return '([^']+)'",
}
# Titles and labels written without translate(): bpmn-io-i18n.js replaces them as they appear.
HARDCODED = {
    "dmn-js-decision-table/lib/features/drag-and-drop/DragAndDrop.js":
        (r"`Move \$\{isInput\(col\) \? '(\w+)' : '(\w+)'\}`", "Move {}"),
    "dmn-js-decision-table/lib/features/context-menu/ContextMenu.js": (r'"aria-label": "([^"]+)"', "{}"),
    "dmn-js-shared/lib/components/List.js": (r'"title": "([^"]+)"', "{}"),
    "diagram-js/lib/features/popup-menu/PopupMenuItem.js": (r'title="([^"]+)"', "{}"),
}
# Built by concatenation in ReplaceOptions.js ('Empty pool/participant' + ' (removes content)').
COMPOSED = ("Empty pool/participant", "Empty pool/participant (removes content)")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def literal_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for source in SOURCES:
        for path in sorted((MODULES / source).rglob("*.js")):
            code = COMMENT.sub("", path.read_text(encoding="utf-8"))
            for m in LITERAL.finditer(code):
                found.setdefault(_unquote(m.group(2)), str(path.relative_to(MODULES)))
    return found


def indirect_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for source, pattern in INDIRECT.items():
        code = (MODULES / source).read_text(encoding="utf-8")
        hits = re.findall(pattern, code)
        assert hits, f"{source} no longer holds {pattern!r}: look again where its strings come from"
        for text in hits:
            found.setdefault(text, source)
    found.update({text: "bpmn-js/lib/features/replace/ReplaceOptions.js" for text in COMPOSED})
    return found


def hardcoded_strings() -> set[str]:
    found = set()
    for source, (pattern, shape) in HARDCODED.items():
        m = re.search(pattern, (MODULES / source).read_text(encoding="utf-8"))
        assert m, f"{source} no longer holds {pattern!r}: look again at what it writes in English"
        found |= {shape.format(word) for word in m.groups()}
    return found


def version(package: str) -> str:
    return json.loads((MODULES / package / "package.json").read_text())["version"]


def test_the_table_names_the_versions_it_covers():
    installed = {name: version(name) for name in TABLE["covers"]}
    assert installed == TABLE["covers"], (
        "node_modules changed: run this test's checks, translate what is new, then update 'covers'")


def test_every_string_the_libraries_translate_has_a_chinese_entry():
    wanted = {**literal_strings(), **indirect_strings()}
    assert len(wanted) > 250  # the extraction still finds the palette, menus and table
    missing = {text: where for text, where in wanted.items() if not TABLE["strings"].get(text)}
    assert not missing, "no zh-TW entry for:\n" + "\n".join(f"{t!r} ({w})" for t, w in missing.items())
    stale = set(TABLE["strings"]) - set(wanted)
    assert not stale, f"entries no installed library asks for: {sorted(stale)}"


def test_the_titles_written_without_translate_have_a_chinese_entry_too():
    assert set(TABLE["hardcoded"]) == hardcoded_strings()
    assert all(TABLE["hardcoded"].values())


def test_the_entries_keep_their_placeholders_and_use_the_editor_words():
    for english, chinese in {**TABLE["strings"], **TABLE["hardcoded"]}.items():
        assert sorted(re.findall(r"\{[^}]+\}", english)) == sorted(re.findall(r"\{[^}]+\}", chinese)), english
        assert not re.search(r"[A-Za-z]{4,}", re.sub(r"\{[^}]+\}|QName|XML|ID|yyyy-MM-dd\S*|hh:mm:ss\S*|Pn\w+|DRD",
                                                     "", chinese)), f"English left in {chinese!r}"
    words = TABLE["strings"]
    assert words["Create start event"] == "建立開始事件" and words["Append task"] == "附加任務"
    assert words["Exclusive gateway"] == "互斥閘道" and words["Hit policy"] == "命中原則"


def test_every_type_the_shipped_decision_tables_use_has_a_name():
    used = set()
    for path in (ROOT / "bpmn").glob("*.dmn"):
        used |= set(re.findall(r'typeRef="([^"]+)"', path.read_text(encoding="utf-8")))
    names = {**TABLE["strings"], **TABLE["typeRefs"]}
    assert used and not used - set(names), sorted(used - set(names))
