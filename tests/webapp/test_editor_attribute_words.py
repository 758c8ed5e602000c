"""The editor's panel shows each civicflow task attribute a problem can
name, labelled with the very words the zh-TW problem uses, so a saved
draft's problem points to a field the analyst finds beside the diagram."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from webtest_support import petition_files

from engine.models.attribute_words import TASK_ZH

ROOT = Path(__file__).resolve().parents[2]
REGISTER = '<civicflow:task agency="\'DOA\'" role="intake" due="working_days(1)"/>'


def editor_texts(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="editor-text">(.*?)</script>', page, re.S)
    return json.loads(html.unescape(found.group(1)))


def test_the_panel_labels_each_attribute_with_the_problems_words(client_for):
    texts = editor_texts(client_for("analyst").get("/models/petition/edit").get_data(as_text=True))
    for attr, words in TASK_ZH.items():
        assert texts["handling"][attr].startswith(words + "（"), (attr, texts["handling"][attr])
    panel = (ROOT / "webapp/static/js/civicflow-panel.js").read_text(encoding="utf-8")
    section = panel[panel.index("Panel.prototype.handlingSection"):panel.index("Panel.prototype.timerSection")]
    assert all(f"['{attr}'," in section for attr in TASK_ZH), section


def test_a_saved_drafts_problem_names_the_panels_field(client_for):
    files = {n: d.decode() for n, d in petition_files().items()}
    files["petition.bpmn"] = files["petition.bpmn"].replace(REGISTER, REGISTER.replace("/>", ' keep_with="registr"/>'), 1)
    resp = client_for("analyst").put("/models/petition/draft", json={"files": files})
    [problem] = resp.json["problems"]
    assert problem["message_zh"] == "「交還給完成此任務者」所指的「registr」不是本流程的任務"
