"""Refresh the README's screenshots from a running `make run` (demo data,
demo accounts), as each person would see their first screens in zh-TW.

usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
       (defaults: http://127.0.0.1:5000 and docs/)
Needs Debian's /usr/bin/chromium (the CI installs it) and Playwright.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = json.loads((ROOT / "bpmn/reference/demo_users.json").read_text())["password"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def signed_in(browser, base, username, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-TW")
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    return page


def shoot(page, out: Path, name: str, url: str | None = None, full=False):
    if url:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / name), full_page=full)
    print("wrote", out / name)


def officer(browser, base, out):
    page = signed_in(browser, base, "pwb.officer")
    shoot(page, out, "inbox.png")
    first = page.locator("table a[href*='/tasks/']").first
    if first.count():
        first.click()
        page.wait_for_load_state("networkidle")
        shoot(page, out, "task-page.png")
        case_link = page.locator("main a[href*='/cases/']:not([href*='/cases/new'])").first
        if case_link.count():
            shoot(page, out, "case-page.png", base + case_link.get_attribute("href"))


def people(browser, base, out):
    anon = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    shoot(anon, out, "public-home.png", f"{base}/")
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-TW")
    shoot(phone, out, "public-petition-phone.png", f"{base}/public/petition", full=True)
    chief = signed_in(browser, base, "pwb.supervisor")
    shoot(chief, out, "board.png", f"{base}/board/")
    analyst = signed_in(browser, base, "analyst")
    analyst.goto(f"{base}/models/petition/edit")
    analyst.wait_for_timeout(2500)   # bpmn-js draws after load
    shoot(analyst, out, "editor.png")
    admin = signed_in(browser, base, "admin")
    shoot(admin, out, "admin.png", f"{base}/admin/")


def department(browser, base, out):
    """This round's screens: the department's own services, district closures,
    resources, bulk moves, case migration, the report's prose and open data."""
    doa = signed_in(browser, base, "doa.officer")
    shoot(doa, out, "services-inbox.png", f"{base}/inbox?q=&view=queue")
    chief = signed_in(browser, base, "pwb.supervisor")
    shoot(chief, out, "bulk-team.png", f"{base}/inbox?view=team")
    admin = signed_in(browser, base, "admin")
    shoot(admin, out, "admin-calendar.png", f"{base}/admin/calendar", full=True)
    shoot(admin, out, "admin-resources.png", f"{base}/admin/resources")
    analyst = signed_in(browser, base, "analyst")
    shoot(analyst, out, "versions.png", f"{base}/models/petition/versions")
    boss = signed_in(browser, base, "doa.supervisor")
    shoot(boss, out, "report-prose.png", f"{base}/report/prose")
    anon = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    shoot(anon, out, "open-data.png", f"{base}/open-data/")


def main(base="http://127.0.0.1:5000", out=str(ROOT / "docs")):
    out_dir = Path(out)
    out_dir.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        officer(browser, base, out_dir)
        people(browser, base, out_dir)
        department(browser, base, out_dir)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
