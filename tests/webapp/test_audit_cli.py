"""`civicflow audit verify`: exit 0 on an intact trail, 1 naming the first broken row."""
from sqlalchemy import insert, select

from engine.data.schema import audit
from webapp.cli import cli


def test_verify_reports_intact_then_the_forged_row(app, registered_case, db):
    runner = app.test_cli_runner()
    ok = runner.invoke(cli, args=["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "audit trail intact" in ok.output
    with db.begin() as conn:
        row = conn.execute(select(audit).order_by(audit.c.id.desc()).limit(1)).mappings().one()
        forged = conn.execute(insert(audit).values(
            case_id=row["case_id"], at=row["at"], actor="intruder", action=row["action"],
            detail="{}", chain=row["chain"]).returning(audit.c.id)).scalar()
    bad = runner.invoke(cli, args=["audit", "verify"])
    assert bad.exit_code == 1
    assert f"BROKEN at row {forged}" in bad.output
