"""The rules between the engine's parts (pyproject.toml, [tool.importlinter])
hold: checked by import-linter over the whole tree."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert " kept, 0 broken." in out.stdout


def test_engine_modules_live_in_packages():
    flat = sorted(p.name for p in (ROOT / "engine").glob("*.py") if p.name != "__init__.py")
    assert flat == []
