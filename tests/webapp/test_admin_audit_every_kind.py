"""Every kind of record the trail holds, made through the pages and the
engine as people and the scheduler make them, reads in words on the audit
page and in its CSV: no task id, no element id, no stored key, no code, no
JSON; people by name (使用者：陳怡君), steps, agencies, districts and fields by
their names, dates as ROC dates. The CSV says what the page says, and names
each task a closure moved (webapp/views/admin/audit_words.py)."""
from __future__ import annotations

import csv
import io
import re
import sys
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import func, select, update

from engine.cases import assignment, cancellation, transfer
from engine.cases.actors import Actor
from engine.cases.migration import jobs
from engine.cases.migration import run as runs
from engine.cases.migration.plan import MigrationPlan
from engine.data.schema import app_user, audit, outbox, process_definition, timer
from engine.demo.bookings import load_resources
from engine.scheduling import migration_jobs
from engine.scheduling import timers as timer_rows
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webtest_support import REPLY, ask_extension, deploy_library, make_case, page_text, ready_task

sys.path.insert(0, str(Path(__file__).parents[1] / "models"))
import petition_versions  # noqa: E402
from test_unnamed_steps import unnamed_case  # noqa: E402,F401  (its fixture)

NAMES = {"pwb1": "陳怡君", "pwb2": "林志明", "pwbboss": "王科長", "admin": "系統管理員",
         "clerk": "收文員", "analyst": "分析員", "doaboss": "處長", "doa.officer": "派車承辦人",
         "cpo.officer": "消保官", "cpo.intake": "消保收文員"}
BOSS = Actor("pwbboss", "PWB", frozenset({"supervisor"}))
ADMIN = Actor("admin", "DOA", frozenset({"admin"}))
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SNAKE = re.compile(r"(?<![\w@.])[a-z]+(?:_[a-z0-9]+)+(?![\w@.])")
JSON = re.compile(r"[{\[]\s*\"|\"\s*:")
# What may be Latin in a zh-TW detail: a car's plate, an address, a model's
# (Chinese) field label that names English, the logins of the 帳號 column.
LATIN_ALLOWED = re.compile(r"RBK-\d+|\.png|[\w.-]+@[\w.-]+|\d+\.\d+\.\d+\.\d+|STARTTLS|API|"
                           r"Hybrid car|Typhoon Response Team")
# Each kind of record and words its zh-TW detail (or action) must say.
EXPECTED = {
    "start": "流程：人民陳情", "claim": "", "unclaim": "原承辦人：林志明",
    "complete": "流程步驟：辦理並擬復", "transfer": "改分機關：環境保護局",
    "reassign": "原承辦人：陳怡君；改由：林志明", "cancel": "原因：重複登記",
    "timer": "（辦理並擬復）；新期限：民國115年", "timer_failed": "請模型作者修正",
    "timer_retried": "流程步驟：催辦（辦理並擬復）", "message": "訊息：企業回覆訊息",
    "notice_skipped": "通知對象：陳情人；原因：沒有可寄送的地址",
    "reply": "答覆內容：已派員修復路燈。",
    "notice_resent": "收件人：ming@example.tw", "contact_recorded": "", "comment": "備註內容：",
    "attach": "檔名：現場照片.png", "rate": "滿意度：4", "service_call": "已預約 RBK-2101",
    "deadline_moved": "新期限：民國115年", "clock_stopped": "原因：請補正電桿編號",
    "clock_resumed": "暫停的工作日數：", "calendar_override": "種類：停止上班；原因：凱米颱風停止上班",
    "calendar_override_removed": "行政區：", "agency_district_moved": "原行政區：苓雅區；新行政區：鳳山區",
    "migrate": "步驟對應：作成紀錄並向陳情人宣讀 → 作成紀錄並向陳情人宣讀；依新版重算期限：✗",
    "migrate_refused": "新版本沒有這個步驟",
    "migration_run": "步驟對應：作成紀錄並向陳情人宣讀 → 作成紀錄並向陳情人宣讀",
    "migration_dry_run": "原版本：所有較舊版本", "report_prose_saved": "修改的段落：結語",
    "connection_settings_saved": "設定項目：郵件伺服器", "resource_added": "行政中心：鳳山行政中心",
    "resource_changed": "種類：車輛", "resource_deactivated": "資源：RBK-2199 油電公務車",
    "token_created": "使用者：陳怡君；名稱：1999 系統；有效期限：民國", "token_revoked": "權杖：1999 系統",
    "user_created": "使用者：林小姐；機關：環境保護局", "user_changed": "使用者：林志明",
    "user_deactivated": "使用者：林志明", "user_reactivated": "使用者：林志明",
    "password_reset": "使用者：林志明", "password_changed": "使用者：林志明",
    "signed_in": "", "signed_out": "", "account_locked": "使用者：林志明；來源位址：",
    "account_unlocked": "使用者：林志明", "agency_created": "種類：處（室）；上級機關：行政暨國際處",
    "agency_changed": "所在行政區：", "agency_deactivated": "機關：防災應變小組",
    "agency_reactivated": "機關：防災應變小組",
}


