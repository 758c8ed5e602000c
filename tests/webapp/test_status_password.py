"""The petition status password: kept as an HMAC keyed with the server's
secret (a machine-made password needs no slow key derivation); hashes kept
before (werkzeug scrypt/pbkdf2) still let their petitioners in."""
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from engine.data.schema import case, petitioner
from webapp import petitions
from webtest_support import make_case


def _stored(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(petitioner.c.status_password_hash)
                            .where(petitioner.c.case_id == case_id)).scalar_one()


def _check(app, db, number, password):
    with app.app_context(), db.connect() as conn:
        return petitions.check_status_password(conn, number, password)


def test_a_new_password_is_kept_as_an_hmac_and_only_it_opens_the_case(app, rt, db):
    receipt = make_case(app, rt)
    stored = _stored(db, receipt.case_id)
    assert stored.startswith("hmac-sha256:") and receipt.password not in stored
    assert _check(app, db, receipt.number, receipt.password).id == receipt.case_id
    assert _check(app, db, receipt.number, receipt.password.upper()) is None
    assert _check(app, db, receipt.number, "") is None
    assert _check(app, db, "115-no-such", receipt.password) is None


def test_the_hmac_depends_on_the_servers_secret(app):
    with app.app_context():
        first = petitions.password_hash("abc23456")
        app.config["SECRET_KEY"] = "another secret"
        assert petitions.password_hash("abc23456") != first


def test_a_password_hashed_before_still_opens_its_case(app, rt, db):
    receipt = make_case(app, rt)
    for method in ("scrypt", "pbkdf2:sha256"):
        with db.begin() as conn:
            conn.execute(update(petitioner).where(petitioner.c.case_id == receipt.case_id)
                         .values(status_password_hash=generate_password_hash("old23pass",
                                                                             method=method)))
        assert _check(app, db, receipt.number, "old23pass").id == receipt.case_id
        assert _check(app, db, receipt.number, receipt.password) is None
    with db.connect() as conn:
        assert conn.execute(select(case.c.number).where(case.c.id == receipt.case_id)).scalar()
