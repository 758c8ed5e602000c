"""Every civicflow extension element of every shipped model survives the
browser editor: each bpmn/*.bpmn opened at /models/<key>/edit as the analyst
and exported by the editor's own bpmn-js modeler (saveXML, what the editor
sends when the file was changed) holds the same <civicflow:*> elements, under
the same parents, with the same attributes and values, as the file itself.
An element webapp/static/js/civicflow-moddle.js does not declare is what
bpmn-js drops on export, with everything in it (a <civicflow:start> lost:
nobody could start the process from the web any more; a <civicflow:service>:
the service task calls nothing)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from engine.authoring import drafts
from engine.cases.actors import Actor
from engine.cases.runtime import Engine

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "bpmn").glob("*.bpmn"))
ANALYST = Actor("analyst", "DOA", frozenset({"analyst"}))
CF_NS = "urn:civicflow:bpmn:1"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
PREFIX = {CF_NS: "civicflow", BPMN_NS: "bpmn"}

# The editor (webapp/static/js/modeler.js) keeps its modelers to itself. Before
# the page's scripts run, this wraps the bpmn-js bundle's BpmnJS as the bundle
# defines it, so that each modeler the editor makes is noted with its import,
# the modeler being told by the tab's canvas it draws in (.canvas[data-file]).
KEEP_MODELERS = """(() => {
  let real;
  Object.defineProperty(window, 'BpmnJS', {
    configurable: true, enumerable: true,
    get() { return real; },
    set(BpmnJS) {
      real = BpmnJS;
      const importXML = BpmnJS.prototype.importXML;
      BpmnJS.prototype.importXML = function () {
        const imported = importXML.apply(this, arguments);
        (window.__cfModelers = window.__cfModelers || []).push({ modeler: this, imported: imported });
        return imported;
      };
    }
  });
})();"""

EXPORT = """async file => {
  const box = document.querySelector(`#canvases .canvas[data-file="${file}"]`);
  const kept = (window.__cfModelers || [])
    .filter(k => box && box.contains(k.modeler.get('canvas').getContainer()));
  if (kept.length !== 1) { throw new Error(`${kept.length} modelers for ${file}`); }
  const imported = await kept[0].imported;
  const saved = await kept[0].modeler.saveXML({ format: true });
  return { xml: saved.xml, warnings: (imported.warnings || []).map(w => w.message) };
}"""


def process_key(path: Path) -> str:
    root = ET.parse(path).getroot()
    return next(p.get("id") for p in root.iter(f"{{{BPMN_NS}}}process")
                if p.get("isExecutable", "true") == "true")


def _step(el) -> str:
    ns, _, local = el.tag[1:].partition("}")
    step = f"{PREFIX.get(ns, ns)}:{local}"
    if el.get("id"):
        step += f"#{el.get('id')}"
    elif ns == CF_NS and (el.get("name") or el.get("key")):   # which field a choice is of
        step += f"[{el.get('name') or el.get('key')}]"
    return step


def civicflow_elements(xml: bytes) -> Counter:
    """(local name, path of its parents, sorted attributes, text) of every
    element of the civicflow namespace, counted."""
    out: Counter = Counter()

    def walk(el, path):
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag.startswith(f"{{{CF_NS}}}"):
                out[(child.tag.split("}")[1], "/".join(path),
                     tuple(sorted(child.attrib.items())), (child.text or "").strip())] += 1
            walk(child, (*path, _step(child)))
    root = ET.fromstring(xml)
    walk(root, (_step(root),))
    return out


def test_the_inventory_reads_the_shipped_models():
    """The comparison below sees what the models declare (a start, forms, a service)."""
    found = Counter()
    for path in MODELS:
        found.update(name for name, *_ in civicflow_elements(path.read_bytes()).elements())
    assert {"start", "task", "form", "field", "choice", "service", "arg", "table", "column",
            "value"} <= set(found)


@pytest.fixture
def library(live_server, db, clock):
    """Every shipped file in one deployment, as the demo has them."""
    Engine(db, clock).deploy({p.name: p.read_bytes() for p in sorted((ROOT / "bpmn").iterdir())
                              if p.suffix in (".bpmn", ".dmn")}, ANALYST, comment="程式庫")


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_saving_from_the_editor_keeps_every_civicflow_element(path, library, login, live_server):
    page = login("analyst", width=1500)
    page.add_init_script(KEEP_MODELERS)
    page.goto(f"{live_server}/models/{process_key(path)}/edit")
    page.wait_for_selector(f'#file-tabs button[aria-selected="true"][data-file="{path.name}"]')
    page.wait_for_selector(f'#canvases .canvas[data-file="{path.name}"] .djs-container')
    out = page.evaluate(EXPORT, path.name)
    page.close()

    before, after = civicflow_elements(path.read_bytes()), civicflow_elements(out["xml"].encode("utf-8"))
    assert before, f"{path.name} declares no civicflow element"
    lost, gained = before - after, after - before
    assert not lost and not gained, (
        f"{path.name} exported by the editor:\n"
        + "".join(f"  lost   {described(e)}\n" for e in sorted(lost.elements()))
        + "".join(f"  gained {described(e)}\n" for e in sorted(gained.elements()))
        + "bpmn-js import warnings:\n" + "".join(f"  {w}\n" for w in out["warnings"]))


def described(element) -> str:
    name, path, attrs, text = element
    shown = " ".join(f'{k}="{v}"' for k, v in attrs)
    return f"<civicflow:{name} {shown}>{text} in {path}"


def test_a_saved_edit_keeps_them_in_the_draft(library, login, live_server, db):
    """The same through the editor's own save: a service task moved (a change
    to the diagram only), saved, and the draft the server keeps still declares
    who may start the car request and what its service tasks call."""
    path = ROOT / "bpmn" / "vehicle_dispatch.bpmn"
    page = login("analyst", width=1500)
    page.goto(f"{live_server}/models/vehicle_dispatch/edit")
    page.wait_for_selector("#verdict:not(:empty)")
    page.click('#canvases [data-element-id="reserve_car"]')
    page.wait_for_selector('#cf-panel .cf-id:text-is("reserve_car")')
    page.keyboard.press("Shift+ArrowDown")      # diagram-js moves the selection
    page.wait_for_selector('#file-tabs button.dirty[data-file="vehicle_dispatch.bpmn"]')
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    page.close()
    with db.connect() as conn:
        saved = drafts.get(conn, "vehicle_dispatch")["files"]["vehicle_dispatch.bpmn"]
    assert saved != path.read_text(encoding="utf-8")   # exported by bpmn-js, not the file as deployed
    before, after = civicflow_elements(path.read_bytes()), civicflow_elements(saved.encode("utf-8"))
    assert before == after, "".join(f"lost {described(e)}\n" for e in sorted((before - after).elements()))
