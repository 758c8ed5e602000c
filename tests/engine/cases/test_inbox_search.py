"""The inbox's text search finds a step by what it is about (its `item`): a
records audit's 排定實地考評（鼓山區公所） by 鼓山 or Gushan, though the task row
keeps the office's code. Wildcards in the text are taken literally."""
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from engine.cases.actors import Actor
from engine.cases import queries
from engine.cases.queries import InboxFilter, Viewer
from engine.data.schema import task
from engine.demo.reference import load_reference
from engine.time.clock import TAIPEI
from model_reports import deploy_checked   # tests/engine, on the path
from plan_support import plan, statements

BPMN_DIR = Path(__file__).resolve().parents[3] / "bpmn"
OFFICER = Viewer("doa1", "DOA", frozenset({"officer"}))
OFFICES = ("D-GUSHAN", "D-SANMIN", "D-ZUOYING")   # 鼓山區公所, 三民區公所, 左營區公所


@pytest.fixture
def visits(engine, db, clock):
    """A records audit of three district offices: one 排定實地考評 step per
    office in DOA's queue, each with the office's code as its item."""
    load_reference(db, with_demo_users=False)
    deploy_checked(engine, {p.name: p.read_bytes() for p in sorted(BPMN_DIR.iterdir())
                            if p.suffix in (".bpmn", ".dmn")})
    clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=TAIPEI))
    cid = engine.start_case("records_audit", {"title": "115年度區公所檔案管理考評"},
                            received_at=clock.now())["id"]
    with db.connect() as conn:
        plan_id = conn.execute(select(task.c.id).where(task.c.case_id == cid,
                                                       task.c.state == "ready")).scalar_one()
    engine.complete(plan_id, Actor("doa.officer", "DOA", frozenset({"officer"})),
                    {"audit_year": 115, "audit_offices": list(OFFICES), "panel": "檔案管理專家"})
    return cid


def found(db, clock, text) -> set:
    """The items of the queue's tasks the search `text` finds."""
    with db.connect() as conn:
        return {r.item for r in queries.inbox(conn, OFFICER, InboxFilter(view="queue", text=text),
                                              clock.now())}


def test_the_agency_name_finds_its_office_and_no_other(visits, db, clock):
    assert found(db, clock, None) == set(OFFICES)
    assert found(db, clock, "鼓山") == {"D-GUSHAN"}
    assert found(db, clock, " 三民區 ") == {"D-SANMIN"}


def test_the_english_name_and_the_code_find_it_too(visits, db, clock):
    assert found(db, clock, "Gushan") == {"D-GUSHAN"}
    assert found(db, clock, "Zuoying District") == {"D-ZUOYING"}
    assert found(db, clock, "D-SANMIN") == {"D-SANMIN"}


def test_a_plain_text_item_matches_and_wildcards_are_literal(visits, db, clock):
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.item == "D-ZUOYING").values(item="檔案室 50%_B"))
    assert found(db, clock, "檔案室") == {"檔案室 50%_B"}
    assert found(db, clock, "%") == {"檔案室 50%_B"}     # a wildcard would match all three
    assert found(db, clock, "_") == {"檔案室 50%_B"}
    assert found(db, clock, "0%_") == {"檔案室 50%_B"}
    assert found(db, clock, "鼓_") == set()              # not 鼓山 by a one-character wildcard
    assert found(db, clock, "三%公所") == set()
    assert found(db, clock, "\\") == set()


def _statements(db, f: InboxFilter) -> list:
    return statements(db, lambda c: queries.inbox(c, OFFICER, f, datetime(2026, 7, 1, tzinfo=TAIPEI)))


def _statement(db, f: InboxFilter) -> tuple:
    """The page's statement (a search first asks which tasks it finds only by
    a masked name: hidden_matches)."""
    *_, page = _statements(db, f)
    return page


def test_only_a_search_reads_the_agency_names_once_beside_the_queue_index(db):
    (statement, _), = _statements(db, InboxFilter(view="queue"))
    assert "FROM agency" not in statement          # the unfiltered queue is as it was
    shown = plan(db, *_statement(db, InboxFilter(view="queue", text="鼓山")))
    assert "ix_task_queue" in shown, shown         # the agency's queue, by its deadline index
    # Uncorrelated: one list of codes (SQLite) or one hash (PostgreSQL), not a look-up per task.
    assert ("LIST SUBQUERY" in shown) if db.dialect.name == "sqlite" else ("hashed SubPlan" in shown)
