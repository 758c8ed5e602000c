"""Statements compiled once per dialect and sent on the DBAPI cursor
(engine/data/prepared.py) behave as `conn.execute` of the same Core statement:
same rows and types, listeners see them, driver errors arrive wrapped."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import bindparam, event, exc, insert, select, update

from engine.data.prepared import Prepared, prepare_all
from engine.data.schema import agency, case, process_definition

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
CASE_BY_ID = select(case).where(case.c.id == bindparam("cid"))


@pytest.fixture
def case_id(db, agencies):
    with db.begin() as conn:
        defn = conn.execute(insert(process_definition).values(
            key="p", version=1, name="p", content_hash="h", sources="{}", meta="{}",
            deployed_at=NOW, deployed_by="t").returning(process_definition.c.id)).scalar_one()
        return conn.execute(insert(case).values(
            number="115-000001", definition_id=defn, process_key="p", status="open",
            received_at=NOW, created_at=NOW, updated_at=NOW, version=0, confidential=True,
            responsible_agency="EPB").returning(case.c.id)).scalar_one()


def test_rows_and_their_types_are_those_of_conn_execute(db, case_id):
    with db.begin() as conn:
        ordinary = tuple(conn.execute(CASE_BY_ID, {"cid": case_id}).one())
        prepared = Prepared(CASE_BY_ID).run(conn, {"cid": case_id}).one()
    assert prepared == ordinary
    assert [type(v) for v in prepared] == [type(v) for v in ordinary]
    assert isinstance(prepared[case.c.keys().index("received_at")], datetime)


def test_a_row_class_gives_attribute_access_on_both_paths(db, case_id):
    from engine.cases.runtime import CaseRow
    stmt = Prepared(CASE_BY_ID, row=CaseRow)
    with db.begin() as conn:
        in_transaction = stmt.run(conn, {"cid": case_id}).one()
    with db.connect() as conn:   # no transaction yet: the ordinary path (autobegin)
        autobegun = stmt.run(conn, {"cid": case_id}).one()
    assert in_transaction == autobegun
    assert (in_transaction.number, in_transaction.confidential) == ("115-000001", True)


def test_writes_count_rows_and_bind_values_as_sqlalchemy_does(db, case_id):
    later = datetime(2026, 3, 3, 2, 30, tzinfo=timezone.utc)
    bump = Prepared(update(case).where(case.c.id == bindparam("cid"),
                                       case.c.version == bindparam("old"))
                    .values(version=bindparam("new"), updated_at=bindparam("at")))
    with db.begin() as conn:
        assert bump.run(conn, {"cid": case_id, "old": 0, "new": 1, "at": later}).rowcount == 1
        assert bump.run(conn, {"cid": case_id, "old": 0, "new": 2, "at": later}).rowcount == 0
    with db.connect() as conn:
        row = conn.execute(select(case.c.version, case.c.updated_at)
                           .where(case.c.id == case_id)).one()
    assert row.version == 1
    assert row.updated_at == (later if row.updated_at.tzinfo else later.replace(tzinfo=None))


def test_keyed_inserts_compile_per_column_set_and_executemany(db):
    add = Prepared(insert(agency), keyed=True)
    with db.begin() as conn:
        add.run(conn, {"code": "K1", "name_zh": "一", "name_en": "one"})
        res = add.many(conn, [{"code": "K2", "name_zh": "二", "name_en": "two", "parent_code": "K1"},
                              {"code": "K3", "name_zh": "三", "name_en": "three", "parent_code": "K1"}])
        assert res.rowcount == 2
    with db.connect() as conn:
        rows = conn.execute(select(agency.c.code, agency.c.parent_code)
                            .where(agency.c.code.in_(["K1", "K2", "K3"])).order_by(agency.c.code))
        assert [tuple(r) for r in rows] == [("K1", None), ("K2", "K1"), ("K3", "K1")]


def test_listeners_see_each_statement_with_its_parameters(db, case_id):
    seen = []

    def listen(_conn, _cursor, statement, parameters, _context, many):
        seen.append((statement, parameters, many))
    event.listen(db, "before_cursor_execute", listen)
    try:
        with db.begin() as conn:
            Prepared(CASE_BY_ID).run(conn, {"cid": case_id})
    finally:
        event.remove(db, "before_cursor_execute", listen)
    statements = [s for s, _p, _m in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(statements) == 1 and "FROM" in statements[0].upper()
    params = [p for s, p, _m in seen if s in statements][0]
    assert case_id in (params.values() if isinstance(params, dict) else params)


def test_a_driver_error_arrives_wrapped_and_rolls_back_as_usual(db):
    add = Prepared(insert(agency), keyed=True)
    with pytest.raises(exc.IntegrityError):
        with db.begin() as conn:
            add.run(conn, {"code": "DUP", "name_zh": "重", "name_en": "dup"})
            add.run(conn, {"code": "DUP", "name_zh": "重", "name_en": "dup"})
    with db.connect() as conn:
        assert conn.execute(select(agency.c.code).where(agency.c.code == "DUP")).first() is None


def test_a_wrapper_that_is_not_a_connection_gets_the_core_statement(db, case_id):
    sent = []

    class Gathering:
        dialect = db.dialect

        def execute(self, statement, parameters=None):
            sent.append((statement, parameters))

    stmt = update(case).where(case.c.id == bindparam("cid")).values(title=bindparam("t"))
    Prepared(stmt).run(Gathering(), {"cid": case_id, "t": "x"})
    assert sent == [(stmt, {"cid": case_id, "t": "x"})]


def test_expanding_parameters_are_refused_not_mis_sent(db):
    stmt = Prepared(select(agency.c.code).where(agency.c.code.in_(bindparam("codes",
                                                                            expanding=True))))
    with db.begin() as conn, pytest.raises(ValueError):
        stmt.run(conn, {"codes": ["EPB"]})


def test_prepare_all_compiles_the_engine_statements_ahead(db):
    import engine.cases.runtime  # noqa: F401  (its statements exist once imported)
    assert prepare_all(db.dialect) >= 5


def test_the_engine_warm_up_compiles_them_and_builds_the_years_holidays(engine):
    from engine.time import calendar
    compiled = engine.warm_up()
    year = engine.clock.now().year
    assert {year, year + 1} <= set(calendar._years)
    assert compiled >= 5


def test_many_rows_of_an_insert_go_as_one_statement_on_postgresql(db, case_id):
    """PostgreSQL: a keyed INSERT's rows in one statement of its columns'
    arrays, the same text whatever their number (psycopg parses it once, the
    server prepares it), one row as one execute; SQLite: one executemany. The
    rows stored are the same: NULLs, numbers and instants included."""
    from engine.data.schema import task
    seen = []
    event.listen(db, "before_cursor_execute",
                 lambda _c, _cur, stmt, params, _ctx, many: seen.append((stmt, many)))
    add = Prepared(insert(task), keyed=True)

    def row(i, due=NOW):
        return {"id": f"t{i}", "case_id": case_id, "process_key": "p", "element_id": "e",
                "assignee": None if i % 2 else f"u{i}", "state": "ready", "priority": i,
                "created_at": NOW, "due_at": due}
    with db.begin() as conn:
        assert add.many(conn, [row(0), row(1, None), row(2)]).rowcount == 3
        assert add.many(conn, [row(3), row(4)]).rowcount == 2
        assert add.many(conn, [row(5)]).rowcount == 1
    inserts = [(stmt, many) for stmt, many in seen if stmt.startswith("INSERT")]
    if db.dialect.name == "postgresql":
        assert [many for _s, many in inserts] == [False, False, False]
        assert inserts[0][0] == inserts[1][0] and "unnest" in inserts[0][0]
    else:
        assert [many for _s, many in inserts] == [True, True, True]
    with db.connect() as conn:
        stored = conn.execute(select(task.c.id, task.c.assignee, task.c.priority, task.c.due_at)
                              .where(task.c.case_id == case_id).order_by(task.c.id)).all()
    assert [tuple(r[:3]) for r in stored] == [(f"t{i}", None if i % 2 else f"u{i}", i) for i in range(6)]
    assert [r.due_at is None for r in stored] == [False, True, False, False, False, False]
    assert all(r.due_at.replace(tzinfo=r.due_at.tzinfo or timezone.utc) == NOW
               for r in stored if r.due_at is not None)


def test_an_upsert_keeps_its_conflict_clause_in_the_multi_row_form(db, case_id):
    from engine.cases import store
    from engine.data.schema import case_wf_task
    upsert = store._UPSERT[db.dialect.name]["task"]

    def rows(body):
        return [{"case_id": case_id, "task_id": f"t{i}", "owner": "top", "body": body}
                for i in range(3)]
    with db.begin() as conn:
        upsert.many(conn, rows("old"))
        upsert.many(conn, rows("new")[1:] + [{**rows("new")[0], "task_id": "t3"}])
    with db.connect() as conn:
        stored = conn.execute(select(case_wf_task.c.task_id, case_wf_task.c.body)
                              .where(case_wf_task.c.case_id == case_id)
                              .order_by(case_wf_task.c.task_id)).all()
    assert [tuple(r) for r in stored] == [("t0", "old"), ("t1", "new"), ("t2", "new"), ("t3", "new")]


def test_for_each_value_one_statement_on_postgresql(db, case_id):
    """ForEach: the same rows deleted, as one executemany on SQLite or one
    `= ANY(array)` statement on PostgreSQL; an empty list deletes nothing."""
    from sqlalchemy import delete
    from engine.data.prepared import ForEach
    from engine.data.schema import case_wf_task
    drop = ForEach(lambda each: delete(case_wf_task).where(
        case_wf_task.c.case_id == bindparam("cid"), each), case_wf_task.c.task_id, "tid")
    seen = []
    event.listen(db, "before_cursor_execute",
                 lambda _c, _cur, stmt, _p, _ctx, many: stmt.startswith("DELETE") and seen.append(many))
    with db.begin() as conn:
        conn.execute(insert(case_wf_task), [{"case_id": case_id, "task_id": f"t{i}", "owner": "top",
                                             "body": "{}"} for i in range(4)])
        assert drop.run(conn, {"cid": case_id}, ["t0", "t2", "gone"]).rowcount == 2
    with db.connect() as conn:
        left = conn.execute(select(case_wf_task.c.task_id).where(case_wf_task.c.case_id == case_id)
                            .order_by(case_wf_task.c.task_id)).scalars().all()
    assert left == ["t1", "t3"]
    assert seen == ([False] if db.dialect.name == "postgresql" else [True])
