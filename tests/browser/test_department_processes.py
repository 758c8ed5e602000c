"""A facility repair from the web, as the people do it: an education-bureau
officer in the Sihwei administrative centre reports a stuck lift from 開案;
the department's triage officer finds it in the agency's queue, reads the
reporter's words and place beside the form, confirms the trade and sends it
for repair. Everything in zh-TW, dates in the ROC calendar, no element ids."""
from pathlib import Path

import pytest
from playwright.sync_api import expect
from webtest_support import PASSWORD

from engine.cases.runtime import Engine
from webapp import users

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
IDS = ("report_fault", "triage", "work_order", "facility_repair", "sihwei", "air_conditioning", "lift")
WORDS = "西側2號電梯停在7樓，按鈕沒有反應，門打不開，行動不便同仁無法上樓。"


@pytest.fixture
def library(live_server, db, clock):
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "edu1", "EDU", ["officer"], PASSWORD)
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
    return rt


def no_ids(page):
    text = page.inner_text("main")
    assert not [i for i in IDS if i in text], text


def _reporter_reports(login, accessible, shot):
    page = login("edu1")
    page.click("nav a:has-text('開案')")
    assert "四維或鳳山行政中心" in page.inner_text(".start-choices")    # the kind of case, explained
    accessible(page)
    page.click(".start-choices a:has-text('行政中心設施報修')")
    assert "行政中心設施報修" in page.inner_text("h1")
    page.select_option("#f-centre", "sihwei")
    page.fill("#f-location", "7樓 西側電梯")
    page.select_option("#f-trade", "lift")
    page.fill("#f-subject", "西側電梯停在7樓")
    page.fill("#f-reporter_name", "林美華")
    page.fill("#f-reporter_phone", "分機 2345")
    page.click("button:has-text('送出開案')")
    assert page.inner_text("#f-content-err").strip() == "必填"       # beside the field, in zh-TW
    accessible(page)
    shot(page, "repair-1-report-error")
    page.fill("#f-content", WORDS)
    page.click("button:has-text('送出開案')")
    assert "已開案" in page.inner_text("h1")
    started = page.inner_text("table.started")
    assert "設施報修：西側電梯停在7樓" in started and "分派工種" in started
    no_ids(page)
    accessible(page)
    shot(page, "repair-2-receipt")
    return page.inner_text("table.started tbody td a").strip()


def test_staff_report_a_fault_and_the_triage_officer_sends_it_for_repair(
        library, login, live_server, accessible, shot):
    number = _reporter_reports(login, accessible, shot)
    page = login("doa1")
    page.click(".tabs a:has-text('機關待領')")
    assert "設施報修：西側電梯停在7樓" in page.inner_text(f"tr:has-text('{number}')")
    accessible(page)
    shot(page, "repair-3-queue")
    page.click(f"tr:has-text('{number}') >> text=分派工種")
    main = page.inner_text("main")
    assert WORDS in main and "四維行政中心 7樓 西側電梯" in main    # the reporter's words, the centre and place
    assert "行政暨國際處" in page.inner_text("dl.summary")            # the responsible agency
    assert "民國115年3月3日" in main                                # due the next working day
    no_ids(page)
    accessible(page)
    shot(page, "repair-4-triage-task")
    page.click("button:has-text('領取')")
    assert page.input_value("#f-trade") == "lift"                   # the reporter's kind of fault
    page.select_option("#f-urgency", "urgent")
    page.select_option("#f-triage_action", "repair")
    expect(page.locator("#f-cancel_reason")).to_be_hidden()         # only for a cancelled report
    accessible(page)
    shot(page, "repair-5-triage-form")
    page.click("button:has-text('完成')")
    page.wait_for_url(f"{live_server}/inbox")
    page.goto(f"{live_server}/cases/{number}")
    page.wait_for_selector("#diagram svg")
    text = page.inner_text("main")
    assert "開立工單" in text and "電梯" in text
    no_ids(page)
    accessible(page)
    shot(page, "repair-6-case-page")
