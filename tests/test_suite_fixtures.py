"""The suite's own time-savers keep tests independent: the PostgreSQL reset
leaves an empty database numbering from 1, a cached validation report is never
shared mutably nor kept when refused, and shared URL builders build the same
URLs as Werkzeug's own."""
from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from werkzeug.routing import Map, Rule

from engine.models.definitions import content_hash

sys.path.insert(0, str(Path(__file__).parent / "webapp"))
from db_reset import empty_postgres  # noqa: E402  (tests/engine, see conftest.py)
from model_reports import _REPORTS, report_for  # noqa: E402
from route_builders import shared_route_builders  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BPMN = Path(__file__).resolve().parents[1] / "bpmn"


@pytest.mark.skipif(not PG_URL, reason="the reset is PostgreSQL's (SQLite copies a file)")
def test_the_postgres_reset_empties_every_table_and_restarts_ids(db, agencies, engine, model_files):
    from engine.data.schema import agency, metadata, process_definition
    engine.deploy(model_files("casework.bpmn"))
    with db.begin() as conn:
        conn.execute(text("SELECT nextval('case_id_seq')"))   # moved, its table still empty
    empty_postgres(PG_URL)
    with db.connect() as conn:
        assert all(conn.execute(select(func.count()).select_from(t)).scalar() == 0
                   for t in metadata.sorted_tables)
    with db.begin() as conn:
        conn.execute(insert(agency).values(code="X", name_zh="x", name_en="x", email="x@x"))
        assert conn.execute(text("SELECT nextval('case_id_seq')")).scalar() == 1
    engine.deploy(model_files("casework.bpmn"))
    with db.connect() as conn:
        assert conn.execute(select(process_definition.c.id)).scalar() == 1


def test_a_kept_report_is_handed_out_as_a_copy_and_a_refusal_is_not_kept():
    files = {n: (BPMN / n).read_bytes() for n in ("petition.bpmn", "petition_routing.dmn")}
    lanes = {"PWB", "DOA", "EPB", "officer", "intake", "supervisor"}
    first = report_for(files, lanes)
    assert first.verdict == "deployable"
    first.processes.clear()
    assert report_for(files, lanes).processes          # the kept one is untouched
    broken = {"broken.bpmn": b"<not-bpmn/>"}
    assert report_for(broken, lanes).verdict != "deployable"
    assert not any(key[0] == content_hash(broken) for key in _REPORTS)


def test_shared_url_builders_build_what_werkzeug_builds():
    rules = [Rule("/cases/<int:case_id>/tasks/<name>", endpoint="task"),
             Rule("/lang/<code>", endpoint="lang", defaults={"code": "en"}),
             Rule("/files/<path:name>", endpoint="file")]
    values = {"task": {"case_id": 7, "name": "辦理 reply", "q": "a b"},
              "lang": {}, "file": {"name": "a/b c.pdf"}}

    def urls():
        adapter = Map([r.empty() for r in rules]).bind("example.tw")
        return [adapter.build(e, v) for e, v in values.items()]

    plain = urls()
    with shared_route_builders():
        assert urls() == plain and urls() == plain   # compiled once, then reused
    assert urls() == plain


def test_browser_waits_poll_functions_not_expressions():
    """Playwright evals an expression string again on every poll, inside the
    page, where the CSP (no 'unsafe-eval') refuses it once the first check has
    failed; a function is evaluated once (CI failed on it under load)."""
    offenders = []
    for path in (Path(__file__).parent / "browser").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "wait_for_function"
                    and node.args and _literal_expression(node.args[0])):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def _literal_expression(arg) -> bool:
    if isinstance(arg, ast.Constant):
        text_ = arg.value
    elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
        text_ = arg.values[0].value
    else:
        return False            # a name: checked where it is defined, by review
    return "=>" not in text_.split("\n")[0] and not text_.lstrip().startswith("function")
