"""DMN rows and outputs in words on the version pages: the comparison names a
new rule by its position and values, never its generated id; the test-run
says a decision's outputs by their column labels and agencies by name."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import insert

from engine.data.schema import model_draft
from test_testrun_names import EN, ZH, _english, _run, _section, _text
from webtest_support import petition_files

NEW_RULE = ('<rule id="DecisionRule_1jj108l"><inputEntry id="DI_1"><text>"road_damage"</text></inputEntry>'
            '<inputEntry id="DI_2"><text>"D-QIJIN"</text></inputEntry><outputEntry id="DO_1"><text>"PWB"'
            '</text></outputEntry><outputEntry id="DO_2"><text>[]</text></outputEntry><outputEntry id="DO_3">'
            '<text>3</text></outputEntry><outputEntry id="DO_4"><text>"KCG"</text></outputEntry></rule>\n')


def _draft_with_new_rule(rt) -> None:
    files = {k: v.decode() for k, v in petition_files().items()}
    dmn = files["petition_routing.dmn"]
    at = dmn.index("</rule>", dmn.index('<rule id="rule_1">')) + len("</rule>\n")
    files["petition_routing.dmn"] = dmn[:at] + NEW_RULE + dmn[at:]
    now = datetime(2026, 3, 2, tzinfo=timezone.utc)
    with rt.db.begin() as conn:
        conn.execute(insert(model_draft).values(
            key="petition", name="旗津坑洞", files=json.dumps(files), base_version=1,
            created_by="analyst", created_at=now, updated_by="analyst", updated_at=now))


def test_the_diff_names_a_new_rule_by_its_position_and_values(app, rt, client_for):
    _draft_with_new_rule(rt)
    html = client_for("analyst").get("/models/petition/diff", headers=ZH).get_data(as_text=True)
    change = _text(_section(html, 'data-element="petition_routing">', "</li>\n"))
    assert "第 2 列：類別 = 道路坑洞破損、行政區 = 旗津區 → " in change, change
    assert "處理期限 = 3" in change
    changes = _section(html, '<ul class="changes">', "</section>")   # the XML text diff below keeps its ids
    assert "DecisionRule_1jj108l" not in changes and "road_damage" not in change


def test_the_diff_names_a_new_rows_agencies(app, rt, client_for):
    """主辦機關 = 工務局, not PWB; in English the agency's English name."""
    _draft_with_new_rule(rt)
    client = client_for("analyst")
    html = client.get("/models/petition/diff", headers=ZH).get_data(as_text=True)
    change = _text(_section(html, 'data-element="petition_routing">', "</li>\n"))
    assert "主辦機關 = 工務局" in change and "共同上級 = 高雄市政府" in change, change
    assert "PWB" not in change and "KCG" not in change
    html = _english(client).get("/models/petition/diff", headers=EN).get_data(as_text=True)
    change = _text(_section(html, 'data-element="petition_routing">', "</li>\n"))
    assert "Responsible agency = Public Works Bureau" in change, change
    assert "Common superior = Kaohsiung City Government" in change


def test_the_decision_outputs_are_said_in_words(app, client_for):
    html = _run(client_for("analyst"), ZH)
    outputs = _text(_section(html, '<tbody id="decisions">', "</tbody>"))
    assert "主辦機關" in outputs and "處理期限 6" in outputs, outputs
    assert "responsible_agency" not in outputs and "{" not in outputs and "PWB" not in outputs
