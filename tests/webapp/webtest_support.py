"""Helpers shared by the web tests (fixtures live in conftest.py)."""
from __future__ import annotations

import html
import re
from pathlib import Path

from jinja2 import BytecodeCache
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import task
from engine.demo import reference
from model_reports import deploy_checked  # tests/engine (on the path: tests/conftest.py)
from route_builders import shared_route_builders

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
USERS = {  # username: (agency, roles)
    "clerk": ("DOA", ["intake"]),
    "pwb1": ("PWB", ["officer"]),
    "pwb2": ("PWB", ["officer"]),
    "pwbboss": ("PWB", ["supervisor"]),
    "epb1": ("EPB", ["officer"]),
    "admin": ("DOA", ["admin"]),
    "analyst": ("DOA", ["analyst"]),
    "doaboss": ("DOA", ["supervisor"]),   # the department: sees every agency
}
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))


def load_agencies(conn) -> None:
    reference.load_agencies(conn)


def petition_files() -> dict[str, bytes]:
    return {n: (ROOT / "bpmn" / n).read_bytes() for n in ("petition.bpmn", "petition_routing.dmn")}


def login(client, username):
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 302, resp.data[:300]
    return client


def registration(**over) -> dict:
    data = {"channel": "letter", "subject": "路燈不亮", "content": "鼓山區某路段路燈故障三天",
            "category": "street_light", "district": "D-GUSHAN", "language": "zh_TW",
            "confidential": False, "art173_ground": "none"}
    data.update(over)
    return data


def make_case(app, rt, person=None, **over):
    """A registered petition (default: a street light letter, now at PWB's 'handle')."""
    from webapp import petitions
    data = registration(**over)
    with app.app_context():
        receipt = petitions.start(rt, data, actor=CLERK, person=person or {
            "name": "王小明", "phone": "0912345678", "email": "ming@example.tw"})
        reg = ready_task(rt, receipt.case_id, "register")
        rt.claim(reg.id, CLERK)
        rt.complete(reg.id, CLERK, data)
    return receipt


def registered_petition(db, clock, title, person, **over) -> str:
    """A petition started and registered by the counter clerk (engine calls,
    no page): its case number. `over` changes the registration."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task as ready
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {"title": title}, actor=CLERK, petitioner_info=person)
    with db.connect() as conn:
        reg = ready(conn, ref["id"], "register")
    rt.claim(reg.id, CLERK)
    rt.complete(reg.id, CLERK, registration(subject=title, **over))
    return ref["number"]


COUNTER_FORM = {"#received_at": "115/03/02 08:45", "#f-channel": "counter"}


def fill_intake(page, **fields) -> None:
    """Fill the intake form on `page` as 陳小姐 types it: `fields` by element
    id without '#' (f_subject -> #f-subject); a select is chosen, the rest typed.
    The time received and channel default to a counter visit on 115/03/02."""
    given = {"#" + k.replace("_", "-", 1) if k.startswith("f_") else "#" + k: v
             for k, v in fields.items()}
    for selector, value in {**COUNTER_FORM, **given}.items():
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def claimed_by_officer(app, rt, client_for, who="pwb1"):
    """A street-light petition whose 'handle' `who` has claimed on his own
    client: (receipt, the handle task, his client)."""
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for(who)
    officer.post(f"/tasks/{handle.id}/claim")
    return receipt, handle, officer


def ready_task(rt, case_id, element_id=None):
    from webapp import petitions
    with rt.db.connect() as conn:
        return petitions.ready_task(conn, case_id, element_id)


def deploy_library(rt, db, people=()):
    """Deploy every model of bpmn/ and add `people`: (username, agency code, [roles])."""
    from webapp import users
    rt.deploy({p.name: p.read_bytes() for p in (ROOT / "bpmn").iterdir()
               if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        for name, code, roles in people:
            users.add_user(conn, name, code, roles, PASSWORD)


def page_text(markup: str) -> str:
    """The text of `markup`: tags out, entities read, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def section_text(page: str, heading_id: str) -> str:
    """The text of the page's section headed by the element `heading_id` ('' when none)."""
    if f'id="{heading_id}"' not in page:
        return ""
    part = page[page.index(f'id="{heading_id}"'):]
    return page_text("<h2 " + part[:part.index("</section>")])


def recalled(page: str) -> str:
    """The text of the page's 本案先前登錄的內容 section ('' when none)."""
    return section_text(page, "cp-recalled-h")


def agency_step(rt, case_id, element, agency):
    """The case's open `element` of candidate `agency` (co-handling: one per agency)."""
    with rt.db.connect() as conn:
        return conn.execute(select(task).where(
            task.c.case_id == case_id, task.c.element_id == element, task.c.state == "ready",
            task.c.candidate_agency == agency)).one()


def work_step(client, rt, case_id, element, data, agency=None) -> str:
    """Claim the case's open `element` (of `agency`) on `client`, read its page
    and complete it with `data` (unless None): the page's HTML."""
    step = agency_step(rt, case_id, element, agency) if agency else ready_task(rt, case_id, element)
    client.post(f"/tasks/{step.id}/claim")
    page = client.get(f"/tasks/{step.id}").get_data(as_text=True)
    if data is not None:
        resp = client.post(f"/tasks/{step.id}/complete", data=data)
        assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    return page


def ask_extension(client, rt, case_id, days="5", reason="需會同廠商現場會勘"):
    """The officer signed in on `client` claims the case's 'handle' and asks for an extension."""
    handle = ready_task(rt, case_id, "handle")
    client.post(f"/tasks/{handle.id}/claim")
    return client.post(f"/tasks/{handle.id}/complete", data={
        "handling_action": "extension", "extension_reason": reason, "extension_days": days})


def held_by(app, rt, n, who="pwb1"):
    """`n` street-light petitions at PWB's 'handle', each claimed by `who`:
    [(receipt, task row)]."""
    officer = Actor(who, "PWB", frozenset({"officer"}))
    out = []
    for _ in range(n):
        receipt = make_case(app, rt)
        t = ready_task(rt, receipt.case_id)
        rt.claim(t.id, officer)
        out.append((receipt, t))
    return out


REPLY = {"handling_action": "reply", "reply_text": "已派員修復路燈。", "legal_basis": "道路管理自治條例",
         "remedy": "none"}


def csrf_token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


class _SharedTemplateBytecode(BytecodeCache):
    """Compiled templates kept across the tests' apps: each app has its own
    Jinja environment, and compiling the same templates again for every test
    cost about 0.2 s a test. Jinja checks each entry against the source."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = _SharedTemplateBytecode()


def seeded_app(db, db_url, clock, tmp_path, **config):
    """An app on a database holding the agencies, one user per role and the
    petition model."""
    from webapp import create_app, users
    with db.begin() as conn:
        load_agencies(conn)
        for name, (code, roles) in USERS.items():
            users.add_user(conn, name, code, roles, PASSWORD)
    with shared_route_builders():   # route_builders.py: compiled once per process
        app = create_app({"DATABASE_URL": db_url, "CLOCK": clock,
                          "ATTACHMENT_DIR": str(tmp_path / "files"), **config})
    app.jinja_env.bytecode_cache = TEMPLATE_BYTECODE
    with app.app_context():
        from webapp.extensions import runtime
        deploy_checked(runtime(), petition_files())   # its .deploy, validated once per process
    return app
