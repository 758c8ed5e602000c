"""Migration 0023: a saved wording keeps what its words meant. 「調解
{mediations_held} 件」 (cases, as first offered) stays; 「召開調解
{mediations_held} 場次」, saved the day the figure counted sessions, is
given {mediation_sessions}; downgrading gives the old name back."""
from datetime import date, datetime, timezone

from sqlalchemy import insert, select

from engine.data import db as dbmod
from engine.data.schema import report_prose

CASES = "申請調解 {mediation_applied} 件，調解 {mediations_held} 件。"
SESSIONS = "召開調解 {mediations_held} 場次，另 { mediations_held }場。"
NOW = datetime(2026, 12, 2, tzinfo=timezone.utc)


def _texts(url) -> dict:
    eng = dbmod.make_engine(url)
    try:
        with eng.connect() as conn:
            return dict(conn.execute(select(report_prose.c.section, report_prose.c.text)).all())
    finally:
        eng.dispose()


def test_saved_wordings_keep_their_meaning_across_0023(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    dbmod.migrate(url, "0022")
    eng = dbmod.make_engine(url)
    with eng.begin() as conn:
        conn.execute(insert(report_prose), [
            dict(period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), section=key,
                 text=text, updated_by="cpo.supervisor", updated_at=NOW)
            for key, text in (("consumer", CASES), ("closing", SESSIONS))])
    eng.dispose()
    dbmod.migrate(url)
    assert _texts(url) == {"consumer": CASES,
                           "closing": "召開調解 {mediation_sessions} 場次，另 {mediation_sessions}場。"}
    dbmod.alembic(url, "downgrade", "0022")
    assert _texts(url) == {"consumer": CASES,
                           "closing": "召開調解 {mediations_held} 場次，另 {mediations_held}場。"}
