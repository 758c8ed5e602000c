"""“Waiting for my decision”: an extension asked through the model's handling
form waits in the supervisors' list (and the API's extension requests) with
its reason and proposed deadline; nobody decides their own request.

The case is received Monday 2026-03-02; PWB's `handle` is due Tuesday 03-10.
"""
from webtest_support import ask_extension, make_case, ready_task




def test_supervisor_sees_the_request_with_its_reason_and_new_deadline(registered_case, rt,
                                                                      client_for):
    boss = client_for("pwbboss")
    assert ">0</span>" in boss.get("/decisions").get_data(as_text=True)
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    page = boss.get("/decisions").get_data(as_text=True)
    assert registered_case.number in page and "需會同廠商現場會勘" in page
    assert "pwb1" in page                                   # the officer who asked
    assert "115/03/17" in page or "115年3月17日" in page     # 03-10 + 5 working days
    assert '<span class="badge">1</span>' in page           # the count in the navigation
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    assert f"/decisions/{approve.id}" in page


def test_the_extensions_task_page_leads_to_the_request(registered_case, rt, client_for):
    """The approval's task page sends the chief to the reason and days asked."""
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = client_for("pwbboss").get(f"/tasks/{approve.id}").get_data(as_text=True)
    assert "到核決頁面查看申請理由與天數並核決" in page and f"/decisions/{approve.id}" in page


