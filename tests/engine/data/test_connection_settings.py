"""The mail server's and single sign-on's settings kept in the database
(engine/data/connection_settings.py): a save is one change with its audit
record naming the settings (never a secret's value), secrets are sealed with
the app's key, a save against an older version is refused, and a setting the
server pins wins over the stored one."""
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from engine.data import connection_settings as store
from engine.data.schema import audit, connection_setting

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
SEAL = store.Sealer("the-app-secret-key")
CONFIG = {"SMTP_HOST": "", "SMTP_PORT": 25, "SMTP_PASSWORD": "", "MAIL_FROM": "civicflow@localhost",
          "OIDC_ISSUER": "", "OIDC_SCOPE": "openid email profile"}
MAIL = {"SMTP_HOST": "smtp.kcg.gov.tw", "SMTP_PORT": 587, "SMTP_USER": "civicflow",
        "SMTP_PASSWORD": "s3cret-pw", "SMTP_STARTTLS": True, "MAIL_FROM": "notice@kcg.gov.tw"}


def _save(db, new, version=0, actor="admin", section="mail"):
    with db.begin() as conn:
        return store.save(conn, section, new, version=version, sealer=SEAL, actor=actor, now=NOW)


def _trail(db):
    with db.connect() as conn:
        return [(r.actor, r.action, json.loads(r.detail)) for r in conn.execute(
            select(audit.c.actor, audit.c.action, audit.c.detail).order_by(audit.c.id))]


def test_a_save_is_kept_with_its_audit_record_and_the_secret_sealed(db):
    assert _save(db, MAIL) == list(MAIL)
    with db.connect() as conn:
        raw = conn.execute(select(connection_setting.c.settings)).scalar()
        stored = store.load(conn, "mail")
        values = store.effective(conn, CONFIG, frozenset(), SEAL)
    assert "s3cret-pw" not in raw   # only its sealed form is in the database
    assert stored.version == 1 and stored.updated_by == "admin"
    assert values["SMTP_HOST"] == "smtp.kcg.gov.tw" and values["SMTP_PORT"] == 587
    assert values["SMTP_PASSWORD"] == "s3cret-pw" and values["SMTP_STARTTLS"] is True
    assert values["OIDC_ISSUER"] == ""   # the other section: still the configuration's
    actor, action, detail = _trail(db)[-1]
    assert (actor, action) == ("admin", "connection_settings_saved")
    assert detail["section"] == "mail" and detail["settings"] == list(MAIL)
    assert detail["changes"]["SMTP_HOST"] == {"before": None, "after": "smtp.kcg.gov.tw"}
    assert "SMTP_PASSWORD" not in detail["changes"]   # a secret: its name only
    assert "s3cret-pw" not in json.dumps(_trail(db))


def test_the_audit_records_where_an_issuer_pointed_before_and_after_never_a_secret(db):
    sso = {"OIDC_ISSUER": "https://sso.kcg.gov.tw/realms/city", "OIDC_CLIENT_ID": "civicflow",
           "OIDC_CLIENT_SECRET": "client-secret-1"}
    _save(db, sso, section="sso")
    _save(db, {**sso, "OIDC_ISSUER": "https://evil.example/realms/x",
               "OIDC_CLIENT_SECRET": "client-secret-2"}, version=1, section="sso")
    _, _, detail = _trail(db)[-1]
    assert detail["settings"] == ["OIDC_ISSUER", "OIDC_CLIENT_SECRET"]
    assert detail["changes"] == {"OIDC_ISSUER": {"before": "https://sso.kcg.gov.tw/realms/city",
                                                 "after": "https://evil.example/realms/x"}}
    assert "client-secret" not in json.dumps(_trail(db))


def test_only_what_changed_is_written_and_a_kept_secret_stays(db):
    _save(db, MAIL)
    changed = _save(db, {**MAIL, "SMTP_PORT": 25, "SMTP_PASSWORD": store.KEEP}, version=1)
    assert changed == ["SMTP_PORT"]
    assert _save(db, {**MAIL, "SMTP_PORT": 25, "SMTP_PASSWORD": "s3cret-pw"}, version=2) == []
    with db.connect() as conn:
        assert store.effective(conn, CONFIG, frozenset(), SEAL)["SMTP_PASSWORD"] == "s3cret-pw"
        assert store.secret_state(store.load(conn, "mail"), "SMTP_PASSWORD", SEAL) == "set"
    assert _save(db, {"SMTP_PASSWORD": ""}, version=2) == ["SMTP_PASSWORD"]   # cleared
    assert _trail(db)[-1][2] == {"section": "mail", "settings": ["SMTP_PASSWORD"]}   # no value
    with db.connect() as conn:
        assert store.secret_state(store.load(conn, "mail"), "SMTP_PASSWORD", SEAL) == "unset"
    assert [a for _, a, _ in _trail(db)].count("connection_settings_saved") == 3