def _named(db):
    with db.begin() as conn:
        for username, name in NAMES.items():
            conn.execute(update(app_user).where(app_user.c.username == username)
                         .values(display_name=name))


def _claimed_handle(client, rt, case_id):
    handle = ready_task(rt, case_id, "handle")
    client.post(f"/tasks/{handle.id}/claim")
    return handle


def _assignments(app, rt, client_for):
    """claim, reassign, unclaim and transfer on one petition."""
    case = make_case(app, rt)
    handle = _claimed_handle(client_for("pwb1"), rt, case.case_id)
    assignment.reassign(rt, handle.id, "pwb2", BOSS)
    assignment.return_to_queue(rt, handle.id, BOSS)
    _claimed_handle(client_for("pwb1"), rt, case.case_id)
    transfer.transfer(rt, handle.id, "EPB", "屬環保局權責", BOSS)


def _supplement_and_closure(app, rt, client_for, clock):
    """An extension given back (kept claim), 補正 asked and answered, a note, a
    file, a closure declared and removed over the handle's deadline."""
    case = make_case(app, rt)
    pwb1 = client_for("pwb1")
    ask_extension(pwb1, rt, case.case_id)
    approve = ready_task(rt, case.case_id, "approve_extension")
    client_for("pwbboss").post(f"/decisions/{approve.id}", data={
        "extension_approved": "true", "extension_days": "5"})
    handle = ready_task(rt, case.case_id, "handle")
    pwb1.post(f"/tasks/{handle.id}/supplement", data={"request": "請補正電桿編號"})
    clock.advance(days=2)
    pwb1.post(f"/tasks/{handle.id}/supplement/answer", data={"answer": "電桿編號 12345"})
    pwb1.post(f"/cases/{case.number}/comments", data={"body": "已電洽陳情人"})
    pwb1.post(f"/cases/{case.number}/attachments",
              data={"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "現場照片.png")})
    due = as_utc(ready_task(rt, case.case_id, "handle").due_at).astimezone(TAIPEI).date()
    admin = client_for("admin")
    admin.post("/admin/calendar", data={"day": due.isoformat(), "kind": "holiday",
                                        "reason": "凱米颱風停止上班", "districts": ["LINGYA"]})
    admin.post(f"/admin/calendar/{due.isoformat()}/remove", data={})
    return case


PWB = {"name_zh": "工務局", "name_en": "Public Works Bureau", "kind": "bureau",
       "parent_code": "KCG", "email": "pwb@kcg.gov.tw"}


def _district_move(rt, client_for, case):
    """PWB moves into a district closed that day: its handle's deadline moves."""
    due = as_utc(ready_task(rt, case.case_id, "handle").due_at).astimezone(TAIPEI).date()
    admin = client_for("admin")
    admin.post("/admin/calendar", data={"day": due.isoformat(), "kind": "holiday",
                                        "reason": "凱米颱風停止上班", "districts": ["FENGSHAN"]})
    admin.post("/admin/agencies/PWB", data=dict(PWB, district="FENGSHAN"))


def _phoned_and_cancelled(app, rt, client_for):
    """A phone-only petitioner: the call about 補正 recorded, then the case
    cancelled (its cancellation notice has no address: not sent)."""
    case = make_case(app, rt, person={"name": "王小明", "phone": "0912345678"})
    pwb1 = client_for("pwb1")
    handle = _claimed_handle(pwb1, rt, case.case_id)
    pwb1.post(f"/tasks/{handle.id}/supplement", data={"request": "請補正地址"})
    pwb1.post(f"/tasks/{handle.id}/supplement/call")
    cancellation.cancel_case(rt, case.case_id, "重複登記", ADMIN)


def _replied_and_rated(app, rt, client_for):
    case = make_case(app, rt)
    pwb1 = client_for("pwb1")
    handle = _claimed_handle(pwb1, rt, case.case_id)
    pwb1.post(f"/tasks/{handle.id}/complete", data=REPLY)
    citizen = app.test_client()
    citizen.post("/public/status", data={"number": case.number, "password": case.password})
    rated = citizen.post("/public/status/rate", data={"rating": "4"}, follow_redirects=True)
    assert "感謝您的評分" in rated.get_data(as_text=True)   # PostgreSQL said "already received"


def _timers(app, rt, db, client_for, clock):
    """A deadline timer fired; another failed by the scheduler, then retried."""
    first, second = make_case(app, rt), make_case(app, rt)
    clock.advance(days=40)
    with db.connect() as conn:
        due = conn.execute(select(timer.c.id, timer.c.case_id).where(
            timer.c.state == "pending", timer.c.due_at <= clock.now(),
            timer.c.case_id.in_([first.case_id, second.case_id])).order_by(timer.c.id)).all()
    rt.fire_timer(next(t.id for t in due if t.case_id == first.case_id))
    failing = next(t.id for t in due if t.case_id == second.case_id)
    with db.begin() as conn:
        conn.execute(update(timer).where(timer.c.id == failing)
                     .values(state="claimed", claimed_by="scheduler-1"))
        timer_rows.record_failure(conn, failing, "scheduler-1", "WorkflowTaskException: boom",
                                  clock.now(), max_attempts=1)
    client_for("admin").post("/admin/timers/retry", data={"timer": failing})


def _notice_resent(db, client_for):
    with db.begin() as conn:
        notice = conn.execute(select(outbox.c.id).order_by(outbox.c.id)).scalars().first()
        conn.execute(update(outbox).where(outbox.c.id == notice).values(status="dead"))
    client_for("admin").post(f"/admin/outbox/{notice}/resend")


def _complete(rt, case_id, element, **form):
    row = ready_task(rt, case_id, element)
    agency, role = row.candidate_agency or "DOA", row.candidate_role or "officer"
    rt.complete(row.id, Actor(f"{agency.lower()}.{role}", agency, frozenset({role})), form)


def _models(app, rt, db, clock):
    """A car booked by the dispatch model's service step; a business's reply
    received as a message by a consumer complaint."""
    deploy_library(rt, db, [(name, agency, [name.split(".")[1]]) for name, agency in
                            (("doa.officer", "DOA"), ("cpo.officer", "CPO"), ("cpo.intake", "CPO"))])
    load_resources(db)
    trip = rt.start_case("vehicle_dispatch", {"title": "派車：市政會議"})["id"]
    _complete(rt, trip, "request_trip", route="四維行政中心－鳳山行政中心", purpose="市政會議資料送達",
              trip_start=_later(clock, 2, 9), trip_end=_later(clock, 2, 12), passengers=3)
    _complete(rt, trip, "assign_trip", dispatch_decision="assign", car_id="RBK-2101", driver_id="DRV-01")
    complaint = rt.start_case("consumer_complaint", {"title": "旅行社退費爭議"},
                              petitioner_info={"name": "陳美玲", "email": "chen@example.org"})["id"]
    _complete(rt, complaint, "intake", request_type="first_complaint", category="travel",
              consumer_name="陳美玲", business_name="某旅行社", claim_text="疫情取消行程未退費",
              has_prior_complaint=False, already_mediated=False)
    rt.send_message(complaint, "business_reply", {"reply": "僅退一半", "properly_handled": False})


def _later(clock, days, hour) -> str:
    day = (clock.now() + timedelta(days=days)).astimezone(TAIPEI).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def _migrations(app, rt, client_for):
    """An oral petition waits at the read-back step: a run that refuses it
    (unmapped), a dry run of moving it, a run that maps and moves it."""
    waiting = make_case(app, rt, channel="phone")
    with app.app_context():
        rt.deploy(petition_versions.files(petition_versions.petition_renamed()))
    with rt.db.connect() as conn:
        latest = conn.execute(select(func.max(process_definition.c.version))
                              .where(process_definition.c.key == "petition")).scalar()
    refused = runs.create_run(rt, MigrationPlan("petition", latest), [waiting.case_id])   # the CLI's
    runs.resume(rt, refused)
    analyst = client_for("analyst")
    work = partial(migration_jobs.work, rt.db, rt.clock, "scheduler-1", partial(jobs.perform, rt))
    analyst.post(f"/models/petition/versions/{latest}/migrate", data={})
    work()
    analyst.post(f"/models/petition/versions/{latest}/migrate/run",
                 data={"map-read_back": "read_back_record"})
    work()


def _accounts(app, client_for):
    """Accounts, tokens, a lock and a password changed, as the admin pages do them."""
    admin = client_for("admin")
    admin.post("/admin/users/new", data={"username": "lin", "display_name": "林小姐", "agency": "EPB",
                                         "roles": ["officer"], "password": "a-long-first-pass"})
    admin.post("/admin/users/pwb2", data={"display_name": "林志明", "agency": "PWB",
                                          "roles": ["officer", "supervisor"]})
    admin.post("/admin/users/pwb2/active", data={"active": "0"})
    admin.post("/admin/users/pwb2/active", data={"active": "1"})
    expires = datetime.now(TAIPEI).date() + timedelta(days=30)
    admin.post("/admin/tokens", data={"username": "pwb1", "label": "1999 系統",
                                      "expires": expires.isoformat()})
    admin.post("/admin/tokens/1/revoke")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        app.test_client().post("/login", data={"username": "pwb2", "password": "wrong"})
    admin.post("/admin/users/pwb2/unlock")
    resp = admin.post("/admin/users/pwb2/password")
    temporary = resp.get_data(as_text=True).split('id="temporary">')[1].split("<")[0]
    pwb2 = app.test_client()
    pwb2.post("/login", data={"username": "pwb2", "password": temporary})
    pwb2.post("/account/password", data={"current": temporary, "new": "my-own-password",
                                         "repeat": "my-own-password"})
    pwb2.post("/logout")


MAIL = {"version": "0", "host": "127.0.0.1", "port": "2525", "user": "", "password": "",
        "sender": "notice@kcg.gov.tw"}
TYB = {"name_zh": "颱風應變小組", "name_en": "Typhoon Response Team", "kind": "office",
       "parent_code": "DOA", "email": "", "district": "LINGYA"}
CAR = {"name_zh": "油電公務車", "name_en": "Hybrid car", "centre": "fengshan", "capacity": "5"}


def _settings(client_for):
    """Agencies, resources, the mail connection and the report's wording."""
    admin = client_for("admin")
    admin.post("/admin/agencies/new", data=dict(TYB, code="TYB"))
    admin.post("/admin/agencies/TYB", data=dict(TYB, name_zh="防災應變小組", district="QISHAN"))
    admin.post("/admin/agencies/TYB/active", data={"active": "0"})
    admin.post("/admin/agencies/TYB/active", data={"active": "1"})
    admin.post("/admin/resources/new", data=dict(CAR, kind="car", code="RBK-2199"))
    admin.post("/admin/resources/RBK-2199", data=dict(CAR, capacity="7"))
    admin.post("/admin/resources/RBK-2199/active", data={"active": "0"})
    admin.post("/admin/connections/mail", data=MAIL)
    admin.post("/report/prose", data={"prose-closing": "本月結語"})


def _trail(app, rt, db, client_for, clock):
    _named(db)
    _assignments(app, rt, client_for)
    closed = _supplement_and_closure(app, rt, client_for, clock)
    _district_move(rt, client_for, closed)
    _phoned_and_cancelled(app, rt, client_for)
    _replied_and_rated(app, rt, client_for)
    _notice_resent(db, client_for)
    _accounts(app, client_for)
    _settings(client_for)
    _models(app, rt, db, clock)
    _migrations(app, rt, client_for)
    _timers(app, rt, db, client_for, clock)
    _named(db)   # and the accounts the models' steps were done by


def _page_rows(client) -> list[list[str]]:
    """Each row's cells' text: time, user, action, case, details."""
    html = client.get("/admin/audit").get_data(as_text=True)
    table = html[html.index('<table id="audit"'):html.index("</table>")]
    return [[page_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def _csv_rows(client) -> list[list[str]]:
    body = client.get("/admin/audit.csv").get_data()
    assert body.startswith("\ufeff".encode())   # UTF-8 with BOM: Excel on zh-TW Windows reads it
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]


def _kinds(db) -> set[str]:
    with db.connect() as conn:
        return set(conn.execute(select(audit.c.action)).scalars())


def _codes_in(text: str) -> list[str]:
    """What in `text` is a task id, a stored key, JSON, or Latin that is no name."""
    latin = re.findall(r"[A-Za-z_]{3,}", LATIN_ALLOWED.sub("", text))
    return UUID.findall(text) + SNAKE.findall(text) + JSON.findall(text) + latin


def test_every_kind_of_record_reads_in_words_on_the_page_and_in_the_csv(
        app, rt, db, client_for, clock):
    _trail(app, rt, db, client_for, clock)
    assert _kinds(db) == set(EXPECTED), set(EXPECTED) ^ _kinds(db)
    admin = client_for("admin")
    page, sheet = _page_rows(admin), _csv_rows(admin)
    assert len(page) == len(sheet) <= 200
    for shown, exported in zip(page, sheet):
        when, user, action, number, detail = shown
        assert exported[2] == user.split(" ")[0] and exported[4] == action, (shown, exported)
        # The CSV's detail is the page's, with each moved task named after it.
        assert exported[6].startswith("" if detail == "—" else detail), (shown, exported)
    coded = [(t, _codes_in(t)) for shown, exported in zip(page, sheet)
             for t in (shown[1].split(" ")[0], *shown[2:], *exported[2:3], *exported[4:])
             if _codes_in(t)]
    assert not coded, coded
    # The account under the name is a person's login only; the system's and
    # the petitioner's rows leave it empty, as the page does.
    assert {r[3] for r in sheet if r[2] in ("系統", "陳情人")} == {""}
    said = {row[4]: [] for row in sheet}
    for row in sheet:
        said[row[4]].append(row[6])
    _expected_words(admin, said)
    # Only the CSV names each task a closure, a district move or 補正 moved.
    moved = r"調整的期限：115-\d{6} 辦理並擬復（工務局）：民國115年\d+月\d+日 → 民國115年"
    assert len([d for r in sheet for d in [r[6]] if re.search(moved, d)]) == 3
    assert any("各待辦暫停的工作日數：辦理並擬復（工務局）：2" in r[6] for r in sheet)
    assert not any("調整的期限" in r[4] or "各待辦暫停" in r[4] for r in page)
    _in_english(admin)


def _expected_words(admin, said: dict) -> None:
    from webapp.views.admin.actions import record_action
    with admin.application.test_request_context(headers={"Accept-Language": "zh-TW"}):
        for action, words in EXPECTED.items():
            shown = said.get(record_action(action, None)) or said.get("交還原承辦人", [])
            assert any(words in d for d in shown), (action, words, shown)


ENGLISH = ("user: 林志明", "district before: Lingya District; district after: Fengshan District",
           "addressed to: the petitioner; reason: no address on file", "resource: RBK-2199 Hybrid car",
           "kind: Car", "administrative centre: Fengshan Administrative Centre",
           "sections changed: Closing words", "message: Message from the business",
           "The case waits at “Read back the record”")


def _in_english(admin) -> None:
    """English words (a model's own Chinese values aside), never a key or an id."""
    admin.post("/lang/en", data={"next": "/admin/audit"})
    rows = _page_rows(admin)
    details = [r[4] for r in rows]
    for words in ENGLISH:
        assert any(words in d for d in details), (words, [d for d in details if words[:8] in d])
    for detail in details:
        assert not UUID.search(detail) and not SNAKE.search(detail) and not JSON.search(detail)
        assert not re.search(r"[\u3400-\u9fff（）]: ", detail), detail   # every label in English


def test_a_moved_step_without_a_name_reads_unnamed_step_in_the_csv(unnamed_case, rt, client_for):
    """A version deployed before steps had to be named (test_unnamed_steps.py):
    the closure's CSV names its task 未命名步驟, never `handle`."""
    due = as_utc(ready_task(rt, unnamed_case.case_id, "handle").due_at).astimezone(TAIPEI).date()
    admin = client_for("admin")
    admin.post("/admin/calendar", data={"day": due.isoformat(), "kind": "holiday",
                                        "reason": "凱米颱風停止上班", "districts": ["LINGYA"]})
    [closure] = [r for r in _csv_rows(admin) if r[4] == "宣布停班或補行上班"]
    assert f"調整的期限：{unnamed_case.number} 未命名步驟（工務局）：民國" in closure[6], closure
    assert "handle" not in closure[6]


def test_a_long_list_of_moved_tasks_stops_short_of_a_spreadsheet_cell(app, rt, client_for,
                                                                     monkeypatch):
    """Excel keeps 32,767 characters in a cell: a city-wide closure's list says
    how many more tasks moved instead of running past it."""
    from webapp.views.admin import audit_moves
    cases = [make_case(app, rt) for _ in range(3)]
    due = as_utc(ready_task(rt, cases[0].case_id, "handle").due_at).astimezone(TAIPEI).date()
    admin = client_for("admin")
    admin.post("/admin/calendar", data={"day": due.isoformat(), "kind": "holiday",
                                        "reason": "凱米颱風停止上班"})
    monkeypatch.setattr(audit_moves, "CELL", 60)   # room for one task
    [closure] = [r for r in _csv_rows(admin) if r[4] == "宣布停班或補行上班"]
    assert re.search(r"調整的期限：115-\d{6} 辦理並擬復（工務局）：民國115年\d+月\d+日 → 民國115年"
                     r"\d+月\d+日、及其他 2 件（完整清單見工作日曆頁）$", closure[6]), closure[6]