def test_only_supervisors_open_the_list_and_the_count_is_their_agencys(registered_case, rt,
                                                                       client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    assert client_for("pwb1").get("/decisions").status_code == 403
    assert "/decisions" not in client_for("pwb1").get("/inbox").get_data(as_text=True)
    doa = client_for("doaboss").get("/decisions").get_data(as_text=True)
    assert registered_case.number in doa            # the department sees every agency's
    assert '<span class="badge">0</span>' in doa    # but PWB's supervisors decide it


def test_decision_page_shows_the_ask_and_approval_moves_the_officers_due_date(
        registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    boss = client_for("pwbboss")
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = boss.get(f"/decisions/{approve.id}").get_data(as_text=True)
    assert "需會同廠商現場會勘" in page and "pwb1" in page
    assert 'name="extension_days" value="5"' in " ".join(page.split())   # the officer's ask
    resp = boss.post(f"/decisions/{approve.id}", data={"extension_approved": "true",
                                                       "extension_days": "5"})
    assert resp.status_code == 302 and resp.location.endswith("/decisions")
    handle = ready_task(rt, registered_case.case_id, "handle")
    assert handle.due_at.day == 17
    assert "目前沒有等您核決的事項" in boss.get("/decisions").get_data(as_text=True)
    officer_view = client_for("pwb1").get(f"/tasks/{handle.id}").get_data(as_text=True)
    assert "115年3月17日" in officer_view


def test_decision_page_refuses_more_than_the_rules_allow(registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    resp = client_for("pwbboss").post(f"/decisions/{approve.id}", data={
        "extension_approved": "true", "extension_days": "150"})
    assert resp.status_code == 422 and "不得大於 30" in resp.get_data(as_text=True)
    assert ready_task(rt, registered_case.case_id).element_id == "approve_extension"


def test_officer_cannot_ask_for_months(registered_case, rt, client_for):
    resp = ask_extension(client_for("pwb1"), rt, registered_case.case_id, days="150")
    assert resp.status_code == 422
    assert ready_task(rt, registered_case.case_id).element_id == "handle"


def test_nobody_decides_their_own_request(registered_case, rt, client_for):
    boss = client_for("pwbboss")     # a supervisor handling the case themselves
    ask_extension(boss, rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = boss.post(f"/tasks/{approve.id}/claim", follow_redirects=True).get_data(as_text=True)
    assert "不能自己核決" in page
    assert ready_task(rt, registered_case.case_id, "approve_extension").assignee is None
    listing = boss.get("/decisions").get_data(as_text=True)
    assert "須由其他主管核決" in listing and f"/decisions/{approve.id}\"" not in listing
    assert '<span class="badge">0</span>' in listing    # not counted as waiting for them
    page = boss.get(f"/decisions/{approve.id}").get_data(as_text=True)
    assert "不能自己核決" in page and 'name="extension_days"' not in page
    refused = boss.post(f"/decisions/{approve.id}", data={"extension_approved": "true",
                                                          "extension_days": "5"},
                        follow_redirects=True).get_data(as_text=True)
    assert "未完成" in refused or "不能自己核決" in refused
    assert ready_task(rt, registered_case.case_id).element_id == "approve_extension"


def test_api_lists_pending_extension_requests_of_the_callers_agencies(registered_case, rt,
                                                                      client_for, token_for, app):
    from sqlalchemy import select
    from engine.data.schema import task
    api = app.test_client()
    assert api.get("/api/v1/extension-requests?state=pending",
                   headers=token_for("pwbboss")).get_json()["requests"] == []
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    body = api.get("/api/v1/extension-requests?state=pending", headers=token_for("pwbboss")).get_json()
    (req,) = body["requests"]
    assert (req["case_number"], req["requested_by"], req["reason"], req["working_days"]) == (
        registered_case.number, "pwb1", "需會同廠商現場會勘", 5)
    assert req["proposed_due"].startswith("2026-03-17") and req["you_may_decide"] is True
    with rt.db.connect() as conn:   # the asking task is closed: no second request meanwhile
        asked = conn.execute(select(task.c.id).where(task.c.element_id == "handle")).scalar_one()
    again = api.post(f"/api/v1/tasks/{asked}/complete", json={"data": {
        "handling_action": "extension", "extension_reason": "再延", "extension_days": 30}},
        headers=token_for("pwb1"))
    assert again.status_code == 409
    assert api.get("/api/v1/extension-requests?state=decided",
                   headers=token_for("pwbboss")).status_code == 422
    assert api.get("/api/v1/extension-requests", headers=token_for("pwb1")).status_code == 403


def test_api_refuses_the_approval_to_its_asker(registered_case, rt, client_for, token_for, app):
    ask_extension(client_for("pwbboss"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    resp = app.test_client().post(f"/api/v1/tasks/{approve.id}/complete", json={"data": {
        "extension_approved": True, "extension_days": 5}}, headers=token_for("pwbboss"))
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "own_request"


def test_the_approval_task_page_leads_to_the_decision_page(registered_case, rt, client_for):
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    approve = ready_task(rt, registered_case.case_id, "approve_extension")
    page = client_for("pwbboss").get(f"/tasks/{approve.id}").get_data(as_text=True)
    assert "本件待主管核決" in page and f'href="/decisions/{approve.id}"' in page


# A confidential petitioner (Art. 170) whose words run long: past the 300
# characters the case summary keeps, so the list reads them from the trail.
SECRET_NAME, SECRET_PHONE = "蘇祕密", "0987-654-321"
LONG_WORDS = ("巷口路燈自上週起每晚閃爍，騎機車經過時幾乎看不見路面。\n"
              + "附近有國小，學童傍晚放學必經此路，家長都很擔心。" * 12 + "\n請盡速派員修復。")


def _confidential_case(app, rt):
    return make_case(app, rt, person={"name": SECRET_NAME, "phone": SECRET_PHONE},
                     confidential=True, petitioner_name=SECRET_NAME,
                     petitioner_contact=SECRET_PHONE, subject="巷口路燈閃爍", content=LONG_WORDS)


def test_the_list_shows_what_each_case_is_about_but_not_who_asked(app, rt, registered_case,
                                                                  client_for):
    secret = _confidential_case(app, rt)
    officer = client_for("pwb1")
    ask_extension(officer, rt, registered_case.case_id)
    ask_extension(officer, rt, secret.case_id)
    boss = client_for("pwbboss")
    page = boss.get("/decisions").get_data(as_text=True)
    assert "待我核決" in page                          # zh-TW
    # A short petition: its subject, category in words and whole content in the row.
    assert "路燈不亮" in page and "類別：路燈故障" in page
    assert '<p class="about-words about-start" lang="zh-Hant-TW">鼓山區某路段路燈故障三天</p>' in page
    # A long one: the start of the words in the row, the whole text a click away,
    # with its line breaks; the subject as the petitioner wrote it.
    assert "巷口路燈閃爍" in page and "顯示全文" in page and "收合" in page
    start = LONG_WORDS.split("\n")[0]
    assert start in page and f'<div class="about-whole" lang="zh-Hant-TW">{LONG_WORDS}</div>' in page
    assert "street_light" not in page                   # no codes
    # Art. 170: a supervisor never sees the confidential petitioner, here or when deciding.
    approve = ready_task(rt, secret.case_id, "approve_extension")
    shown = boss.get(f"/decisions/{approve.id}").get_data(as_text=True)
    assert "巷口路燈閃爍" in shown and LONG_WORDS in shown and "路燈故障" in shown
    for text in (page, shown):
        assert SECRET_NAME not in text and SECRET_PHONE not in text
    boss.post("/lang/en", data={"next": "/decisions"})       # and in English, in its words
    english = boss.get("/decisions").get_data(as_text=True)
    assert "Category: Street lights" in english and "Read the whole text" in english


def test_the_petitioners_words_are_escaped(app, rt, registered_case, client_for):
    case = make_case(app, rt, subject="<b>主旨</b>", content="<script>alert(1)</script>路燈")
    ask_extension(client_for("pwb1"), rt, case.case_id)
    page = client_for("pwbboss").get("/decisions").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;路燈" in page
    assert "<b>主旨</b>" not in page and "&lt;b&gt;主旨&lt;/b&gt;" in page


def test_what_the_cases_are_about_takes_one_query_whatever_the_rows(app, rt, client_for):
    """Read with the list: at most one statement more than the list without it
    (the trail, for the long words the summary does not keep), for any number of rows."""
    from sqlalchemy import event
    from engine.board import decisions
    from engine.cases.queries import Viewer
    for _ in range(3):
        case = make_case(app, rt, content=LONG_WORDS)
        ask_extension(client_for("pwb1"), rt, case.case_id)
    viewer = Viewer("pwbboss", "PWB", frozenset({"supervisor"}))
    statements = []

    def run(**kw):
        statements.clear()
        found = decisions.waiting(conn, viewer, **kw)
        return found, len(statements)
    with rt.db.connect() as conn:
        decisions.waiting(conn, viewer)          # the models' declarations, cached
        event.listen(rt.db, "before_cursor_execute", lambda *_a: statements.append(1))
        (_, plain), (rows, about) = run(), run(about=True)
    assert len(rows) == 3 and all(d.words == LONG_WORDS for d in rows)
    assert about <= plain + 1


def test_another_process_shows_what_it_has(rt, db, client_for):
    """A room booking has no petitioner: its row says what the case is (the
    purpose, its title) and the words the model writes for it (room and
    time), as its task page does; no category it does not have."""
    from sqlalchemy import select
    from engine.cases.actors import Actor
    from engine.data.schema import task
    from engine.demo.bookings import load_resources
    from webtest_support import ROOT
    rt.deploy({"venue_booking.bpmn": (ROOT / "bpmn" / "venue_booking.bpmn").read_bytes()})
    load_resources(db)
    epb = Actor("epb1", "EPB", frozenset({"officer"}))
    ref = rt.start_case("venue_booking", {"title": "空污稽查協調會"}, actor=epb)
    with db.connect() as conn:
        asked = conn.execute(select(task.c.id).where(
            task.c.case_id == ref["id"], task.c.element_id == "request_venue")).scalar_one()
    rt.complete(asked, epb, {"room_id": "SW-R1", "booking_kind": "meeting",
                             "purpose": "空污稽查協調會", "starts_at": "2026-03-10T14:00",
                             "ends_at": "2026-03-10T16:00", "attendees": 20})
    page = client_for("doaboss").get("/decisions").get_data(as_text=True)
    assert ref["number"] in page and "空污稽查協調會" in page
    assert "四維行政中心 第一會議室：115/03/10 14:00" in page and "類別：" not in page
