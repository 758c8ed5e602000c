"""An analyst test-runs a draft by typing sample data into the start form's
fields and a step's, found by their zh-TW labels and the step's name: a date
that cannot be read is said beside it, the step sent back for rework gets
data for each round, and the path shows the run used what was typed."""
import pytest
from playwright.sync_api import expect
from sample_sheet_model import PERMIT   # tests/webapp, on the path by conftest.py

IDS = ("permit", "apply", "review", "notify", "visit_on", "urgent")   # the model's codes

pytestmark = pytest.mark.browser


def test_analyst_types_the_sample_data_and_the_run_uses_it(
        analyst_draft, login, live_server, shot, accessible):
    analyst_draft("permit", PERMIT)
    page = login("analyst")
    page.goto(f"{live_server}/models/permit/test-run")
    start = page.locator("#sample-start")
    expect(start.locator(":scope > legend")).to_have_text("開案資料")
    sheet = page.inner_text("#sample-start") + page.inner_text("#sample-tasks")
    assert "審查" in sheet and "通知申請人" in sheet and not [i for i in IDS if i in sheet], sheet
    start.get_by_label("申請人").fill("王小明")
    start.get_by_label("會勘日期").fill("115/13/45")
    start.get_by_label("急件").uncheck()
    page.click("#run")
    expect(page.locator("#run-error-input")).to_have_text("請修正標示的欄位。")
    date = start.get_by_label("會勘日期")
    expect(date).to_have_value("115/13/45")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-visit_on__0-err")).to_have_text("無法辨識此日期，請輸入正確的日期，例如 115/03/02。")
    expect(start.get_by_label("申請人")).to_have_value("王小明")
    expect(start.get_by_label("急件")).not_to_be_checked()
    accessible(page)
    shot(page, "testrun-sample-01-bad-date")

    date.fill("115/03/05")
    page.click("summary:has-text('審查')")
    page.click("button:has-text('加第 2 次')")
    review = page.locator("details.sample-task", has=page.locator("summary:has-text('審查')"))
    expect(review.locator("legend")).to_have_text(["第 1 次", "第 2 次"])
    review.get_by_label("是否核准").nth(0).uncheck()
    review.get_by_label("審查意見").nth(0).fill("請補附圖說")
    accessible(page)
    shot(page, "testrun-sample-02-rounds")

    page.click("#run")
    expect(page.locator("#run-status")).to_contain_text("案件已走到結束。")
    steps = page.locator("#steps tbody tr")
    names = [t.split(" 代碼")[0] for t in steps.locator("td:nth-child(2)").all_inner_texts()]
    assert names.count("審查") == 2 and "通知申請人" in names, names
    apply_row = steps.filter(has_text="申請 代碼")
    apply_row.locator("summary").click()
    data = apply_row.locator("dl.step-data").inner_text()
    assert "王小明" in data and "民國115年3月5日" in data and "急件\n否" in data, data
    review_rows = steps.filter(has_text="審查 代碼")
    review_rows.nth(0).locator("summary").click()
    assert "請補附圖說" in review_rows.nth(0).locator("dl.step-data").inner_text()
    accessible(page)
    shot(page, "testrun-sample-03-run")
    page.close()
