"""The petitioner's contact keys (engine/cases/petitioner_keys.py): written
with the petitioner row, filled by migration 0022 for the rows before it,
and the same-petitioner match reads them by their indexes on both dialects
instead of every case of the 90 days."""
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, select, text

from engine.cases import notices, petitioner_keys, queries
from engine.data.db import make_engine, migrate
from engine.data.schema import case, petitioner
from plan_support import plan, statements  # tests/engine, on the path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing_support import T0, add_cases  # noqa: E402

ADMIN = queries.Viewer("admin", "DOA", frozenset({"admin"}))
INTAKE = queries.Viewer("clerk", "DOA", frozenset({"intake"}))


@pytest.mark.parametrize("phone, key", [("+886 911-222-333", "0911222333"), ("(07) 331.2345", "073312345"),
                                        ("無", None), ("12345", None), (None, None)])
def test_a_phone_is_keyed_by_its_digits(phone, key):
    assert petitioner_keys.keys(phone, None)["phone_key"] == key


def test_an_email_is_keyed_trimmed_in_lower_case():
    assert petitioner_keys.keys(None, " Ming@Example.TW ")["email_key"] == "ming@example.tw"
    assert petitioner_keys.keys(None, "不提供")["email_key"] is None


def test_a_petitioner_row_keeps_its_keys_and_received_instant():
    row = petitioner_keys.row(7, T0, {"name": "王小明", "phone": "0911-222-333",
                                      "email": "Ming@Example.TW"})
    assert row == {"case_id": 7, "received_at": T0, "name": "王小明", "phone": "0911-222-333",
                   "email": "Ming@Example.TW", "phone_key": "0911222333",
                   "email_key": "ming@example.tw"}


@pytest.mark.parametrize("before", [{"name": "王", "phone": None, "email": "old@x.tw"}, None],
                         ids=["changed", "first"])
def test_an_e_mail_given_later_is_matched_by_its_key(db, before):
    with db.begin() as conn:
        (cid,) = add_cases(conn, 1)
        if before:
            conn.execute(insert(petitioner).values(petitioner_keys.row(cid, T0, before)))
        cmd = SimpleNamespace(conn=conn, case_id=cid, received_at=T0, record=lambda *a, **k: None)
        assert notices.record_contact(cmd, email=" New@X.tw")
        found = conn.execute(select(petitioner.c.email_key, petitioner.c.received_at)).one()
        received = conn.execute(select(case.c.received_at)).scalar()
    assert found == ("new@x.tw", received)


def test_migration_0022_fills_the_keys_of_the_petitioners_before_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url, "0021")
    eng = make_engine(url)
    with eng.begin() as conn:
        ids = add_cases(conn, 3)
        conn.execute(insert(petitioner), [
            dict(case_id=ids[0], name="甲", phone="+886 7-331-2345", email=" A@B.tw"),
            dict(case_id=ids[1], name="乙", phone="請寄信", email=None),
            dict(case_id=ids[2], name="丙", phone=None, email=None)])
    eng.dispose()
    migrate(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(select(petitioner.c.name, petitioner.c.phone_key, petitioner.c.email_key)
                            .order_by(petitioner.c.case_id)).all()
        unlike = conn.execute(select(petitioner.c.case_id).join(case, case.c.id == petitioner.c.case_id)
                              .where(petitioner.c.received_at != case.c.received_at)).all()
    eng.dispose()
    assert [tuple(r) for r in rows] == [("甲", "073312345", "a@b.tw"), ("乙", None, None),
                                        ("丙", None, None)]
    assert unlike == []   # each its case's received instant


def _add_petitions(conn) -> object:
    """A case whose petitioner has a phone and an e-mail, and one earlier case."""
    first, earlier = add_cases(conn, 2)
    for cid, days, email in ((first, 0, "w@x.tw"), (earlier, -5, None)):
        conn.execute(insert(petitioner).values(petitioner_keys.row(
            cid, T0 + timedelta(days=days), {"name": "王", "phone": "0911-222-333", "email": email})))
    return conn.execute(select(case).where(case.c.id == first)).one()


@pytest.mark.parametrize("viewer", [ADMIN, INTAKE], ids=["admin", "intake"])
def test_the_same_petitioner_is_found_by_the_contact_indexes(db, viewer):
    with db.begin() as conn:
        row = _add_petitions(conn)
        _add_city(conn)
    match = [s for s in statements(db, lambda c: queries.same_petitioner(c, viewer, row))
             if "petitioner.phone_key = " in s[0]]
    assert len(match) == 1, match
    shown = _plan(db, *match[0])
    assert "ix_petitioner_phone" in shown and "ix_petitioner_email" in shown, shown
    assert "ix_case_received" not in shown, shown   # not the window's every case
    if db.dialect.name == "sqlite":   # the key and the window, both from the index
        assert "ix_petitioner_phone (phone_key=? AND received_at>?)" in shown, shown
        assert "SCAN petitioner" not in shown, shown
    else:
        assert "Seq Scan on petitioner" not in shown, shown


def _add_city(conn, count: int = 3000) -> None:
    """Other petitioners of the period, each with a phone and an e-mail of
    their own: the proportions a plan is for. Planned on a handful of rows,
    PostgreSQL's choice followed whatever statistics earlier tests left."""
    ids = add_cases(conn, count)
    conn.execute(insert(petitioner), [petitioner_keys.row(
        cid, T0 - timedelta(days=i % 80), {"name": "某", "phone": f"09{cid:08d}",
                                           "email": f"p{cid}@x.tw"}) for i, cid in enumerate(ids)])


def _plan(db, statement, params) -> str:
    """plan_support.plan, but PostgreSQL may sort: the match's few rows are
    sorted by received_at after their seek (plan_support forbids sorting,
    which would walk ix_case_received instead)."""
    if db.dialect.name == "sqlite":
        return plan(db, statement, params)
    with db.begin() as conn:
        conn.exec_driver_sql('ANALYZE "case", petitioner, task')   # this test's rows, not an earlier one's
    with db.begin() as conn:
        for setting in ("enable_seqscan", "enable_bitmapscan"):   # tiny tables read whole else
            conn.execute(text(f"SET LOCAL {setting} = off"))
        return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params))
