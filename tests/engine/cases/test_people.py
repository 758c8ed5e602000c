"""People's display names (engine/cases/people.py): the one read behind the
inbox's holders, the decisions' askers, a bulk summary's people, the audit
trail's actors and the workload's former members."""
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import event, insert

from engine.cases.people import display_names
from engine.data.schema import app_user

ROOT = Path(__file__).resolve().parents[3]
AT = datetime(2026, 3, 2, tzinfo=timezone.utc)


def _add(conn, username, name):
    conn.execute(insert(app_user).values(username=username, display_name=name, agency_code="DOA",
                                         roles="officer", password_hash="-",
                                         created_at=AT))


def test_many_names_in_one_query_and_the_code_where_there_is_none(db, agencies):
    with db.begin() as conn:
        _add(conn, "pwb.officer", "工務局承辦人")
        _add(conn, "pwb.blank", "")
    seen = []
    event.listen(db, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with db.connect() as conn:
        names = display_names(conn, ["pwb.officer", "pwb.blank", "gone", None, ""])
        assert display_names(conn, {None, ""}) == {}   # nobody named: nothing read
    assert names == {"pwb.officer": "工務局承辦人", "pwb.blank": "pwb.blank", "gone": "gone"}
    assert len([s for s in seen if s.lstrip().startswith("SELECT")]) == 1


def test_no_other_module_reads_names_by_a_list_of_accounts():
    """The copies (inbox and bulk summary, decisions, workload, audit trail, the tasks CLI) are gone."""
    readers = [str(p.relative_to(ROOT)) for top in ("engine", "webapp") for p in (ROOT / top).rglob("*.py")
               if "app_user.c.username.in_(" in p.read_text(encoding="utf-8")]
    assert readers == ["engine/cases/people.py"]
