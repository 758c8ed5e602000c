"""`civicflow migrate PROCESS --to VERSION`: dry run, then the move with progress."""
import sys
from pathlib import Path

from sqlalchemy import select
from webtest_support import make_case

from engine.data.schema import case
from engine.data.schema import process_definition as pd
from webapp.cli import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "models"))
import petition_versions


def test_dry_run_then_migrate_prints_progress(app, rt, db):
    receipt = make_case(app, rt)
    with app.app_context():
        rt.deploy(petition_versions.files(petition_versions.petition_v2()))
    runner = app.test_cli_runner()
    dry = runner.invoke(cli, args=["migrate", "petition", "--to", "2", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"{receipt.number}  v1  waits at" in dry.output and "handle: movable" in dry.output
    assert "dry run: 1 of 1 case(s) can move" in dry.output
    done = runner.invoke(cli, args=["migrate", "petition", "--to", "2", "--case", receipt.number])
    assert done.exit_code == 0, done.output
    assert f"[1/1] {receipt.number} moved" in done.output
    assert "moved 1, refused 0, pending 0 of 1: finished" in done.output
    with db.connect() as conn:
        assert conn.execute(select(pd.c.version).join(case, case.c.definition_id == pd.c.id)
                            .where(case.c.number == receipt.number)).scalar() == 2


def test_a_bad_mapping_is_refused_before_anything_runs(app):
    runner = app.test_cli_runner()
    bad = runner.invoke(cli, args=["migrate", "petition", "--to", "2", "--map", "read_back"])
    assert bad.exit_code != 0 and "OLD_ID=NEW_ID" in bad.output


def test_the_api_shows_the_model_version_a_case_runs(app, rt, db):
    from webapp import users
    receipt = make_case(app, rt)
    with db.begin() as conn:
        headers = {"Authorization": f"Bearer {users.create_token(conn, 'pwb1')}"}
    api = app.test_client()
    assert api.get(f"/api/v1/cases/{receipt.number}", headers=headers).get_json()["model_version"] == 1
    with app.app_context():
        rt.deploy(petition_versions.files(petition_versions.petition_v2()))
    assert app.test_cli_runner().invoke(cli, args=["migrate", "petition", "--to", "2"]).exit_code == 0
    assert api.get(f"/api/v1/cases/{receipt.number}", headers=headers).get_json()["model_version"] == 2
