"""A joint inspection's visit on the task page: whoever records the visit
reads the planned day and whether prosecutors come along (the model's
show_fields) beside the items and places of the case's words."""
import re

import pytest
from sqlalchemy import select

from engine.data.schema import case
from webtest_support import deploy_library, recalled, work_step


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("cpo1", "CPO", ["officer"]), ("cpo2", "CPO", ["officer"])])
    return app


def test_the_visit_record_reads_the_planned_day_and_the_prosecutors(library, rt, db, client_for):
    resp = client_for("cpo1").post("/cases/new/consumer_inspection", data={
        "competent_agency": "DOH", "inspection_theme": "epidemic_supplies", "items": "口罩、酒精",
        "places": "三民區藥局及量販店", "visit_on": "2026-03-04", "with_prosecutors": "true"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "consumer_inspection")).scalar_one()
    visit = work_step(client_for("cpo2"), rt, cid, "joint_visit", {
        "visited_on": "2026-03-02", "team": "消保官 王○○、衛生局 李○○、地檢署 陳○○"})
    assert recalled(visit) == "本案先前登錄的內容 會同主管機關 衛生局 查察日期 民國115年3月4日 會同檢調機關 是"


def test_the_next_shops_form_starts_empty(library, rt, db, client_for):
    """Each shop is its own record: the second shop's form does not open with
    the first shop's name, prices and result (a loop's step starts afresh)."""
    officer = client_for("cpo1")
    resp = officer.post("/cases/new/consumer_inspection", data={
        "competent_agency": "DOH", "inspection_theme": "epidemic_supplies", "items": "口罩",
        "places": "三民區藥局", "visit_on": "2026-03-04", "with_prosecutors": "false"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "consumer_inspection")).scalar_one()
    work_step(officer, rt, cid, "joint_visit", {"visited_on": "2026-03-04", "team": "消保官 王○○"})
    first = work_step(officer, rt, cid, "record_shop", {
        "shop_name": "大順藥局", "shop_address": "三民區大順一路1號", "prices_seen": "口罩每盒300元",
        "conforming": "nonconforming", "violation": "price_gouging", "shop_action": "correction",
        "more_shops": "true"})
    assert 'value="大順藥局"' not in first
    second = work_step(officer, rt, cid, "record_shop", None)
    assert "大順藥局" not in second.split('id="task-h"')[1]   # not in the form; the timeline may name it
    assert "口罩每盒300元" not in second.split('id="task-h"')[1]
    assert not re.search(r'value="nonconforming"[^>]*checked|checked[^>]*value="nonconforming"', second)
