"""A Unique decision table whose rows can match the same input: the engine
takes the first, so the later row is silently not used there. The check warns
(in words: rows by position, cells by label and choice), it does not refuse."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from engine.authoring import dmnwords, drafts
from engine.models.validation.dmn import unique_overlaps

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
HEAD = ('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" '
        'namespace="urn:t"><decision id="route" name="分案 Routing">'
        '<decisionTable id="t" hitPolicy="{policy}">'
        '<input id="i1" label="Category 類別"><inputExpression id="e1" typeRef="string"><text>category</text></inputExpression></input>'
        '<input id="i2" label="District 行政區"><inputExpression id="e2" typeRef="string"><text>district</text></inputExpression></input>'
        '<output id="o1" label="Days 工作天數" name="days" typeRef="integer"/>')


def table(rows, policy="UNIQUE") -> bytes:
    body = "".join(
        f'<rule id="r{n}">' + "".join(f'<inputEntry id="r{n}i{k}"><text>{escape(c)}</text></inputEntry>'
                                      for k, c in enumerate(cells))
        + f'<outputEntry id="r{n}o"><text>{n}</text></outputEntry></rule>'
        for n, cells in enumerate(rows, 1))
    return (HEAD.format(policy=policy) + body + "</decisionTable></decision></definitions>").encode()


def found(rows, policy="UNIQUE"):
    return [(o.row, o.earlier) for o in unique_overlaps(etree.fromstring(table(rows, policy)))]


def test_literal_rows_that_can_match_together_are_found():
    rows = [('"road"', "-"), ('"light"', '"D-QIJIN"'), ('"road"', '"D-QIJIN"'), ('"light"', '"D-GUSHAN"')]
    assert found(rows) == [(3, [1])]


def test_only_what_can_be_told_for_sure_and_only_under_unique():
    assert found([('"road"', ">= 3"), ('"road"', "< 3")]) == []   # two expressions: not told
    assert found([('"road"', '"CITY"'), ('"road"', "!= 'CITY'")]) == []
    assert found([('"road"', "!= 'CITY'"), ('"road"', "")]) == [(2, [1])]   # "-" matches what it matches
    rows = [('"road"', "-"), ('"road"', '"D-QIJIN"')]
    assert found(rows, "FIRST") == [] and found(rows, "COLLECT") == []


def test_the_warning_names_rows_by_position_and_cells_by_label_and_choice():
    files = {"petition.bpmn": (BPMN / "petition.bpmn").read_bytes(),
             "route.dmn": table([('"road_damage"', "-"), ('"road_damage"', '"D-QIJIN"')])}
    (w,) = dmnwords.overlap_warnings(files)
    assert w["severity"] == "warning" and w["element_id"] is None and w["file"] == "route.dmn"
    assert w["message_zh"].startswith("決策表「分案」第 1 列與第 2 列可能同時符合（類別 = 道路坑洞破損、行政區 = 旗津區）：")
    assert "命中原則為「唯一」時只能有一列符合" in w["message_zh"] and "r2" not in w["message_zh"]
    assert "rows 1 and 2 can match the same input (Category = Road damage, District = Qijin District)" \
        in w["message_en"]


def test_the_shipped_tables_say_the_first_matching_row_wins():
    """Both shipped tables end with a catch-all row, and the routing table's
    rows 25/26 overlap on purpose: they are FIRST, as their descriptions say,
    so nothing is flagged; declared UNIQUE, the same rows are."""
    files = {p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")}
    review = drafts.review(files, None, "petition")
    assert review["verdict"] == "deployable" and review["problems"] == [] and review["warnings"] == []
    unique = {n: b.replace(b'hitPolicy="FIRST"', b'hitPolicy="UNIQUE"') for n, b in files.items()}
    said = sorted((w["file"], w["message_zh"].split("可能")[0])
                  for w in drafts.review(unique, None, "petition")["warnings"])
    assert said == [("audit_grading.dmn", "決策表「考評等第」第 1–3 列與第 4 列"),
                    ("petition_routing.dmn", "決策表「陳情分案」第 1–31 列與第 32 列"),
                    ("petition_routing.dmn", "決策表「陳情分案」第 25 列與第 26 列")]


def test_ranges_are_short():
    assert dmnwords.ranges([1, 2, 3, 5, 7, 8], "、") == "1–3、5、7–8"
