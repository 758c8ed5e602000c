"""The department's supervisor coordinates cross-agency cases: from the team
view she chooses the Public Works Bureau by its name and reads who there holds
what (figures only, said so); an agency that cannot be chosen is refused beside
the choice. The bureau's own chief has no choice: his team only."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_department_reads_another_bureaus_team(pwb1_holds, login, live_server, shot, accessible):
    pwb1_holds(3)
    page = login("doaboss")
    page.get_by_role("link", name="整個機關").click()
    choice = page.locator("#workload-agency")   # labelled 機關 (axe checks the name)
    expect(choice).to_have_value("DOA")
    choice.select_option(label="工務局")
    page.get_by_role("button", name="顯示").click()
    expect(page.locator("#workload-elsewhere")).to_contain_text("這是工務局的工作量，供協調參考")
    row = page.locator('#workload-table tr[data-officer="pwb1"]')
    expect(row.locator("th")).to_contain_text("林雅婷")
    expect(row.locator('td[data-figure="held"]')).to_have_text("3")
    expect(row.locator('td[data-figure="held"] a')).to_have_count(0)   # a figure, not a list to move
    expect(page.locator("#bulk-form")).to_have_count(0)
    shot(page, "team-agency-department")
    accessible(page)

    page.goto(f"{live_server}/inbox?view=team&agency=PWX")
    expect(page.locator("#workload-agency-err")).to_have_text(
        "「PWX」不是您可查看工作量的機關，請從清單中選擇機關。")
    accessible(page)
    page.locator("#workload-agency").select_option(label="工務局")
    page.get_by_role("button", name="顯示").click()
    expect(page.locator("#workload-elsewhere")).to_be_visible()


def test_a_bureau_chief_sees_his_own_team_only(pwb1_holds, login, live_server):
    pwb1_holds(1)
    page = login("pwbboss")
    page.goto(f"{live_server}/inbox?view=team&agency=EPB")
    expect(page.locator("#workload")).to_contain_text("工務局 目前未完成的工作")
    expect(page.locator("#workload-agency")).to_have_count(0)
