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
    base = ["user", "add", "x", "--password", "long-enough-pw"]
    assert "unknown role" in runner.invoke(cli, args=base + ["--agency", "EPB", "--role", "boss"]).output
    assert "unknown agency" in runner.invoke(cli, args=base + ["--agency", "NOPE", "--role", "officer"]).output
    assert "exists" in runner.invoke(cli, args=["user", "add", "pwb1", "--agency", "PWB", "--role",
                                           "officer", "--password", "long-enough-pw"]).output
    assert runner.invoke(cli, args=["token", "create", "ghost"]).exit_code != 0


def _audit(db):
    from engine.data.schema import audit
    with db.connect() as conn:
        return [(r.actor, r.action) for r in conn.execute(
            select(audit.c.actor, audit.c.action).order_by(audit.c.id))]


def test_user_list_deactivate_reset_password(app, db):
    runner = app.test_cli_runner()
    listing = runner.invoke(cli, args=["user", "list", "--search", "pwb"])
    assert listing.exit_code == 0 and "pwb1\tPWB\tofficer\tactive\tlast sign-in never" in listing.output
    assert "admin" not in listing.output
    assert "deactivated" in runner.invoke(cli, args=["user", "deactivate", "pwb1"]).output
    assert "inactive already" in runner.invoke(cli, args=["user", "deactivate", "pwb1"]).output
    with db.connect() as conn:
        assert users.load(conn, users.get_user(conn, "pwb1").id) is None
    assert "pwb1\tPWB\tofficer\tdeactivated" in runner.invoke(cli, args=["user", "list"]).output
    runner.invoke(cli, args=["user", "reactivate", "pwb1"])
    temporary = runner.invoke(cli, args=["user", "reset-password", "pwb1"]).output.strip()
    with db.connect() as conn:
        user = users.authenticate(conn, "pwb1", temporary)
    assert user.must_change_password
    assert "must-change-password" in runner.invoke(cli, args=["user", "list"]).output
    assert runner.invoke(cli, args=["user", "deactivate", "ghost"]).exit_code != 0
    actions = [a for _, a in _audit(db)]
    assert actions[-3:] == ["user_deactivated", "user_reactivated", "password_reset"]
    assert all(actor.startswith("cli") for actor, _ in _audit(db))


def test_token_list_and_revoke(app, db):
    runner = app.test_cli_runner()
    token = runner.invoke(cli, args=["token", "create", "pwb1", "--label", "1999", "--days", "30"]).output.strip()
    listing = runner.invoke(cli, args=["token", "list"]).output
    assert "pwb1\t1999\tcreated" in listing and "valid" in listing and token not in listing
    token_id = listing.split("\t")[0]
    assert f"token {token_id} revoked" in runner.invoke(cli, args=["token", "revoke", token_id]).output
    with db.connect() as conn:
        assert users.user_for_token(conn, token) is None
    assert "revoked" in runner.invoke(cli, args=["token", "list", "--user", "pwb1"]).output
    assert runner.invoke(cli, args=["token", "revoke", token_id]).exit_code != 0
    assert [a for _, a in _audit(db)] == ["token_created", "token_revoked"]
