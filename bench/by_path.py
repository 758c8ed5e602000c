"""Loading a bench script as a module by its file name: bench/http.py is named
like the standard library's `http`, so it is never imported by name."""
from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(filename: str, name: str | None = None):
    spec = importlib.util.spec_from_file_location(name or Path(filename).stem + "_bench",
                                                  HERE / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
