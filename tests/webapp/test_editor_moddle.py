"""The editor's moddle descriptor (webapp/static/js/civicflow-moddle.js)
declares every attribute of <civicflow:task> the engine reads
(engine/models/meta.py `_task_meta`), so the browser editor's panel knows it
as a typed property, not as an unknown attribute it merely carries along."""
import re
from pathlib import Path

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
