"""The sign-in throttle holds across processes: two real servers on one
database share the count of wrong passwords, per account and per address.
Also the lock's expiry, an administrator's unlock and the per-address
request limit of Flask-Limiter."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from webtest_support import PASSWORD, USERS, load_agencies

from webapp import throttle, users
from webapp.cli import cli

ROOT = Path(__file__).resolve().parents[2]
WRONG, LOCKED, FROM_HERE = "帳號或密碼錯誤", "已暫時鎖定", "這部電腦輸入錯誤密碼的次數過多"
SERVER = """
from werkzeug.serving import make_server
from webapp import create_app
server = make_server("127.0.0.1", 0, create_app(), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def two_servers(db, db_url, tmp_path):
    """Two server processes (two hosts, as far as the app can tell) on one database."""
    with db.begin() as conn:
        load_agencies(conn)
        for name, (code, roles) in USERS.items():
            users.add_user(conn, name, code, roles, PASSWORD)
    env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "test-secret",
           "CIVICFLOW_INSTANCE": str(tmp_path / "instance"), "SCHEDULER_ENABLED": "0",
           "LOGIN_MAX_FAILURES": "5", "LOGIN_MAX_ADDRESS_FAILURES": "8"}
    procs, bases = [], []
    try:
        logs = [tmp_path / f"server{n}.log" for n in range(2)]
        for log in logs:   # both start at once: each takes seconds to import the app
            procs.append(subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, env=env,
                                          stdout=subprocess.PIPE, stderr=log.open("w"), text=True))
        for n, (proc, log) in enumerate(zip(procs, logs)):
            port = proc.stdout.readline().strip()
            assert port, f"server {n} did not start:\n{log.read_text()}"
            bases.append(f"http://127.0.0.1:{port}")
        yield bases
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


def _sign_in(base: str, username: str, password: str) -> requests.Response:
    browser = requests.Session()
    token = re.search(r'name="csrf_token" [^>]*value="([^"]+)"', browser.get(f"{base}/login").text)
    return browser.post(f"{base}/login", allow_redirects=False, data={
        "username": username, "password": password, "csrf_token": token.group(1)})


def test_account_lock_holds_across_two_servers(two_servers, db):
    # Guesses spread over both servers: only 5 are ever checked in all.
    answers = [_sign_in(two_servers[i % 2], "pwb1", f"guess {i}") for i in range(12)]
    assert sum(WRONG in r.text for r in answers) == 5
    assert all(r.status_code == 429 and LOCKED in r.text for r in answers[5:])
    # Locked for everyone, even with the right password, on either server.
    for base in two_servers:
        refused = _sign_in(base, "pwb1", PASSWORD)
        assert refused.status_code == 429 and LOCKED in refused.text
    assert _sign_in(two_servers[0], "pwb2", PASSWORD).status_code == 302   # others unaffected
    with db.begin() as conn:
        assert throttle.unlock(conn, "pwb1", actor="admin")
    assert _sign_in(two_servers[1], "pwb1", PASSWORD).status_code == 302


def _csrf_browser(base: str):
    browser = requests.Session()
    token = re.search(r'name="csrf_token" [^>]*value="([^"]+)"', browser.get(f"{base}/login").text)
    return browser, token.group(1)


def test_concurrent_guesses_check_at_most_five_passwords(two_servers, db):
    # Sixteen guesses at once, over both servers: the check, the password and
    # the count are one step per account, so only five passwords are checked.
    guessers = [(base, *_csrf_browser(base)) for base in two_servers * 8]
    start = threading.Barrier(len(guessers))

    def guess(n):
        base, browser, token = guessers[n]
        start.wait()
        return browser.post(f"{base}/login", allow_redirects=False, data={
            "username": "pwb1", "password": f"guess {n}", "csrf_token": token})

    with ThreadPoolExecutor(len(guessers)) as pool:
        answers = list(pool.map(guess, range(len(guessers))))
    assert sum(WRONG in r.text for r in answers) == 5
    assert sum(r.status_code == 429 and LOCKED in r.text for r in answers) == len(answers) - 5
    with db.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM login_failure WHERE username = 'pwb1'").scalar() == 5


