"""`civicflow user add` and `civicflow token create`."""
from sqlalchemy import select

from engine.data.schema import api_token, app_user
from webapp import users
from webapp.cli import cli


def test_user_add_and_token_create(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(cli, args=["user", "add", "lin", "--agency", "EPB", "--role", "officer",
                                 "--role", "supervisor", "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    with db.connect() as conn:
        row = conn.execute(select(app_user).where(app_user.c.username == "lin")).one()
        assert row.roles == "officer,supervisor" and row.password_hash != "s3cret-pass"
        assert users.authenticate(conn, "lin", "s3cret-pass").agency == "EPB"
    token = runner.invoke(cli, args=["token", "create", "lin"]).output.strip()
    with db.connect() as conn:
        assert users.user_for_token(conn, token).username == "lin"
        assert conn.execute(select(api_token.c.token_hash)).scalars().all()[-1] == users.token_hash(token)


def test_user_add_refuses_unknown_role_agency_and_duplicates(app):
    runner = app.test_cli_runner()
    base = ["user", "add", "x", "--password", "pw"]
    assert "unknown role" in runner.invoke(cli, args=base + ["--agency", "EPB", "--role", "boss"]).output
    assert "unknown agency" in runner.invoke(cli, args=base + ["--agency", "NOPE", "--role", "officer"]).output
    assert "exists" in runner.invoke(cli, args=["user", "add", "pwb1", "--agency", "PWB", "--role",
                                           "officer", "--password", "pw"]).output
    assert runner.invoke(cli, args=["token", "create", "ghost"]).exit_code != 0
