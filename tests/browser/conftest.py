"""A real HTTP server on 127.0.0.1 around the test app, and headless Chromium
(Debian's /usr/bin/chromium) driven by Playwright."""
from __future__ import annotations

import os
import re
import sys
import threading
import warnings
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "webapp"))
from webtest_support import PASSWORD, seeded_app  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def live_app(db_url, db, clock, tmp_path):
    """The app the live server serves (a test reaches its rate limits through it)."""
    from webapp import form_limits
    app = seeded_app(db, db_url, clock, tmp_path, WTF_CSRF_ENABLED=True)
    form_limits.forget_all(app)   # no petitions sent from 127.0.0.1 yet, even on a shared Redis
    yield app
    app.extensions["civicflow.db"].dispose()


@pytest.fixture
def live_server(live_app):
    from werkzeug.serving import make_server
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    # shutdown() waits for the loop to look up: every 0.5 s by default.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="package")
def _chromium():
    """One Playwright driver and one Chromium for the browser tests: starting
    both for each test cost more than most tests' own steps."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def browser(_chromium):
    """The browser tests share Chromium, not state: `new_page` opens each
    page in a context of its own (cookies, storage, cache), and every context
    a test opened is closed after it."""
    before = set(_chromium.contexts)
    yield _chromium
    for context in _chromium.contexts:
        if context not in before:
            context.close()


# CI sets TEST_SCREENSHOTS=0: nobody looks at its pictures, and a full-page
# screenshot cost about a tenth of a browser test's time.
SCREENSHOTS = os.environ.get("TEST_SCREENSHOTS", "1") != "0"


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        if SCREENSHOTS:
            _screenshot(page, name)
    return take


def _screenshot(page, name):
    """A picture for people to look at, never an assertion: Chromium now
    and then answers "Unable to capture screenshot" on a loaded machine
    (seen once in CI, after every assertion of the test had passed), so
    a second try takes the visible part, and a third failure only warns."""
    path = str(ARTIFACTS / f"{name}.png")
    for full_page in (True, False):
        try:
            page.screenshot(path=path, full_page=full_page)
            return
        except PlaywrightError as err:
            failed = err
    warnings.warn(f"no screenshot {name}: {failed}")


@pytest.fixture
def login(browser, live_server):
    """`login(username)` opens a new page signed in as that seeded user, on
    their first screen (webapp/landing.py: the inbox; /admin/ for an
    administrator, /models/ for an analyst, without case work)."""
    def open_as(username, locale="zh-TW", width=1280):
        page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
        page.goto(f"{live_server}/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(re.compile(re.escape(live_server) + r"/(inbox|admin/|models/)$"))
        return page
    return open_as


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text() if AXE.exists() else "throw new Error('axe-core: run make install')"


# Moderate findings held to as well: two landmarks of one role need names
# that tell them apart (a screen reader's list of regions).
HELD_RULES = ("landmark-unique",)


@pytest.fixture
def accessible():
    """`accessible(page)` runs axe-core (from the npm registry, `make install`)
    on the page as it is and fails on any serious or critical violation, or
    one of HELD_RULES, naming the rule and the elements."""
    def check(page):
        result = _axe(page)
        bad = [v for v in result["violations"]
               if v["impact"] in ("serious", "critical") or v["id"] in HELD_RULES]
        assert not bad, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(n["target"][0] for n in v["nodes"][:5]) for v in bad)
    return check


def _axe(page, attempts=2):
    """axe-core's violations on the page once it has loaded. A click that posts
    a form may still be replacing the document when the test asks (CI under
    load): then the check waits for the new page and runs again."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof axe === 'object'"):   # not yet on this document
                page.evaluate(AXE_SOURCE)  # through the debugger: the page's CSP allows no inline script
            return page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        except PlaywrightError as err:
            if attempt + 1 == attempts or not _document_replaced(err):
                raise


def _document_replaced(err) -> bool:
    text = str(err)
    return any(m in text for m in ("reading 'documentElement'", "Execution context was destroyed",
                                   "axe is not defined"))


OFFICER_NAMES = {"pwb1": "林雅婷", "pwb2": "陳志明", "pwbboss": "黃課長"}


@pytest.fixture
def pwb1_holds(live_server, db, clock):
    """`pwb1_holds(n)`: n street-light petitions at PWB's 'handle', all
    claimed by pwb1; PWB's people get their names (the bulk journeys)."""
    from sqlalchemy import update
    from webtest_support import CLERK, registration

    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from engine.data.schema import app_user
    from webapp.petitions import ready_task
    rt, pwb1 = Engine(db, clock), Actor("pwb1", "PWB", frozenset({"officer"}))
    with db.begin() as conn:
        for username, name in OFFICER_NAMES.items():
            conn.execute(update(app_user).where(app_user.c.username == username)
                         .values(display_name=name))

    def hold(n):
        for i in range(n):
            ref = rt.start_case("petition", {"title": f"路燈不亮 {i + 1}"},
                                petitioner_info={"name": "王小明"})
            with db.connect() as conn:
                reg = ready_task(conn, ref["id"], "register")
            rt.complete(reg.id, CLERK, registration(subject=f"路燈不亮 {i + 1}"))
            with db.connect() as conn:
                rt.claim(ready_task(conn, ref["id"], "handle").id, pwb1)
    return hold


@pytest.fixture
def consumer_centre(live_server, db, clock):
    """Every shipped model deployed, and the consumer centre's intake clerk
    `cpoclerk` (消保收件林小姐): the consumer complaint journeys."""
    from engine.cases.runtime import Engine
    from webapp import users
    bpmn = Path(__file__).resolve().parents[2] / "bpmn"
    Engine(db, clock).deploy({p.name: p.read_bytes() for p in bpmn.iterdir()
                              if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake"], PASSWORD,
                       display_name="消保收件林小姐")


@pytest.fixture
def analyst_draft(db):
    """`analyst_draft(key, bpmn_text)`: a draft of one BPMN file saved by the
    analyst, as the editor saves it."""
    from datetime import datetime

    from engine.authoring import drafts
    from engine.time.clock import TAIPEI

    def save(key: str, text: str) -> None:
        with db.begin() as conn:
            drafts.save(conn, key, {f"{key}.bpmn": text.encode()}, "analyst",
                        datetime(2026, 3, 2, 9, tzinfo=TAIPEI))
    return save
