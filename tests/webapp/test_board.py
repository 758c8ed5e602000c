"""The deadline board over HTTP: who may open it, filters and their 400s,
drill-down, saved filters, and files holding the page's numbers."""
from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from webtest_support import PASSWORD, csrf_token, make_case, ready_task

WEEKS = "from=2026-02-23&to=2026-03-02"


@pytest.fixture
def cases(app, rt, clock):
    """Two street-light petitions at PWB (one answered at once), one noise
    petition at EPB; then the clock moves past PWB's deadline."""
    from engine.cases.actors import Actor
    first, second = make_case(app, rt), make_case(app, rt)
    make_case(app, rt, category="noise", subject="噪音", content="工地夜間施工噪音")
    officer = Actor("pwb1", "PWB", frozenset({"officer"}))
    handle = ready_task(rt, first.case_id, "handle")
    rt.complete(handle.id, officer, {"handling_action": "reply", "reply_text": "已修復",
                                     "legal_basis": "市區道路條例"})
    clock.advance(days=9)   # Wed 03-11: the second case's handle is overdue
    return first, second


def figures(html: bytes, agency: str) -> dict:
    """{figure: text} of one agency's row of the board table."""
    row = re.search(rf'<tr data-agency="{agency}"[^>]*>(.*?)</tr>', html.decode(), re.S).group(1)
    return {m.group(1): m.group(2) for m in re.finditer(
        r'data-figure="(\w+)"[^>]*>([^<]*)<', row)}


def number(value):
    """A figure as a number, however the page or the file wrote it."""
    return None if value in (None, "", "—") else float(value)


@pytest.mark.parametrize("user,status", [("pwbboss", 200), ("doaboss", 200), ("admin", 200),
                                         ("pwb1", 403), ("clerk", 403), ("analyst", 403)])
def test_only_supervisors_and_admins_open_the_board(client_for, user, status):
    assert client_for(user).get("/board/").status_code == status


def test_agency_supervisor_sees_own_agency_department_sees_all(client_for, cases):
    own = client_for("pwbboss").get(f"/board/?{WEEKS}").data
    assert 'data-agency="PWB"' in own.decode() and 'data-agency="EPB"' not in own.decode()
    everything = client_for("doaboss").get(f"/board/?{WEEKS}").data.decode()
    assert 'data-agency="PWB"' in everything and 'data-agency="EPB"' in everything
    assert client_for("pwbboss").get(f"/board/?agency=EPB&{WEEKS}").status_code == 403


def test_page_shows_the_figures(client_for, cases):
    pwb = figures(client_for("doaboss").get(f"/board/?agency=PWB&{WEEKS}").data, "PWB")
    assert (pwb["open"], pwb["overdue"], pwb["escalated"], pwb["completed"]) == ("1", "1", "0", "1")
    assert (pwb["on_time_rate"], pwb["median_days"]) == ("100.0", "0.0")


@pytest.mark.parametrize("query,message", [
    ("from=2026-13-01", "不是日期"), ("from=2026-03-09&to=2026-03-02", "」晚於「"),
    ("agency=NOPE", "沒有您可檢視的此一機關"), ("process=nothing", "沒有以此名稱部署的流程"),
    ("from=2010-01-04&to=2026-03-02", "一次最多顯示 "), ("figure=weird", "沒有這份清單"),
    ("", "沒有這份清單")])
def test_bad_query_strings_are_a_clear_400_in_zh_tw(client_for, query, message):
    path = "/board/list?" if query.startswith("figure") or not query else "/board/?"
    resp = client_for("doaboss").get(path + query)
    said = re.search(r'id="filter-error">([^<]*)<', resp.data.decode()).group(1)
    assert resp.status_code == 400 and message in said
    assert not re.search(r"[A-Za-z]{3,}", said)   # no English word, no code


def test_drill_down_lists_the_cases_behind_a_figure(client_for, cases):
    c = client_for("pwbboss")
    page = c.get(f"/board/list?figure=overdue&agency=PWB&{WEEKS}").data.decode()
    assert f'/cases/{cases[1].number}"' in page and f'/cases/{cases[0].number}"' not in page
    done = c.get(f"/board/list?figure=completed&agency=PWB&{WEEKS}").data.decode()
    assert f'/cases/{cases[0].number}"' in done


def test_saved_filters_save_list_apply_delete(client_for, cases):
    c = client_for("pwbboss")
    resp = c.post("/board/filters", data={"name": "PWB petitions",
                                          "query": f"agency=PWB&process=petition&{WEEKS}"})
    assert resp.status_code == 302
    assert "agency=PWB&process=petition&from=2026-02-23&to=2026-03-02" in resp.location
    page = c.get("/board/").data.decode()
    link = re.search(r'href="(/board/\?[^"]+)">PWB petitions<', page).group(1)
    assert figures(c.get(link.replace("&amp;", "&")).data, "PWB")["overdue"] == "1"
    assert "PWB petitions" not in client_for("doaboss").get("/board/").data.decode()
    filter_id = re.search(r'/board/filters/(\d+)/delete', page).group(1)
    assert client_for("doaboss").post(f"/board/filters/{filter_id}/delete").status_code == 404
    assert c.post(f"/board/filters/{filter_id}/delete").status_code == 302
    assert "PWB petitions" not in c.get("/board/").data.decode()


def test_saving_a_bad_filter_is_refused(client_for):
    resp = client_for("pwbboss").post("/board/filters", data={"name": "x", "query": "agency=NOPE"})
    assert resp.status_code == 400


def test_saved_filter_forms_need_csrf(app, cases):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    client.post("/login", data={"username": "pwbboss", "password": PASSWORD,
                                "csrf_token": csrf_token(client.get("/login").data)})
    assert client.post("/board/filters", data={"name": "n", "query": ""}).status_code == 400
    token = csrf_token(client.get("/board/").data)
    ok = client.post("/board/filters", data={"name": "n", "query": "", "csrf_token": token})
    assert ok.status_code == 302


def test_csv_and_xlsx_hold_the_page_numbers(client_for, cases):
    c = client_for("doaboss")
    page = c.get(f"/board/?{WEEKS}").data
    rows = list(csv.reader(io.StringIO(c.get(f"/board/export.csv?{WEEKS}").data.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(c.get(f"/board/export.xlsx?{WEEKS}").data))
    sheet = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    order = ["open", "due_soon", "overdue", "paused", "extended", "escalated", "completed",
             "on_time", "late", "on_time_rate", "median_days"]
    for code in ("PWB", "EPB", "DOA"):
        shown = figures(page, code)
        on_page = [shown[k] for k in order]
        in_csv = next(r for r in rows if r[0] == code)[2:]
        in_xlsx = next(r for r in sheet if r[0] == code)[2:]
        assert [number(v) for v in in_csv] == [number(v) for v in on_page]
        assert [number(v) for v in in_xlsx] == [number(v) for v in on_page]
    assert len(book.sheetnames) == 3


def test_heat_overlay_data_and_diagram(client_for, cases):
    c = client_for("doaboss")
    page = c.get(f"/board/?process=petition&{WEEKS}").data.decode()
    assert 'id="heat-diagram"' in page and "&#34;handle&#34;" in page
    xml = c.get("/board/diagram/petition.bpmn")
    assert xml.status_code == 200 and b'id="petition"' in xml.data
    assert c.get("/board/diagram/nothing.bpmn").status_code == 404
