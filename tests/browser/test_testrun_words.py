"""An analyst who writes no JSON test-runs a draft: who the case is from
(陳情人: 姓名, 電話, 電子郵件) and the days to wait before a step
(等待日數) are fields in words, and the path says what each step submitted
as labelled words: 民國115年3月5日, 是/否, choices by their labels, never
JSON with Western dates."""
import pytest
from playwright.sync_api import expect
from sample_sheet_model import PERMIT   # tests/webapp, on the path by conftest.py

pytestmark = pytest.mark.browser


@pytest.fixture
def run_page(analyst_draft, login, live_server):
    """The analyst on the test-run page of a draft of the permit model."""
    analyst_draft("permit", PERMIT)
    page = login("analyst")
    page.goto(f"{live_server}/models/permit/test-run")
    yield page
    page.close()


def test_the_analyst_gives_the_petitioner_and_days_to_wait_and_reads_the_path_in_words(
        run_page, shot, accessible):
    page = run_page
    person = page.locator("#sample-petitioner")
    expect(person.locator("legend")).to_have_text("陳情人")
    expect(person.get_by_label("姓名", exact=True)).to_have_value("測試陳情人")
    person.get_by_label("姓名", exact=True).fill("王小明")
    person.get_by_label("電話", exact=True).fill("0911-222-333")
    person.get_by_label("電子郵件", exact=True).fill("")
    start = page.locator("#sample-start")
    start.get_by_label("申請人").fill("王小明")
    start.get_by_label("會勘日期").fill("115/03/05")
    start.get_by_label("急件").uncheck()
    start.get_by_label("申請類別").select_option(label="路燈")
    page.click("summary:has-text('審查')")
    review = page.locator("details.sample-task", has=page.locator("summary:has-text('審查')"))
    wait = review.get_by_label("等待日數（完成此步驟前）")
    expect(wait).to_be_visible()
    wait.fill("3")
    sheet = page.inner_text("#sample-start") + page.inner_text("#sample-tasks")
    assert "_petitioner" not in sheet and "_wait_days" not in sheet and "{" not in sheet, sheet
    accessible(page)
    shot(page, "testrun-words-01-sheet")

    page.click("#run")
    expect(page.locator("#run-status")).to_contain_text("案件已走到結束。")
    steps = page.locator("#steps tbody tr")
    apply_row = steps.filter(has_text="申請 代碼")
    apply_row.locator("summary").click()
    data = apply_row.locator("dl.step-data")
    expect(data.locator("dt")).to_have_text(["申請人", "申請金額", "會勘日期", "急件", "申請類別"])
    expect(data.locator("dd")).to_have_text(["王小明", "1", "民國115年3月5日", "否", "路燈"])
    review_row = steps.filter(has_text="審查 代碼")
    expect(review_row).to_contain_text("民國115年3月5日")   # done three days after the day received
    review_row.locator("summary").click()
    expect(review_row.locator("dl.step-data")).to_contain_text("是否核准是")
    table = page.inner_text("#steps")
    assert "2026-" not in table and "true" not in table and "{" not in table, table
    accessible(page)
    shot(page, "testrun-words-02-path")
