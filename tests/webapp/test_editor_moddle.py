"""The editor's moddle descriptor (webapp/static/js/civicflow-moddle.js)
declares every attribute of <civicflow:task> and <civicflow:field> the engine reads
(engine/models/meta.py `_task_meta`, `_field`), so the browser editor's panel knows it
as a typed property, not as an unknown attribute it merely carries along."""
import html
import json
import re
from pathlib import Path

import pytest

from engine.models.attribute_words import FIELD_ZH

ROOT = Path(__file__).resolve().parents[2]


def test_every_task_attribute_the_engine_reads_is_declared():
    meta = (ROOT / "engine" / "models" / "meta.py").read_text(encoding="utf-8")
    body = meta[meta.index("def _task_meta"):meta.index("def _num")]
    read = set(re.findall(r'props\.get\("(\w+)"\)', body))
    script = (ROOT / "webapp" / "static" / "js" / "civicflow-moddle.js").read_text(encoding="utf-8")
    task = re.search(r"name: 'Task'.*?attrs\(\s*\[(.*?)\]\)", script, re.S).group(1)
    declared = set(re.findall(r"'(\w+)'", task))
    assert "keep_with" in read
    assert read <= declared, read - declared


def test_every_field_attribute_the_engine_reads_is_declared():
    meta = (ROOT / "engine" / "models" / "meta.py").read_text(encoding="utf-8")
    body = meta[meta.index("def _field(el)"):meta.index("def problems")]
    read = set(re.findall(r'el\.get\("(\w+)"\)', body))
    script = (ROOT / "webapp" / "static" / "js" / "civicflow-moddle.js").read_text(encoding="utf-8")
    field = re.search(r"name: 'Field'.*?attrs\(\s*\[(.*?)\]", script, re.S).group(1)
    assert "starts_from" in read
    assert read <= set(re.findall(r"'(\w+)'", field)), read - set(re.findall(r"'(\w+)'", field))


@pytest.mark.parametrize("attr", ["starts_from", "example"])
def test_the_panel_edits_a_field_attribute_by_its_words(client_for, attr):
    """The field editor offers where a field starts from and its test-run
    sample, each with its label (起始值取自, 試跑範例值: the words their
    validation problems use)."""
    form = (ROOT / "webapp" / "static" / "js" / "civicflow-form.js").read_text(encoding="utf-8")
    assert f"'{attr}'" in re.search(r"var FIELD_ATTRS = \[(.*?)\]", form).group(1)
    page = client_for("analyst").get("/models/petition/edit").get_data(as_text=True)
    texts = re.search(r'<script type="application/json" id="editor-text">(.*?)</script>', page, re.S)
    label = json.loads(html.unescape(texts.group(1)))["field_attrs"][attr]
    assert label.startswith(f"{FIELD_ZH[attr]}（"), label