def test_address_limit_holds_across_two_servers(two_servers):
    # One address tries many accounts, a few guesses each, on both servers.
    names = ["clerk", "pwb1", "pwb2", "epb1"]
    answers = [_sign_in(two_servers[i % 2], names[i % 4], "guess") for i in range(10)]
    assert sum(WRONG in r.text for r in answers) == 8
    refused = _sign_in(two_servers[1], "admin", PASSWORD)
    assert refused.status_code == 429 and FROM_HERE in refused.text


def _wrong(client, username="pwb1"):
    return client.post("/login", data={"username": username, "password": "nope"})


def test_lock_lifts_when_the_time_has_passed(app, clock):
    client = app.test_client()
    for _ in range(5):
        _wrong(client)
    resp = client.post("/login", data={"username": "pwb1", "password": PASSWORD})
    assert resp.status_code == 429 and "15 分鐘後再試" in resp.get_data(as_text=True)
    clock.advance(minutes=16)
    assert client.post("/login", data={"username": "pwb1", "password": PASSWORD}).status_code == 302


def test_right_password_forgets_earlier_failures(app):
    client = app.test_client()
    for _ in range(4):
        _wrong(client)
    assert client.post("/login", data={"username": "pwb1", "password": PASSWORD}).status_code == 302
    with app.app_context(), app.extensions["civicflow.db"].connect() as conn:
        assert throttle.locked_until(conn, "pwb1", app.config["CLOCK"].now()) is None


def test_unknown_usernames_lock_like_real_ones(app):
    client = app.test_client()
    answers = [_wrong(client, "nobody") for _ in range(6)]
    assert answers[-1].status_code == 429 and LOCKED in answers[-1].get_data(as_text=True)


def test_locking_and_unlocking_are_audited_and_the_cli_unlocks(app, db):
    client = app.test_client()
    for _ in range(5):
        _wrong(client)
    with app.app_context(), db.connect() as conn:
        assert throttle.locked_until(conn, "pwb1", app.config["CLOCK"].now()) is not None
    result = app.test_cli_runner().invoke(cli, args=["user", "unlock", "pwb1"])
    assert result.exit_code == 0 and "unlocked" in result.output, result.output
    assert client.post("/login", data={"username": "pwb1", "password": PASSWORD}).status_code == 302
    with db.connect() as conn:
        actions = [r.action for r in conn.exec_driver_sql("SELECT action FROM audit")]
    assert "account_locked" in actions and "account_unlocked" in actions


def test_flask_limiter_caps_sign_in_posts_per_address(app):
    app.config["LOGIN_RATE_LIMIT"] = "3/minute"
    client = app.test_client()
    codes = [_wrong(client, f"user{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/login").status_code == 200   # the page itself stays reachable


def test_sign_in_works_while_the_shared_limit_storage_is_down(app, db, monkeypatch):
    """Redis or Memcached unreachable: the sign-in posts go uncounted meanwhile
    (RATELIMIT_SWALLOW_ERRORS) instead of the sign-in form failing with a 500;
    the failures kept in the database still lock the account."""
    from webapp.throttle import limiter
    storage = limiter.storage

    def down(*args, **kwargs):
        raise storage.base_exceptions("connection refused")
    for name in ("acquire_entry", "get_moving_window", "incr", "get"):
        monkeypatch.setattr(storage, name, down)
    client = app.test_client()
    assert client.post("/login", data={"username": "pwb1", "password": PASSWORD}).status_code == 302
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _wrong(app.test_client()).status_code == 200
    with app.app_context(), db.connect() as conn:
        assert throttle.locked_until(conn, "pwb1", app.config["CLOCK"].now()) is not None
