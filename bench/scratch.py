"""A bench run's scratch folder, removed when the run ends, however it ends
(the 1,000,000-task inbox of bench/http.py leaves about 1 GB behind)."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str = "cf-bench-") -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    return path
