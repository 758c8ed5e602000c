"""The processes a board viewer has work in (engine/board/processes.py): the
step table opens on the one where the agency's open tasks are."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from engine.board import processes
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_conftest", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)

KEYS = ["petition", "council_resolution", "venue_booking"]


@pytest.fixture
def lib(engine, db, clock):
    models.load_reference(db, with_demo_users=False)
    deploy_checked(engine, models.library_files())   # model_reports.py
    return models.Driver(engine, db, clock)


def resolution_for(lib, agency: str) -> int:
    """A council resolution recorded and assigned: its progress report open at `agency`."""
    lib.clock.set(models.at(2026, 3, 2))
    cid = lib.start("council_resolution", {"title": "第470次市政會議決議"})
    lib.complete(cid, "record_resolution", meeting_number=470, meeting_date="2026-02-24",
                 resolution_text="加強夜市周邊環境清潔", responsible_agency=agency,
                 report_interval_days=30)
    assert lib.task(cid, "progress_report").candidate_agency == agency
    return cid


def test_the_process_with_the_most_open_tasks_of_the_agencies_comes_first(lib, db):
    resolution_for(lib, "PWB"), resolution_for(lib, "PWB"), resolution_for(lib, "EPB")
    with db.connect() as conn:
        assert processes.busiest_first(conn, {"PWB"}, KEYS)[0] == "council_resolution"
        assert processes.busiest_first(conn, {"EPB", "PWB"}, KEYS)[0] == "council_resolution"
        # No open task of theirs anywhere: the order given.
        assert processes.busiest_first(conn, {"FIN"}, KEYS) == KEYS


def test_a_closed_task_does_not_count(lib, db):
    cid = resolution_for(lib, "PWB")
    lib.complete(cid, "progress_report", progress_text="辦理中", percent_complete=50,
                 propose_release=False)
    with db.connect() as conn:
        assert processes.busiest_first(conn, {"PWB"}, KEYS) == KEYS
