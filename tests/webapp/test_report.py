"""webapp/views/report.py: the period report page, its spreadsheet, bad
periods and who may see it; cases are driven through the shipped models."""
from __future__ import annotations

import importlib.util
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from engine.demo.reference import load_reference
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_library_web", Path(__file__).resolve().parents[1] / "models" / "conftest.py")
lib_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lib_mod)
at = lib_mod.at

MARCH = "/report/?from=2026-03-01&to=2026-03-31"


@pytest.fixture
def cases(app, rt, clock):
    """March 2026: two petitions (PWB on time, EPB unanswered), a consultation,
    a first complaint and a council resolution for PWB."""
    load_reference(rt.db, with_demo_users=False)
    deploy_checked(rt, lib_mod.library_files())   # model_reports.py
    lib = lib_mod.Driver(rt, rt.db, clock)
    for category in ("street_light", "noise"):
        clock.set(at(2026, 3, 2))
        # An e-mail address on file: the reply is sent, not handed to the intake office.
        cid = lib.start("petition", {"title": "陳情"},
                        petitioner={"name": "王小明", "email": "wang@example.org"})
        lib.complete(cid, "register", channel="letter", subject="陳情", content="內容", category=category,
                     district="D-NANZI", language="zh_TW", art173_ground="none")
        if category == "street_light":
            lib.complete(cid, "handle", handling_action="reply", reply_text="已修復", legal_basis="法")
    for kind in ("consultation", "first_complaint"):
        cid = lib.start("consumer_complaint", {"title": "消費爭議"}, petitioner={"name": "陳美玲"})
        lib.complete(cid, "intake", request_type=kind, category="travel", consumer_name="陳美玲",
                     claim_text="退費", has_prior_complaint=False, already_mediated=False)
    cid = lib.start("council_resolution", {"title": "第480次市政會議決議"})
    lib.complete(cid, "record_resolution", meeting_number=480, meeting_date="2026-03-03",
                 resolution_text="辦理", responsible_agency="PWB", report_interval_days=30)
    clock.set(at(2026, 4, 1))
    return lib


class Numbers(HTMLParser):
    """The numbers of the report's tables and facts, in page order."""

    def __init__(self):
        super().__init__()
        self.values, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "td" or (tag == "dd" and "data-fact" in dict(attrs))

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        text = data.strip().replace(",", "")
        if self._in and re.fullmatch(r"-?\d+(\.\d+)?%?", text):
            self.values.append(float(text.rstrip("%")) if "." in text else int(text))


def page_numbers(html: str) -> list:
    parser = Numbers()
    parser.feed(html)
    return parser.values


def xlsx_numbers(body: bytes) -> list:
    book = load_workbook(io.BytesIO(body))
    return [v for ws in book.worksheets[1:] for row in ws.iter_rows(min_row=2, values_only=True)
            for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)]


def test_department_supervisor_sees_every_section_in_roc_dates(client_for, cases):
    html = client_for("doaboss").get(MARCH).get_data(as_text=True)
    assert "民國115年3月1日–115年3月31日" in html
    assert "高雄市政府行政暨國際處" in html
    for sec in ("consumer", "petitions", "council", "audits"):
        assert f'id="sec-{sec}"' in html
    assert 'data-fact="council">1<' in html   # one meeting
    assert 'vendor/chart.umd.js' in html and 'css/report.css' in html


def test_spreadsheet_holds_the_numbers_of_the_page(client_for, cases):
    client = client_for("doaboss")
    html = client.get(MARCH).get_data(as_text=True)
    resp = client.get("/report/report.xlsx?from=2026-03-01&to=2026-03-31")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(resp.data))
    assert len(book.worksheets) == 11   # cover + one sheet per section (five for the services)
    numbers = page_numbers(html)
    assert numbers == xlsx_numbers(resp.data)
    assert sum(numbers) > 0


def test_petition_table_counts(client_for, cases):
    html = client_for("doaboss").get(MARCH).get_data(as_text=True)
    total = re.search(r'id="t-petitions-channel".*?<tfoot>(.*?)</tfoot>', html, re.S).group(1)
    cells = re.findall(r"<td>([^<]*)</td>", total)
    # received, replied, on time, late, open overdue, not handled, extended, rate
    assert cells == ["2", "1", "1", "0", "1", "0", "0", "50.0%"]


@pytest.mark.parametrize("query,needle", [
    ("from=2026-02-30&to=2026-03-31", "not a date"),
    ("from=2026-03-31&to=2026-03-01", "after the end"),
    ("from=2026-03-01", "not a date"),
    ("from=2020-01-01&to=2026-03-01", "three years"),
    ("preset=decade", "unknown preset"),
])
def test_bad_periods_are_a_clear_400(client_for, query, needle):
    client = client_for("admin")
    client.post("/lang/en", data={"next": "/"})
    for path in ("/report/", "/report/report.xlsx"):
        resp = client.get(f"{path}?{query}")
        assert resp.status_code == 400
        assert needle in resp.get_data(as_text=True)


def test_english_on_request(client_for, cases):
    client = client_for("doaboss")
    client.post("/lang/en", data={"next": "/"})
    html = client.get(MARCH).get_data(as_text=True)
    assert "2026-03-01 – 2026-03-31" in html and "Consumer protection" in html


@pytest.mark.parametrize("user,status", [("doaboss", 200), ("pwbboss", 200), ("analyst", 200),
                                         ("admin", 200), ("pwb1", 403), ("clerk", 403)])
def test_who_may_see_the_report(client_for, user, status):
    client = client_for(user)
    assert client.get("/report/").status_code == status
    assert client.get("/report/report.xlsx").status_code == status
    nav = client.get("/inbox").get_data(as_text=True)
    assert ('href="/report/"' in nav) == (status == 200)


def test_agency_supervisor_sees_only_their_agency(client_for, cases):
    html = client_for("pwbboss").get(MARCH).get_data(as_text=True)
    assert 'id="sec-consumer"' not in html and 'id="sec-audits"' not in html
    agencies = re.search(r'id="t-petitions-agency".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert "工務局" in agencies and "環境保護局" not in agencies


def test_anonymous_is_sent_to_login(app):
    resp = app.test_client().get("/report/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_the_period_is_typed_as_officials_write_it(client_for, cases):
    client = client_for("doaboss")
    typed = client.get("/report/?from=115/03/01&to=115/03/31").get_data(as_text=True)
    assert "期間：民國115年3月1日–115年3月31日" in typed
    assert 'value="115/03/01"' in typed and 'type="date"' not in typed
    assert client.get("/report/?from=115/02/30&to=115/03/31").status_code == 400