def test_the_second_of_two_saves_from_the_same_version_is_refused(db):
    _save(db, MAIL, actor="admin")
    with pytest.raises(store.Conflict) as refused:
        _save(db, {**MAIL, "SMTP_HOST": "other.kcg.gov.tw"}, version=0, actor="admin2")
    assert refused.value.stored.updated_by == "admin" and refused.value.stored.version == 1
    with pytest.raises(store.Conflict):
        _save(db, {**MAIL, "SMTP_HOST": "other.kcg.gov.tw"}, version=7, actor="admin2")
    with db.connect() as conn:
        assert store.load(conn, "mail").values["SMTP_HOST"] == "smtp.kcg.gov.tw"
    assert [a for a, _, _ in _trail(db)] == ["admin"]   # nothing of the refused saves


def test_a_setting_the_server_pins_wins_over_the_stored_one(db):
    _save(db, MAIL)
    with db.connect() as conn:
        values = store.effective(conn, {**CONFIG, "SMTP_HOST": "pinned.kcg.gov.tw"},
                                 frozenset({"SMTP_HOST"}), SEAL)
    assert values["SMTP_HOST"] == "pinned.kcg.gov.tw" and values["SMTP_PORT"] == 587


def test_a_secret_sealed_under_another_key_is_unreadable_not_wrong(db):
    _save(db, MAIL)
    other = store.Sealer("a-new-secret-key")
    with db.connect() as conn:
        assert store.secret_state(store.load(conn, "mail"), "SMTP_PASSWORD", other) == "unreadable"
        values = store.effective(conn, CONFIG, frozenset(), other)
    assert values["SMTP_PASSWORD"] == "" and values.unusable == frozenset({"mail"})
    with db.connect() as conn:   # under its own key, or pinned on the server: usable
        assert store.effective(conn, CONFIG, frozenset(), SEAL).unusable == frozenset()
        pinned = store.effective(conn, CONFIG, frozenset({"SMTP_PASSWORD"}), other)
    assert pinned.unusable == frozenset()


def test_clearing_a_secret_that_cannot_be_read_is_a_change(db):
    """SECRET_KEY changed: the stored password opens to nothing, yet it is
    there; ticking "clear" removes it (not "nothing changed")."""
    _save(db, MAIL)
    other = store.Sealer("a-new-secret-key")
    with db.begin() as conn:
        changed = store.save(conn, "mail", {"SMTP_PASSWORD": ""}, version=1, sealer=other,
                             actor="admin", now=NOW)
    assert changed == ["SMTP_PASSWORD"]
    with db.connect() as conn:
        stored = store.load(conn, "mail")
        assert store.secret_state(stored, "SMTP_PASSWORD", other) == "unset"
        assert store.effective(conn, CONFIG, frozenset(), other).unusable == frozenset()
    with db.begin() as conn:   # and typing it again is a change too, then readable
        assert store.save(conn, "mail", {"SMTP_PASSWORD": "new-pw"}, version=2, sealer=other,
                          actor="admin", now=NOW) == ["SMTP_PASSWORD"]
        assert store.effective(conn, CONFIG, frozenset(), other)["SMTP_PASSWORD"] == "new-pw"


def test_the_sealer_round_trips_and_depends_on_the_key():
    token = SEAL.seal("client-secret")
    assert token != "client-secret" and SEAL.open(token) == "client-secret"
    assert store.Sealer("another key").open(token) is None


@pytest.mark.parametrize("first_version", [0, 1])
def test_two_saves_at_the_same_moment_one_wins(db, first_version):
    """The second save waits on the first's uncommitted write, then is refused
    (a first save: the insert; later ones: the compare-and-set update)."""
    import threading
    if first_version:
        _save(db, MAIL)
    outcome = {}
    with db.begin() as conn:
        store.save(conn, "mail", {**MAIL, "SMTP_HOST": "first.kcg.gov.tw"}, version=first_version,
                   sealer=SEAL, actor="admin", now=NOW)

        def second():
            try:
                outcome["saved"] = _save(db, {**MAIL, "SMTP_HOST": "second.kcg.gov.tw"},
                                         version=first_version, actor="admin2")
            except store.Conflict as exc:
                outcome["conflict"] = exc.stored.updated_by
        late = threading.Thread(target=second)
        late.start()
        late.join(0.5)   # still waiting on our write
        assert late.is_alive() or "conflict" in outcome
    late.join(10)
    assert outcome == {"conflict": "admin"}
    with db.connect() as conn:
        assert store.load(conn, "mail").values["SMTP_HOST"] == "first.kcg.gov.tw"
