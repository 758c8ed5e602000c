"""Copy the browser bundles of the npm packages into webapp/static/vendor."""
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "webapp" / "static" / "vendor"
FILES = {
    "bpmn-js/dist/bpmn-navigated-viewer.production.min.js": "bpmn-viewer.js",
    "bpmn-js/dist/bpmn-modeler.production.min.js": "bpmn-modeler.js",
    "bpmn-js/dist/assets/bpmn-js.css": "bpmn-js.css",
    "bpmn-js/dist/assets/diagram-js.css": "diagram-js.css",
    "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css": "bpmn-embedded.css",
    "dmn-js/dist/dmn-modeler.production.min.js": "dmn-modeler.js",
    "dmn-js/dist/assets/dmn-js-shared.css": "dmn-js-shared.css",
    "dmn-js/dist/assets/dmn-js-decision-table.css": "dmn-js-decision-table.css",
    # the model editor also edits decision tables and literal expressions
    "dmn-js/dist/assets/dmn-js-decision-table-controls.css": "dmn-js-decision-table-controls.css",
    "dmn-js/dist/assets/dmn-js-literal-expression.css": "dmn-js-literal-expression.css",
    "dmn-js/dist/assets/dmn-js-drd.css": "dmn-js-drd.css",
    "dmn-js/dist/assets/dmn-font/css/dmn-embedded.css": "dmn-embedded.css",
    "chart.js/dist/chart.umd.js": "chart.umd.js",
}


def main():
    DEST.mkdir(parents=True, exist_ok=True)
    for src, name in FILES.items():
        path = ROOT / "node_modules" / src
        if not path.exists():
            raise SystemExit(f"missing {path}: did npm install run?")
        shutil.copyfile(path, DEST / name)
        print(f"vendor: {name}")


if __name__ == "__main__":
    main()
